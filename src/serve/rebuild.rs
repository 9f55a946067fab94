//! Serve's incremental build. Input: a `Change`. Output: a new `BuiltSite`
//! in memory (never on disk), or the build's diagnostics. Steps: reload the
//! config or theme if the change asks; rescan `content/`, re-parse only files
//! whose bytes changed; re-render only pages whose text or resolved links
//! changed; then re-run routes, assemble, search and the theme (all cheap)
//! and keep the previous bytes of every file that came out the same.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::content::{self, Content, Found, Page};
use crate::diagnostic::{self, Diagnostic};
use crate::render::{self, Highlighter, Links, Rendered};
use crate::site::{self, Routes};
use crate::theme::{self, OutFile, Theme};
use crate::{Failure, search};

use super::state::BuiltSite;
use super::watch::{Change, Layout};

type Resolved = Result<Option<String>, String>;

struct Parsed {
    hash: u64,
    page: Result<Page, Diagnostic>,
}

/// A page's render, valid while its text and every link it resolved agree.
struct RenderCache {
    hash: u64,
    links: Vec<(String, Resolved)>,
    result: Result<Rendered, Vec<Diagnostic>>,
}

/// What one rebuild did, for its summary line.
#[derive(Debug, Default)]
pub struct Outcome {
    pub parsed: usize,
    pub rendered: usize,
    /// Page HTML files whose bytes changed (or appeared).
    pub pages_changed: usize,
    /// Other HTML files (home, module and tag pages, 404) that changed.
    pub listings_changed: usize,
    /// Any other file (search shards, assets, statics) that changed.
    pub others_changed: usize,
    pub removed: usize,
    pub warnings: Vec<Diagnostic>,
}

pub struct Builder {
    root: PathBuf,
    drafts: bool,
    config: Option<Config>,
    theme: Option<Theme>,
    highlighter: Highlighter,
    parsed: HashMap<String, Parsed>,
    rendered: HashMap<String, RenderCache>,
    last: Arc<BuiltSite>,
}

impl Builder {
    pub fn new(root: PathBuf, drafts: bool) -> Self {
        Builder {
            root,
            drafts,
            config: None,
            theme: None,
            highlighter: Highlighter::default(),
            parsed: HashMap::new(),
            rendered: HashMap::new(),
            last: Arc::new(BuiltSite::default()),
        }
    }

    /// Where content and output are, for the watcher (defaults until the
    /// config has loaded once).
    pub fn layout(&self) -> Layout {
        let rel = |p: &std::path::Path, default: &str| {
            p.strip_prefix(&self.root)
                .map_or_else(|_| PathBuf::from(default), PathBuf::from)
        };
        match &self.config {
            Some(c) => Layout {
                content: rel(&c.content_dir, "content"),
                output: rel(&c.output_dir, "public"),
            },
            None => Layout {
                content: "content".into(),
                output: "public".into(),
            },
        }
    }

    /// Rebuilds after `change`; on success returns the new site to publish.
    pub fn rebuild(&mut self, change: Change) -> Result<(Arc<BuiltSite>, Outcome), Failure> {
        if change == Change::Config || self.config.is_none() {
            self.config = None;
            self.theme = None;
            self.parsed.clear();
            self.rendered.clear();
            self.config = Some(config::load(&self.root)?);
        }
        let config = self.config.clone().expect("loaded just above");
        if change >= Change::Theme || self.theme.is_none() {
            self.theme = None;
            self.theme = Some(theme::load(&config)?);
        }
        let mut outcome = Outcome::default();
        let found = content::discover(&config)?;
        let mut content = self.parse(&config, found, &mut outcome);
        outcome.warnings = std::mem::take(&mut content.warnings);
        let mut errors = std::mem::take(&mut content.errors);
        let routes = Routes::new(&config, &content);
        let pages = match &routes {
            Ok(routes) => self.render(content.pages, routes, &mut outcome, &mut errors),
            Err(e) => {
                errors.extend(e.iter().cloned());
                Vec::new()
            }
        };
        if !errors.is_empty() {
            diagnostic::sort(&mut errors);
            return Err(Failure {
                errors,
                warnings: outcome.warnings,
            });
        }
        let routes = routes.expect("errors checked above");
        let mut site = site::assemble(&config, &routes, pages);
        let files = self.output(&config, &mut site, &content.assets)?;
        let built = self.diff(files, &site, &mut outcome);
        diagnostic::sort(&mut outcome.warnings);
        Ok((built, outcome))
    }

