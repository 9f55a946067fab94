//! The build driver: the one place that runs the pipeline, for `build`,
//! `check` and `serve` alike. Steps: `compile` (config → content → render →
//! site, plus the search docs), reusing a `Cache` of earlier work; `emit`
//! (theme → output: the site's generated files and, if asked, its search
//! index, into a sink), checking that no handbook file would overwrite a
//! generated one. `run::build` is both into a staging folder (or nowhere,
//! for `check`); serve calls both on every change and diffs what came out.

mod cache;
mod emit;
mod run;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, Found, Page};
use crate::diagnostic::{self, Diagnostic};
use crate::render::PageText;
use crate::search::SearchDoc;
use crate::site::{self, Placed, Routes, Site};
use crate::source::join_rel;

pub use cache::Cache;
pub use emit::{Defer, Deferred, Emitted, emit, emit_deferred, emit_deferring};
pub use run::{BuildOptions, Caching, Failure, Report, Target, build, build_sharing};

use cache::{DocCache, Parsed, hash_of, render_one};

/// A file of the handbook published as it is: a content asset (an image
/// beside its page) or a file of the root `static/` folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Path under the output root.
    pub out: String,
    pub src: PathBuf,
    /// `src` as diagnostics show it.
    pub shown: String,
}

/// What the last walk of the input folders found.
#[derive(Clone)]
pub(crate) struct Scan {
    found: Found,
    statics: Vec<String>,
    static_warnings: Vec<Diagnostic>,
}

/// What changed since the last build with the same cache, if known.
#[derive(Debug, Clone, Copy)]
pub enum Changed<'a> {
    /// Anything may have: walk the input folders and re-read every page.
    Unknown,
    /// Only these pages' bytes (paths relative to the content folder; the
    /// watcher says so): nothing is walked, only they are re-read. A page
    /// the last walk did not see, or that is gone, falls back to `Unknown`.
    Pages(&'a [String]),
}

/// A compiled site: what the theme and the search index are made from.
pub struct Compiled {
    pub site: Site,
    /// Each page's search doc, in the site's reading order (empty when
    /// search is off).
    pub docs: Vec<Arc<SearchDoc>>,
    pub assets: Vec<Asset>,
    pub warnings: Vec<Diagnostic>,
    /// Pages parsed and rendered by this build (the rest came from the cache).
    pub parsed: usize,
    pub rendered: usize,
    /// The input folders were walked (not only named pages re-read): the
    /// handbook's own files may have changed too.
    pub walked: bool,
}

/// config → content → render → site, collecting every error; only pages
/// whose bytes changed are parsed again, and only pages whose parse or
/// resolved links changed are rendered again.
pub fn compile(
    config: &Config,
    drafts: bool,
    changed: Changed,
    cache: &mut Cache,
) -> Result<Compiled, Failure> {
    let ((scan, parsed, parsed_count), walked) = match read(config, changed, cache) {
        Some(read) => (read?, matches!(changed, Changed::Unknown)),
        // A named page is new or gone: look again at everything.
        None => {
            let read = read(config, Changed::Unknown, cache);
            (read.expect("a full walk always reads")?, true)
        }
    };
    let mut content = content::collect(scan.found.clone(), parsed, drafts);
    let mut warnings = std::mem::take(&mut content.warnings);
    warnings.extend(scan.static_warnings.iter().cloned());
    let mut errors = std::mem::take(&mut content.errors);
    let routes = match Routes::new(config, &content) {
        Ok(routes) => routes,
        Err(e) => {
            errors.extend(e);
            return Err(Failure::sorted(errors, warnings));
        }
    };
    let rendered = render(&content.pages, routes, cache);
    let routes = cache.routes.as_ref().expect("kept by `render`");
    let mut placed = Vec::with_capacity(content.pages.len());
    for page in content.pages {
        match &cache.rendered[&page.source.rel].result {
            Ok(r) => {
                warnings.extend(r.rendered.warnings.iter().cloned());
                placed.push(Placed {
                    page,
                    rendered: r.rendered.clone(),
                    digest: r.digest,
                });
            }
            Err(e) => errors.extend(e.iter().cloned()),
        }
    }
    // Anchors across pages, with every page's ids as rendered now.
    errors.extend(crate::render::check_anchors(
        placed
            .iter()
            .map(|p| (p.page.source.rel.as_str(), &*p.rendered)),
    ));
    if !errors.is_empty() {
        return Err(Failure::sorted(errors, warnings));
    }
    let site = site::assemble(config, routes, placed);
    let docs = if config.search {
        docs(config, &site, cache)
    } else {
        Vec::new()
    };
    diagnostic::sort(&mut warnings);
    Ok(Compiled {
        assets: assets(config, &scan),
        site,
        docs,
        warnings,
        parsed: parsed_count,
        rendered,
        walked,
    })
}

