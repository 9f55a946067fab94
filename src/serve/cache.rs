//! Serve's caches of the pipeline's per-page work: each page's parse, by
//! the hash of its bytes, and its render, with every link it resolved so a
//! later build can tell whether the page would render the same.

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::{Mutex, PoisonError};

use crate::content::Page;
use crate::diagnostic::Diagnostic;
use crate::render::{self, Highlighter, Links, Rendered};
use crate::site::Routes;

type Resolved = Result<Option<String>, String>;

pub(super) struct Parsed {
    pub hash: u64,
    pub page: Result<Page, Vec<Diagnostic>>,
}

/// A page's render, valid while its text and every link it resolved agree.
pub(super) struct RenderCache {
    pub hash: u64,
    pub links: Vec<(String, Resolved)>,
    pub result: Result<Rendered, Vec<Diagnostic>>,
}

/// Whether `page`'s cached render still holds: same text, same links.
pub(super) fn fresh(cache: &HashMap<String, RenderCache>, page: &Page, routes: &Routes) -> bool {
    let Some(cache) = cache.get(&page.source.rel) else {
        return false;
    };
    cache.hash == hash_of(page.source.text.as_bytes())
        && cache
            .links
            .iter()
            .all(|(target, was)| routes.resolve(&page.source.rel, target) == *was)
}

/// Renders `page`'s body, remembering every link it resolved.
pub(super) fn render_one(page: &Page, routes: &Routes, highlighter: &Highlighter) -> RenderCache {
    let links = Recording::new(routes);
    let result = render::render_page(page, &links, highlighter);
    RenderCache {
        hash: hash_of(page.source.text.as_bytes()),
        links: links.into_seen(),
        result,
    }
}

pub(super) fn hash_of(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// Routes that remember every link a page resolved, so a later build can
/// tell whether the page would render the same.
struct Recording<'a> {
    routes: &'a Routes,
    seen: Mutex<Vec<(String, Resolved)>>,
}

impl<'a> Recording<'a> {
    fn new(routes: &'a Routes) -> Self {
        Recording {
            routes,
            seen: Mutex::new(Vec::new()),
        }
    }

    fn into_seen(self) -> Vec<(String, Resolved)> {
        self.seen
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl Links for Recording<'_> {
    fn resolve(&self, from_rel: &str, target: &str) -> Resolved {
        let result = self.routes.resolve(from_rel, target);
        self.seen
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((target.to_string(), result.clone()));
        result
    }

    fn raw_html(&self) -> crate::render::RawHtml {
        self.routes.raw_html()
    }

    fn target_page(&self, from_rel: &str, path: &str) -> Option<String> {
        self.routes.target_page(from_rel, path)
    }
}
