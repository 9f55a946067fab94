//! Routes: where every page and asset lands, and how one page links another.
//! Input: the parsed pages and assets. Output: `Routes`, which implements the
//! render stage's `Links`. Pages are written as `<dir>/index.html` and linked
//! to that file (not the folder) so links open pages from `file://` too.

use std::collections::{HashMap, HashSet};

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

use crate::config::Config;
use crate::content::Page;
use crate::diagnostic::{Diagnostic, Span};
use crate::render::Links;

/// Characters encoded in hrefs: the URL specials, space and all non-ASCII.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\'');

#[derive(Debug, Default)]
pub struct Routes {
    /// Source path (`debug/x.md`) → output folder (`debug/x/`).
    pages: HashMap<String, String>,
    assets: HashSet<String>,
    /// Pages left out of this build because they are drafts.
    drafts: HashSet<String>,
}

impl Routes {
    /// Pages that failed to parse get a URL from their file name, so links
    /// to them are not reported as broken on top of their own error.
    pub fn new(
        config: &Config,
        content: &crate::content::Content,
    ) -> Result<Self, Vec<Diagnostic>> {
        let mut owners: HashMap<String, String> = HashMap::new();
        owners.insert("tags/".into(), "the tag index".into());
        owners.insert("static/".into(), "the theme's static files".into());
        owners.insert("search/".into(), "the search index".into());
        for m in &config.modules {
            owners.insert(format!("{}/", m.id), format!("the `{}` module page", m.id));
        }
        let mut routes = Routes {
            assets: content.assets.iter().cloned().collect(),
            drafts: content.drafts.iter().cloned().collect(),
            pages: content
                .failed
                .iter()
                .map(|rel| (rel.clone(), format!("{}/", crate::source::page_stem(rel))))
                .collect(),
        };
        let mut errors = Vec::new();
        for page in &content.pages {
            let url = url_of(page);
            if let Some(owner) = owners.get(&url) {
                errors.push(
                    Diagnostic::error(
                        format!("two pages would be written to `{url}`"),
                        Span::file(&page.source.shown),
                    )
                    .with_label(format!("`{url}` is already taken by {owner}"))
                    .with_help("rename the file or set a different `slug:` in its front matter"),
                );
                continue;
            }
            owners.insert(url.clone(), format!("`{}`", page.source.shown));
            routes.pages.insert(page.source.rel.clone(), url);
        }
        if errors.is_empty() {
            Ok(routes)
        } else {
            Err(errors)
        }
    }

    /// The output folder of a page, e.g. `debug/read-only-logs/`.
    pub fn url(&self, rel: &str) -> &str {
        self.pages.get(rel).map_or("", String::as_str)
    }
}

/// `<folders>/<slug>/` for a page: the slug is its `slug:` or its file stem.
fn url_of(page: &Page) -> String {
    let rel = &page.source.rel;
    let (dir, file) = rel
        .rsplit_once('/')
        .map_or(("", rel.as_str()), |(d, f)| (d, f));
    let stem = crate::source::page_stem(file);
    let slug = page.fm.slug.as_deref().unwrap_or(stem);
    if dir.is_empty() {
        format!("{slug}/")
    } else {
        format!("{dir}/{slug}/")
    }
}

impl Links for Routes {
    fn resolve(&self, from_rel: &str, target: &str) -> Result<Option<String>, String> {
        if is_external(target) {
            return Ok(None);
        }
        let (path, fragment) = match target.find(['#', '?']) {
            Some(at) => target.split_at(at),
            None => (target, ""),
        };
        let decoded = percent_decode_str(path).decode_utf8_lossy();
        let from_dir = crate::source::rel_dir(from_rel);
        let resolved =
            normalize(from_dir, &decoded).ok_or("it points outside the content folder")?;
        let from_url = self.url(from_rel);
        if crate::source::is_page(&resolved) {
            if let Some(url) = self.pages.get(&resolved) {
                return Ok(Some(format!(
                    "{}index.html{fragment}",
                    relative(from_url, url)
                )));
            }
            if self.drafts.contains(&resolved) {
                return Err(format!(
                    "`{resolved}` is a draft, left out of this build (build with `--drafts` to include it)"
                ));
            }
            return Err(format!("no page `{resolved}` in the content folder"));
        }
        if self.assets.contains(&resolved) {
            return Ok(Some(format!("{}{fragment}", relative(from_url, &resolved))));
        }
        Err(format!("no file `{resolved}` in the content folder"))
    }
}

fn is_external(target: &str) -> bool {
    target.is_empty()
        || target.starts_with('#')
        || target.starts_with('/')
        || target
            .split_once(':')
            .is_some_and(|(scheme, _)| !scheme.contains('/') && !scheme.is_empty())
}

/// Joins `target` onto `dir` and folds `.` and `..`; `None` if it climbs out.
fn normalize(dir: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// The href from output folder `from` (`a/b/`) to path `to` (`a/c/` or a
/// file), percent-encoded segment by segment.
pub fn relative(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').filter(|p| !p.is_empty()).collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from.len() - common);
    let rest: Vec<String> = to_parts[common..]
        .iter()
        .map(|p| utf8_percent_encode(p, SEGMENT).to_string())
        .collect();
    out.push_str(&rest.join("/"));
    if to.ends_with('/') && !rest.is_empty() {
        out.push('/');
    }
    out
}

/// The path from an output folder up to the site root (`../../`, or ``).
pub fn root_of(url: &str) -> String {
    "../".repeat(url.split('/').filter(|p| !p.is_empty()).count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_hrefs() {
        let cases = [
            ("debug/x/", "debug/y/", "../y/"),
            ("debug/x/", "code-review/z/", "../../code-review/z/"),
            ("", "debug/x/", "debug/x/"),
            ("debug/x/", "debug/diagram.png", "../diagram.png"),
            (
                "debug/x/",
                "debug/只读 日志/",
                "../%E5%8F%AA%E8%AF%BB%20%E6%97%A5%E5%BF%97/",
            ),
            ("debug/x/", "debug/x/", ""),
        ];
        for (from, to, want) in cases {
            assert_eq!(relative(from, to), want, "{from} → {to}");
        }
        assert_eq!(root_of("debug/x/"), "../../");
        assert_eq!(root_of(""), "");
    }

    #[test]
    fn normalizes_and_refuses_escapes() {
        assert_eq!(
            normalize("debug", "../code-review/a.md").as_deref(),
            Some("code-review/a.md")
        );
        assert_eq!(normalize("debug", "./a.md").as_deref(), Some("debug/a.md"));
        assert_eq!(normalize("debug", "../../a.md"), None);
        assert!(
            is_external("https://x.dev/a.md") && is_external("#top") && is_external("mailto:a@b")
        );
        assert!(!is_external("a.md") && !is_external("../x/a:b.md"));
    }
}