type Read = (
    Scan,
    Vec<(String, Result<Arc<Page>, Vec<Diagnostic>>)>,
    usize,
);

/// Walks (or trusts the last walk, for `Changed::Pages`) and parses every
/// page whose bytes changed. `None`: the hint does not hold.
fn read(config: &Config, changed: Changed, cache: &mut Cache) -> Option<Result<Read, Failure>> {
    let (scan, reread): (Scan, Option<HashSet<&str>>) = match (changed, &cache.scan) {
        (Changed::Pages(rels), Some(scan)) => {
            let known: HashSet<&str> = scan.found.pages.iter().map(String::as_str).collect();
            if !rels.iter().all(|r| known.contains(r.as_str())) {
                return None;
            }
            (
                scan.clone(),
                Some(rels.iter().map(String::as_str).collect()),
            )
        }
        _ => match walk(config) {
            Ok(scan) => (scan, None),
            Err(e) => return Some(Err(Failure::from(e))),
        },
    };
    let must_read = |rel: &String| {
        reread.as_ref().is_none_or(|r| r.contains(rel.as_str())) || !cache.parsed.contains_key(rel)
    };
    let fresh: Vec<Option<(String, Option<Parsed>)>> = scan
        .found
        .pages
        .par_iter()
        .map(|rel| {
            if !must_read(rel) {
                return Some((rel.clone(), None));
            }
            // A file gone since the walk was deleted mid-save; the event
            // that follows builds without it.
            let bytes = std::fs::read(join_rel(&config.content_dir, rel)).ok()?;
            let hash = hash_of(&bytes);
            if cache.parsed.get(rel).is_some_and(|p| p.hash == hash) {
                return Some((rel.clone(), None));
            }
            let page = content::parse_page(config, rel, &bytes).map(Arc::new);
            Some((rel.clone(), Some(Parsed { hash, page })))
        })
        .collect();
    if reread.is_some() && fresh.iter().any(Option::is_none) {
        return None;
    }
    if reread.is_none() {
        let keep: HashSet<&String> = scan.found.pages.iter().collect();
        cache.parsed.retain(|rel, _| keep.contains(rel));
        cache.rendered.retain(|rel, _| keep.contains(rel));
        cache.docs.retain(|rel, _| keep.contains(rel));
    }
    let mut count = 0;
    let mut pages = Vec::with_capacity(fresh.len());
    for (rel, parsed) in fresh.into_iter().flatten() {
        if let Some(parsed) = parsed {
            count += 1;
            cache.parsed.insert(rel.clone(), parsed);
        }
        let Some(parsed) = cache.parsed.get(&rel) else {
            continue;
        };
        pages.push((rel, parsed.page.clone()));
    }
    cache.scan = Some(scan.clone());
    Some(Ok((scan, pages, count)))
}

/// Walks `content/` and `static/`.
fn walk(config: &Config) -> Result<Scan, Vec<Diagnostic>> {
    let found = content::discover(config)?;
    let dir = config.root.join("static");
    let walked = if dir.is_dir() {
        crate::source::walk(&config.root, &dir, &|p| config.display_path(p))
    } else {
        crate::source::Walked::default()
    };
    Ok(Scan {
        found,
        statics: walked.files,
        static_warnings: walked.warnings,
    })
}

