//! Stage 4, site. Input: the pages, their `Rendered` bodies and the config.
//! Output: a `Site` — every page at its URL, ordered within its module with
//! previous/next, the module listings and the tag index.
//! `routes` decides URLs before rendering, since links need them.

mod routes;
pub mod updated;

use std::collections::BTreeMap;

use std::sync::Arc;

use crate::config::Config;
use crate::content::{FrontMatter, Kind, Page};
use crate::render::{Rendered, slug};

pub use routes::{Routes, normalize, relative, root_of};

/// A page with its body, placed in the site.
pub struct SitePage {
    pub page: Arc<Page>,
    pub rendered: Arc<Rendered>,
    /// A hash of `rendered`, kept by the build driver with its render, so
    /// the theme can fingerprint a page without hashing its HTML again.
    pub digest: u64,
    /// Output folder, e.g. `debug/read-only-logs/`.
    pub url: String,
    pub prev: Option<usize>,
    pub next: Option<usize>,
    /// The page's tags, as indices into `Site::tags`.
    pub tags: Vec<usize>,
    /// Date of the last commit that touched the page's file (`YYYY-MM-DD`).
    pub updated: Option<String>,
}

/// A tag and the pages that carry it (indices into `Site::pages`).
pub struct Tag {
    pub name: String,
    pub url: String,
    pub pages: Vec<usize>,
}

pub struct Site {
    /// In reading order: modules in book.toml order, then top-level guides.
    pub pages: Vec<SitePage>,
    /// For each module of the config, its pages' indices in reading order.
    pub modules: Vec<Vec<usize>>,
    /// Top-level guides (no module).
    pub guides: Vec<usize>,
    pub tags: Vec<Tag>,
}

/// A page and its render, as the build driver hands them to `assemble`.
pub struct Placed {
    pub page: Arc<Page>,
    pub rendered: Arc<Rendered>,
    pub digest: u64,
}

pub fn assemble(config: &Config, routes: &Routes, pages: Vec<Placed>) -> Site {
    let mut dates = updated::load(&config.content_dir);
    let mut pages: Vec<SitePage> = pages
        .into_iter()
        .map(|p| SitePage {
            url: routes.url(&p.page.source.rel).to_string(),
            updated: dates.remove(&p.page.source.rel),
            page: p.page,
            rendered: p.rendered,
            digest: p.digest,
            prev: None,
            next: None,
            tags: Vec::new(),
        })
        .collect();
    let module_rank = |p: &SitePage| {
        p.page
            .module
            .as_deref()
            .and_then(|m| config.modules.iter().position(|c| c.id == m))
            .unwrap_or(usize::MAX)
    };
    pages.sort_by(|a, b| {
        (module_rank(a), order_key(&a.page.fm, &a.url))
            .cmp(&(module_rank(b), order_key(&b.page.fm, &b.url)))
    });
    let mut modules = vec![Vec::new(); config.modules.len()];
    let mut guides = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        match config
            .modules
            .iter()
            .position(|m| Some(m.id.as_str()) == p.page.module.as_deref())
        {
            Some(m) => modules[m].push(i),
            None => guides.push(i),
        }
    }
    for list in modules.iter().chain([&guides]) {
        for (k, &i) in list.iter().enumerate() {
            pages[i].prev = k.checked_sub(1).map(|k| list[k]);
            pages[i].next = list.get(k + 1).copied();
        }
    }
    let tags = tags(&mut pages);
    Site {
        pages,
        modules,
        guides,
        tags,
    }
}

/// Where a page sorts within its module (or among the guides): by `order`,
/// then title, then URL. Serve uses it to tell whether an edit moved a page.
pub fn order_key<'a>(fm: &'a FrontMatter, url: &'a str) -> (i64, &'a str, &'a str) {
    (fm.order.unwrap_or(i64::MAX), &fm.title, url)
}

/// Tags grouped by their URL slug (so `EBS` and `ebs` are one tag), sorted;
/// each page learns the indices of its tags.
fn tags(pages: &mut [SitePage]) -> Vec<Tag> {
    let mut by_slug: BTreeMap<String, Tag> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        for name in &p.page.fm.tags {
            let s = slug(name);
            let tag = by_slug.entry(s.clone()).or_insert_with(|| Tag {
                name: name.clone(),
                url: format!("tags/{s}/"),
                pages: Vec::new(),
            });
            if !tag.pages.contains(&i) {
                tag.pages.push(i);
            }
        }
    }
    let mut tags: Vec<Tag> = by_slug.into_values().collect();
    tags.sort_by_key(|a| a.name.to_lowercase());
    for (t, tag) in tags.iter().enumerate() {
        for &i in &tag.pages {
            pages[i].tags.push(t);
        }
    }
    tags
}

impl Site {
    /// Counts of drills, templates and guides among `indices`.
    pub fn counts(&self, indices: &[usize]) -> [usize; 3] {
        let mut counts = [0; 3];
        for &i in indices {
            counts[match self.pages[i].page.fm.kind {
                Kind::Drill => 0,
                Kind::Template => 1,
                Kind::Guide => 2,
            }] += 1;
        }
        counts
    }
}
