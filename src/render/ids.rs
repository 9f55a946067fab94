//! Element ids unique on a page: headings, template cards, and the ids the
//! page already holds (directive wrappers, footnotes, the theme's own). Input:
//! wanted ids in page order. Output: the id each one gets. Taken ids live in a
//! hash set and each base remembers its next suffix, so 50,000 headings of
//! the same title cost 50,000 steps, not 50,000².

use std::collections::{HashMap, HashSet};

/// Ids the theme's page layout uses around the body.
pub const THEME_IDS: &[&str] = &[
    "main",
    "db-search-input",
    "db-search-results",
    "db-search-hint",
    "ui-lang-label",
];

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
        if self.taken.insert(wanted.to_string()) {
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
    }
}