/// Renders the pages whose cached render is stale, in parallel; returns
/// how many. A cached render's links are checked again only when the
/// routes changed since it was last found fresh (equal routes resolve
/// every link the same way), so an edit that moves no page checks none.
fn render(pages: &[Arc<Page>], routes: Routes, cache: &mut Cache) -> usize {
    if cache.routes.as_ref() != Some(&routes) {
        cache.routes_generation += 1;
    }
    let generation = cache.routes_generation;
    let routes = &*cache.routes.insert(routes);
    let mut stale: Vec<&Arc<Page>> = Vec::new();
    for p in pages {
        match cache.rendered.get_mut(&p.source.rel) {
            Some(c) if c.fresh(p, routes, generation) => c.checked = generation,
            _ => stale.push(p),
        }
    }
    if stale.is_empty() {
        return 0;
    }
    let highlighter = cache.highlighter.get_or_insert_with(Arc::default).clone();
    let digest = cache.incremental;
    let fresh: Vec<_> = stale
        .par_iter()
        .map(|page| {
            let made = render_one(page, routes, &highlighter, digest, generation);
            (page.source.rel.clone(), made)
        })
        .collect();
    let count = fresh.len();
    cache.rendered.extend(fresh);
    count
}

/// Every page's search doc, made again only for pages whose parse, render
/// or URL changed.
fn docs(config: &Config, site: &Site, cache: &mut Cache) -> Vec<Arc<SearchDoc>> {
    let mut docs: Vec<Arc<SearchDoc>> = site
        .pages
        .iter()
        .map(|p| {
            let rel = &p.page.source.rel;
            if let Some(c) = cache.docs.get(rel)
                && Arc::ptr_eq(&c.page, &p.page)
                && Arc::ptr_eq(&c.rendered, &p.rendered)
                && c.url == p.url
            {
                return c.doc.clone();
            }
            // The render's text, or if an earlier doc of the same render took
            // it (the page only moved), that doc's copy.
            let taken = match cache.rendered.get_mut(rel).map(|c| &mut c.result) {
                Some(Ok(r)) => r.text.take(),
                _ => None,
            };
            let text = taken.unwrap_or_else(|| {
                cache
                    .docs
                    .get(rel)
                    .map_or_else(PageText::default, |c| PageText {
                        headings: c.doc.headings.clone(),
                        body: c.doc.body.clone(),
                        zh: c.doc.zh.clone(),
                        templates: c.doc.templates.clone(),
                    })
            });
            let doc = Arc::new(SearchDoc::new(config, p, &text));
            let kept = DocCache {
                page: p.page.clone(),
                rendered: p.rendered.clone(),
                url: p.url.clone(),
                doc: doc.clone(),
            };
            cache.docs.insert(rel.clone(), kept);
            doc
        })
        .collect();
    // The generated Review page is searchable too; no source file is it.
    let review =
        (cache.review_doc).get_or_insert_with(|| Arc::new(crate::theme::review_search_doc()));
    docs.push(review.clone());
    docs
}

/// Content assets, then `static/` files, at their output paths.
fn assets(config: &Config, scan: &Scan) -> Vec<Asset> {
    let content = scan
        .found
        .assets
        .iter()
        .map(|rel| (rel, join_rel(&config.content_dir, rel)));
    let statics = scan
        .statics
        .iter()
        .map(|rel| (rel, join_rel(&config.root.join("static"), rel)));
    content
        .chain(statics)
        .map(|(rel, src)| Asset {
            out: rel.clone(),
            shown: config.display_path(&src),
            src,
        })
        .collect()
}

/// Output paths claimed twice: a handbook file over a generated one, or
/// two handbook files (a content asset and a `static/` file) on one path.
pub(crate) fn collisions(assets: &[Asset], generated: &HashMap<String, String>) -> Vec<Diagnostic> {
    let mut seen: HashMap<&str, &Asset> = HashMap::new();
    let mut errors = Vec::new();
    for asset in assets {
        let other = match (generated.get(&asset.out), seen.get(asset.out.as_str())) {
            (Some(maker), _) => maker.clone(),
            (None, Some(first)) => format!("`{}` (both publish to `{}`)", first.shown, asset.out),
            (None, None) => {
                seen.insert(&asset.out, asset);
                continue;
            }
        };
        errors.push(
            diagnostic::Diagnostic::error(
                format!("`{}` would overwrite {other}", asset.shown),
                diagnostic::Span::file(&asset.shown),
            )
            .with_help("rename or move the file: the site needs that path"),
        );
    }
    errors
}
