//! Serve's incremental build. Input: a `Change` and the paths it names.
//! Output: the site's files in memory (never on disk), or the build's
//! diagnostics. Edits to known pages take the quick path (`quick`). All else
//! takes the full one here: reload the config or theme if the change asks;
//! rescan `content/`, re-parse only files whose bytes changed; re-render only
//! pages whose text or resolved links changed; then re-run routes, assemble
//! and the theme, and keep the previous bytes of every file that came out the
//! same. The search index is built apart (`indexer`) from `search_job`.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;

use crate::Failure;
use crate::config::{self, Config};
use crate::content::{self, Content, Found, Page};
use crate::diagnostic::{self, Diagnostic};
use crate::output::OutFile;
use crate::render::{Highlighter, Rendered};
use crate::search::SearchDoc;
use crate::site::{self, Routes, Site};
use crate::theme::{self, Theme};

use super::cache::{Parsed, RenderCache, fresh, hash_of, render_one};
use super::indexer::Job;
use super::state::Files;
use super::watch::{Change, Layout};

/// Every file of a build, before the diff shares unchanged bytes.
type Output = HashMap<String, Vec<u8>>;

/// What the last good full build leaves for the quick path.
pub(super) struct Last {
    pub routes: Routes,
    pub site: Site,
    /// Each page's search doc, by source path.
    pub docs: HashMap<String, Arc<SearchDoc>>,
    /// Warnings of the content scan.
    pub scan_warnings: Vec<Diagnostic>,
    /// Render warnings of the pages that have any, by source path.
    pub warned: BTreeMap<String, Vec<Diagnostic>>,
    /// Paths of the listing files (home, modules, tags, 404).
    pub listings: HashSet<String>,
    /// Pages saved since the site was last published: re-parsed, but held
    /// back while one of them fails, so a fix publishes them all.
    pub dirty: BTreeSet<String>,
    /// The docs have not changed since the indexer was last given them.
    pub indexed: bool,
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
    pub(super) drafts: bool,
    pub(super) config: Option<Config>,
    pub(super) theme: Option<Theme>,
    pub(super) highlighter: Highlighter,
    pub(super) parsed: HashMap<String, Parsed>,
    pub(super) rendered: HashMap<String, RenderCache>,
    /// The last published files, which every diff starts from.
    pub(super) files: Arc<Files>,
    /// `None` before the first good build and after a failed full one.
    pub(super) last: Option<Last>,
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
            files: Arc::default(),
            last: None,
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

    /// Rebuilds after `change` to `paths` (relative to the root); on success
    /// returns the new files to publish.
    pub fn rebuild(
        &mut self,
        change: Change,
        paths: &[PathBuf],
    ) -> Result<(Arc<Files>, Outcome), Failure> {
        if change == Change::Content
            && let Some(result) = self.quick(paths)
        {
            return result;
        }
        self.full(change)
    }

    /// Every page's search doc in reading order, for the indexer; `None`
    /// if the docs did not change since the last job (or nothing built).
    pub fn search_job(&mut self) -> Option<Job> {
        let (config, last) = (self.config.as_ref()?, self.last.as_mut()?);
        if std::mem::replace(&mut last.indexed, true) {
            return None;
        }
        if !config.search {
            return Some(Job(None));
        }
        let pages = last.site.pages.iter();
        let docs = pages.filter_map(|p| last.docs.get(&p.page.source.rel).cloned());
        // The generated Review page is searchable too; no source file is it.
        let review = Arc::new(crate::theme::review_search_doc());
        Some(Job(Some(docs.chain([review]).collect())))
    }

    fn full(&mut self, change: Change) -> Result<(Arc<Files>, Outcome), Failure> {
        self.last = None;
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
        let scan_warnings = content.warnings.clone();
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
        let docs = search_docs(&config, &mut site);
        let warned = site
            .pages
            .iter()
            .filter(|p| !p.rendered.warnings.is_empty())
            .map(|p| (p.page.source.rel.clone(), p.rendered.warnings.clone()))
            .collect();
        let (files, listings) = self.output(&config, &site, &content.assets)?;
        let built = self.diff(files, &site, &mut outcome);
        diagnostic::sort(&mut outcome.warnings);
        self.last = Some(Last {
            routes,
            site,
            docs,
            scan_warnings,
            warned,
            listings,
            dirty: BTreeSet::new(),
            indexed: false,
        });
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
            let Ok(bytes) = std::fs::read(crate::source::join_rel(&config.content_dir, &rel))
            else {
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
                    content.errors.extend(e.iter().cloned());
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
                (
                    page.source.rel.clone(),
                    render_one(page, routes, highlighter),
                )
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
        errors.extend(crate::render::check_anchors(
            out.iter().map(|(p, r)| (p.source.rel.as_str(), r)),
        ));
        out
    }

    fn fresh(&self, page: &Page, routes: &Routes) -> bool {
        fresh(&self.rendered, page, routes)
    }

    /// Every file of the site but the search index, in memory, and which
    /// of them are listings.
    fn output(
        &self,
        config: &Config,
        site: &Site,
        assets: &[String],
    ) -> Result<(Output, HashSet<String>), Failure> {
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
        let pages: HashSet<String> = site.pages.iter().map(page_file).collect();
        let listings = files.keys().filter(|k| !pages.contains(*k)).cloned();
        let listings = listings.collect();
        for f in &theme.statics {
            files.insert(f.path.clone(), f.bytes.clone());
        }
        super::files::add_disk_files(config, assets, &mut files);
        Ok((files, listings))
    }

    /// Keeps the previous bytes of unchanged files and counts what changed.
    fn diff(&mut self, files: Output, site: &Site, outcome: &mut Outcome) -> Arc<Files> {
        let page_files: HashSet<String> = site.pages.iter().map(page_file).collect();
        let old = &self.files;
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
        self.files = Arc::new(next);
        self.files.clone()
    }
}

/// The HTML file of a placed page.
pub(super) fn page_file(page: &site::SitePage) -> String {
    format!("{}index.html", page.url)
}

/// Moves every page's search text out of `site` into docs by source path.
fn search_docs(config: &Config, site: &mut Site) -> HashMap<String, Arc<SearchDoc>> {
    let docs = site.take_search_docs(config).into_iter().map(Arc::new);
    let rels = site.pages.iter().map(|p| p.page.source.rel.clone());
    rels.zip(docs).collect()
}
