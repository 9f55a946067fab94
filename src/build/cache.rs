//! The build driver's memory of earlier work, so a rebuild redoes only what
//! changed: each page's parse (by the hash of its bytes), its render (valid
//! while the same parsed page resolves every link it used the same way),
//! its search doc and that doc's tokens in the search index (so only
//! changed docs are tokenized again), and a fingerprint of every output
//! file last made. Serve
//! keeps one in memory; `build` keeps the same one on disk (`disk`), with
//! what it last wrote into its output folder (`Written`).

mod disk;

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use serde::{Deserialize, Serialize};

use crate::content::Page;
use crate::diagnostic::Diagnostic;
use crate::render::{self, Highlighter, Links, PageText, Rendered};
use crate::search::SearchDoc;
use crate::site::Routes;

type Resolved = Result<Option<String>, String>;

/// What the driver keeps between builds. `Cache::default()` is a cold start.
#[derive(Default)]
pub struct Cache {
    /// Loaded once, when a page is first rendered: building syntect's
    /// syntax set takes a while (half a second in a debug build).
    pub(super) highlighter: Option<Arc<Highlighter>>,
    /// The last scan of the handbook's input folders.
    pub(super) scan: Option<super::Scan>,
    pub(super) parsed: HashMap<String, Parsed>,
    pub(super) rendered: HashMap<String, RenderCache>,
    pub(super) docs: HashMap<String, DocCache>,
    /// The Review page's doc: one `Arc` across builds, so an unchanged
    /// handbook gives the indexer nothing new.
    pub(super) review_doc: Option<Arc<SearchDoc>>,
    /// The search index's tokens of every doc, so a rebuild tokenizes only
    /// the docs that changed (used when `incremental`).
    pub(super) search: crate::search::incremental::IndexCache,
    /// Output path → fingerprint of what made it (see `theme::fingerprints`),
    /// for the theme these were made with.
    pub(super) outputs: HashMap<String, u64>,
    /// Pages' fingerprints with what they were made from, so a page whose
    /// inputs did not move is not fingerprinted again.
    pub(super) fingerprints: crate::theme::Fingerprints,
    /// Keep what only a later build uses (fingerprints, render digests).
    pub(super) incremental: bool,
    /// The routes the renders were last checked against, and a number
    /// bumped whenever the routes change: a render checked under the
    /// current number resolves every link as now without asking again.
    pub(super) routes: Option<Routes>,
    pub(super) routes_generation: u64,
    /// What `build` last wrote into its output folder, which `outputs`
    /// describes (`None` in serve, and when not known).
    pub(super) written: Option<Written>,
}

pub(super) use disk::{key as disk_key, load, save};

/// The output folder of the last build that used the persistent cache: the
/// next one writes into it only what changed, if it is the same folder and
/// still as that build left it.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(super) struct Written {
    /// The folder (absolute) and the identity of its stamp file, which is
    /// made anew whenever the folder is replaced whole.
    pub out: PathBuf,
    pub stamp: Vec<u64>,
    /// A digest of the theme's files and whether drafts were in: the other
    /// inputs of every output besides the cache's own.
    pub theme: u64,
    pub drafts: bool,
    /// Every generated file (theme pages, statics, search index) → the
    /// hash of its bytes, so a file made again with the same bytes is not
    /// rewritten, and a file no longer made is deleted.
    pub files: HashMap<String, u64>,
    /// Every handbook file published as is: output path → hash of its bytes.
    pub assets: HashMap<String, u64>,
}

impl Cache {
    /// A cache for a run of builds (serve): outputs are fingerprinted so the
    /// next build makes only those whose inputs moved.
    pub fn incremental() -> Self {
        Cache {
            incremental: true,
            ..Cache::default()
        }
    }

    /// The same cache sharing `highlighter` (tests build many times).
    pub fn with_highlighter(self, highlighter: Arc<Highlighter>) -> Self {
        Cache {
            highlighter: Some(highlighter),
            ..self
        }
    }

    /// Forgets everything that depends on the config (a `book.toml` edit).
    pub fn clear(&mut self) {
        *self = Cache {
            highlighter: self.highlighter.clone(),
            incremental: self.incremental,
            ..Cache::default()
        };
    }

    /// Forgets what the outputs were made from (a theme edit): every output
    /// is made again, and the byte diff tells which changed.
    pub fn forget_outputs(&mut self) {
        self.outputs.clear();
        self.fingerprints = Default::default();
        self.written = None;
    }

    /// Forgets the scan, so the next build walks the input folders again.
    pub fn forget_scan(&mut self) {
        self.scan = None;
    }
}

pub(super) struct Parsed {
    pub hash: u64,
    pub page: Result<Arc<Page>, Vec<Diagnostic>>,
}

/// A page's render and the search text it kept apart (until the page's
/// search doc takes it: one copy of every page's text is enough).
#[derive(Clone)]
pub(super) struct Render {
    pub rendered: Arc<Rendered>,
    /// A hash of everything in `rendered` (its serialized form, so a field
    /// added to `Rendered` is covered without a change here; cheaper than
    /// its `Debug` form, which escapes every character of the HTML).
    pub digest: u64,
    pub text: Option<PageText>,
}

/// A render, valid while the same parsed page resolves every link it used
/// to the same href.
pub(super) struct RenderCache {
    page: Arc<Page>,
    links: Vec<(String, Resolved)>,
    pub result: Result<Render, Vec<Diagnostic>>,
    /// The routes generation this render was last found fresh under.
    pub checked: u64,
}

impl RenderCache {
    /// Whether the render still holds for `page` under `routes`, whose
    /// generation is `generation`.
    pub fn fresh(&self, page: &Arc<Page>, routes: &Routes, generation: u64) -> bool {
        // The cache holds its page, so an equal pointer is the same parse.
        Arc::ptr_eq(&self.page, page)
            && (self.checked == generation
                || self
                    .links
                    .iter()
                    .all(|(target, was)| routes.resolve(&page.source.rel, target) == *was))
    }
}

/// Renders `page`, remembering every link it resolved.
/// The digest is only worked out for an incremental cache.
pub(super) fn render_one(
    page: &Arc<Page>,
    routes: &Routes,
    highlighter: &Highlighter,
    digest: bool,
    generation: u64,
) -> RenderCache {
    let links = Recording::new(routes);
    let result = render::render_page(page, &links, highlighter).map(|mut rendered| {
        let text = Some(std::mem::take(&mut rendered.text));
        let mut hasher = crate::theme::HashWriter::default();
        if digest {
            // Writing into a hasher cannot fail.
            let _ = postcard::to_io(&rendered, &mut hasher);
        }
        Render {
            digest: hasher.0.finish(),
            rendered: Arc::new(rendered),
            text,
        }
    });
    RenderCache {
        page: page.clone(),
        links: links.into_seen(),
        result,
        checked: generation,
    }
}

/// A page's search doc, valid while its page, render and URL are the same.
pub(super) struct DocCache {
    pub page: Arc<Page>,
    pub rendered: Arc<Rendered>,
    pub url: String,
    pub doc: Arc<SearchDoc>,
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
