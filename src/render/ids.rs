//! Element ids unique on a page: headings, template cards, and the ids the
//! page already holds (directive wrappers, footnotes, the theme's own). Input:
//! wanted ids in page order. Output: the id each one gets. Taken ids live in a
//! hash set and each base remembers its next suffix, so 50,000 headings of
//! the same title cost 50,000 steps, not 50,000².

use std::collections::{HashMap, HashSet};

/// Ids the theme's page layout (templates and scripts) uses around the
/// body; a test below reads the built-in theme and fails on one missing.
pub const THEME_IDS: &[&str] = &[
    "main",
    "book-nav",
    "page-sources",
    "page-toc-title",
    "db-search-input",
    "db-search-results",
    "db-search-hint",
    "ui-lang-label",
    "grade-title",
    "grade-hint",
    "grade-suggest",
    "shortcuts-title",
    "reset-confirm-text",
];

/// Numbered ids the theme's scripts make (`answer-body-1`, `db-sr-0`): a
/// heading slug of that shape steps aside too.
pub const THEME_ID_PREFIXES: &[&str] = &["answer-body-", "db-sr-"];

/// Whether `id` is one the theme's scripts may number.
fn numbered_by_theme(id: &str) -> bool {
    THEME_ID_PREFIXES.iter().any(|p| {
        id.strip_prefix(p)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    })
}

#[derive(Debug, Default)]
pub struct Ids {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Ids {
    pub fn new<S: AsRef<str>>(reserved: impl IntoIterator<Item = S>) -> Self {
        let mut ids = Ids::default();
        for id in THEME_IDS {
            ids.taken.insert((*id).to_string());
        }
        for id in reserved {
            ids.taken.insert(id.as_ref().to_string());
        }
        ids
    }

    /// `wanted` if free, else `wanted-1`, `wanted-2`, … (the first free one).
    pub fn unique(&mut self, wanted: &str) -> String {
        if !numbered_by_theme(wanted) && self.taken.insert(wanted.to_string()) {
            return wanted.to_string();
        }
        let next = self.next.entry(wanted.to_string()).or_insert(1);
        loop {
            let candidate = format!("{wanted}-{next}");
            *next += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }

    pub fn contains(&self, id: &str) -> bool {
        self.taken.contains(id)
    }

    pub fn into_vec(self) -> Vec<String> {
        self.taken.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_step_aside_in_order() {
        let mut ids = Ids::new(["answer-1"]);
        assert_eq!(ids.unique("a"), "a");
        assert_eq!(ids.unique("a"), "a-1");
        assert_eq!(ids.unique("a-1"), "a-1-1");
        assert_eq!(ids.unique("a"), "a-2");
        assert_eq!(ids.unique("answer"), "answer");
        assert_eq!(ids.unique("answer-1"), "answer-1-1");
        assert_eq!(ids.unique("main"), "main-1");
        assert_eq!(ids.unique("grade-title"), "grade-title-1");
        assert_eq!(ids.unique("answer-body-2"), "answer-body-2-1");
        assert_eq!(ids.unique("db-sr-0"), "db-sr-0-1");
        assert_eq!(ids.unique("answer-body"), "answer-body");
    }

    /// Every id the built-in theme puts on a page (a literal `id="…"` in the
    /// page templates, an `id: '…'` or `.id = '…'` in its scripts) is
    /// reserved, so no heading can take it.
    #[test]
    fn every_theme_id_is_reserved() {
        let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut sources = Vec::new();
        for dir in ["templates", "templates/partials", "static"] {
            for entry in std::fs::read_dir(theme.join(dir)).expect("the built-in theme") {
                let path = entry.expect("a theme file").path();
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                let page_level = ["base.html", "page.html"].contains(&name)
                    || dir.ends_with("partials")
                    || name.ends_with(".js");
                if path.is_file() && page_level {
                    sources.push(std::fs::read_to_string(&path).expect("utf-8"));
                }
            }
        }
        let mut seen = 0;
        for text in &sources {
            for opener in ["id=\"", "id: '", ".id = '"] {
                for (at, _) in text.match_indices(opener) {
                    // `id=` inside a longer attribute (`data-id=`) is not one.
                    let before = text[..at].chars().next_back().unwrap_or(' ');
                    if before.is_ascii_alphanumeric() || before == '-' || before == '_' {
                        continue;
                    }
                    let rest = &text[at + opener.len()..];
                    let end = rest.find(['"', '\'', '{']).unwrap_or(rest.len());
                    let (id, next) = (&rest[..end], rest[end..].chars().next());
                    if id.is_empty() || next == Some('{') {
                        continue;
                    }
                    let numbered = rest[end + 1..].trim_start().starts_with('+');
                    seen += 1;
                    if numbered {
                        assert!(
                            THEME_ID_PREFIXES.contains(&id),
                            "`{id}` + n is not in THEME_ID_PREFIXES"
                        );
                    } else {
                        assert!(THEME_IDS.contains(&id), "`{id}` is not in THEME_IDS");
                    }
                }
            }
        }
        assert!(seen >= 10, "found only {seen} theme ids");
    }
}
