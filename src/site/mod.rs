//! Stage 4, site. Input: the pages, their `Rendered` bodies and the config.
//! Output: a `Site` — every page at its URL, ordered within its module with
//! previous/next, the module listings, the tag index and the search docs.
//! `routes` decides URLs before rendering, since links need them.

mod routes;
pub mod updated;

use std::collections::BTreeMap;

use crate::config::Config;
use crate::content::{FrontMatter, Kind, Page};
use crate::render::{Rendered, slug};
use crate::search::SearchDoc;

pub use routes::{Routes, normalize, relative, root_of};

/// A page with its body, placed in the site.
pub struct SitePage {
    pub page: Page,
    pub rendered: Rendered,
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

pub fn assemble(config: &Config, routes: &Routes, pages: Vec<(Page, Rendered)>) -> Site {
    let mut dates = updated::load(&config.content_dir);
    let mut pages: Vec<SitePage> = pages
        .into_iter()
        .map(|(page, rendered)| SitePage {
            url: routes.url(&page.source.rel).to_string(),
            updated: dates.remove(&page.source.rel),
            page,
            rendered,
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

    /// What the search stage indexes: every page built.
    ///
    /// Moves each page's search text out of the site (the theme does not
    /// need it; copying it would double the text held at 10,000 pages).
    pub fn take_search_docs(&mut self, config: &Config) -> Vec<SearchDoc> {
        (0..self.pages.len())
            .map(|i| self.take_search_doc(config, i))
            .collect()
    }

    /// Page `i`'s search doc, its text moved out as in `take_search_docs`
    /// (serve re-indexes one edited page at a time).
    pub fn take_search_doc(&mut self, config: &Config, i: usize) -> SearchDoc {
        let p = &mut self.pages[i];
        let module = p.page.module.as_deref().and_then(|m| config.module(m));
        let text = std::mem::take(&mut p.rendered.text);
        SearchDoc {
            url: format!("{}index.html", relative("", &p.url)),
            title: p.page.fm.title.clone(),
            title_zh: p.page.fm.title_zh.clone(),
            module: module.map(|m| m.id.clone()).unwrap_or_default(),
            module_title: module.map(|m| m.title.clone()).unwrap_or_default(),
            module_title_zh: module.map(|m| m.title_zh.clone()).unwrap_or_default(),
            kind: p.page.fm.kind.as_str().to_string(),
            tags: p.page.fm.tags.clone(),
            headings: text.headings,
            body: text.body,
            zh: text.zh,
            templates: text.templates,
        }
    }
}