    /// Reads every page, parsing only those whose bytes changed.
    fn parse(&mut self, config: &Config, found: Found, outcome: &mut Outcome) -> Content {
        let keep: HashSet<&String> = found.pages.iter().collect();
        self.parsed.retain(|rel, _| keep.contains(rel));
        self.rendered.retain(|rel, _| keep.contains(rel));
        let mut content = Content {
            assets: found.assets,
            warnings: found.warnings,
            ..Content::default()
        };
        for rel in found.pages {
            // A file gone between the scan and the read was deleted mid-save;
            // the event that follows rebuilds without it.
            let Ok(bytes) = std::fs::read(content::join_rel(&config.content_dir, &rel)) else {
                continue;
            };
            let hash = hash_of(&bytes);
            if self.parsed.get(&rel).is_none_or(|p| p.hash != hash) {
                outcome.parsed += 1;
                let page = content::parse_page(config, &rel, &bytes);
                self.parsed.insert(rel.clone(), Parsed { hash, page });
            }
            match &self.parsed[&rel].page {
                Ok(page) if page.fm.draft && !self.drafts => content.drafts.push(rel),
                Ok(page) => content.pages.push(page.clone()),
                Err(e) => {
                    content.errors.push(e.clone());
                    content.failed.push(rel);
                }
            }
        }
        content
    }

    /// Renders the pages whose cache is stale, in parallel.
    fn render(
        &mut self,
        pages: Vec<Page>,
        routes: &Routes,
        outcome: &mut Outcome,
        errors: &mut Vec<Diagnostic>,
    ) -> Vec<(Page, Rendered)> {
        let stale: Vec<&Page> = pages.iter().filter(|p| !self.fresh(p, routes)).collect();
        outcome.rendered = stale.len();
        let highlighter = &self.highlighter;
        let fresh: Vec<(String, RenderCache)> = stale
            .par_iter()
            .map(|page| {
                let links = Recording::new(routes);
                let result = render::render_page(page, &links, highlighter);
                let cache = RenderCache {
                    hash: hash_of(page.source.text.as_bytes()),
                    links: links.into_seen(),
                    result,
                };
                (page.source.rel.clone(), cache)
            })
            .collect();
        self.rendered.extend(fresh);
        let mut out = Vec::with_capacity(pages.len());
        for page in pages {
            match &self.rendered[&page.source.rel].result {
                Ok(r) => {
                    outcome.warnings.extend(r.warnings.iter().cloned());
                    out.push((page, r.clone()));
                }
                Err(e) => errors.extend(e.iter().cloned()),
            }
        }
        out
    }

    fn fresh(&self, page: &Page, routes: &Routes) -> bool {
        let Some(cache) = self.rendered.get(&page.source.rel) else {
            return false;
        };
        cache.hash == hash_of(page.source.text.as_bytes())
            && cache
                .links
                .iter()
                .all(|(target, was)| routes.resolve(&page.source.rel, target) == *was)
    }

    /// Every file of the site, in memory.
    fn output(
        &self,
        config: &Config,
        site: &mut site::Site,
        assets: &[String],
    ) -> Result<HashMap<String, Vec<u8>>, Failure> {
        let theme = self.theme.as_ref().expect("loaded by rebuild");
        let files = Mutex::new(HashMap::new());
        let view = theme::Options {
            drafts: self.drafts,
            live_reload: true,
        };
        theme::render_site(config, site, theme, &view, &|f: OutFile| {
            files
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(f.path, f.bytes);
            Ok(())
        })?;
        let mut files = files.into_inner().unwrap_or_else(PoisonError::into_inner);
        for f in &theme.statics {
            files.insert(format!("static/{}", f.path), f.bytes.clone());
        }
        files.insert(
            "static/highlight.css".into(),
            render::highlight_css().into_bytes(),
        );
        if config.search {
            for f in search::build_index(&site.take_search_docs(config)).files {
                files.insert(f.path, f.bytes);
            }
        }
        super::files::add_disk_files(config, assets, &mut files);
        Ok(files)
    }

    /// Keeps the previous bytes of unchanged files and counts what changed.
    fn diff(
        &mut self,
        files: HashMap<String, Vec<u8>>,
        site: &site::Site,
        outcome: &mut Outcome,
    ) -> Arc<BuiltSite> {
        let page_files: HashSet<String> = site
            .pages
            .iter()
            .map(|p| format!("{}index.html", p.url))
            .collect();
        let old = &self.last.files;
        outcome.removed = old.keys().filter(|k| !files.contains_key(*k)).count();
        let mut next = HashMap::with_capacity(files.len());
        for (path, bytes) in files {
            match old.get(&path) {
                Some(prev) if prev[..] == bytes[..] => {
                    next.insert(path, prev.clone());
                }
                _ => {
                    if page_files.contains(&path) {
                        outcome.pages_changed += 1;
                    } else if path.ends_with(".html") {
                        outcome.listings_changed += 1;
                    } else {
                        outcome.others_changed += 1;
                    }
                    next.insert(path, Arc::from(bytes));
                }
            }
        }
        self.last = Arc::new(BuiltSite { files: next });
        self.last.clone()
    }
}

fn hash_of(bytes: &[u8]) -> u64 {
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
}
