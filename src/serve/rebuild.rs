//! Serve's rebuild: the build driver's `compile` and `emit` on the cache
//! serve keeps between saves, with only what is serve's on top. Input: a
//! `Change` and the paths it names. Output: the site's files in memory
//! (never on disk) and what changed, or the build's diagnostics. Steps:
//! reload the config or theme if the change asks → compile (told which
//! pages were saved, when only pages were) → emit the outputs whose
//! fingerprint moved → read the handbook's own files after a walk → keep
//! the previous bytes of every file that came out the same. The print files
//! (each holds up to a thousand pages' bodies: megabytes) are left out of
//! that first publish and made by `settle` right after it: the edited page
//! reloads first, and serve holds back requests for a print file still being
//! remade (`pending`) until `settle` has published it.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use crate::build::{self, Cache, Changed, Compiled, Deferred, Failure};
use crate::config::{self, Config};
use crate::diagnostic::Diagnostic;
use crate::output::OutFile;
use crate::search::SearchDoc;
use crate::theme::{self, Part, Theme};

use super::indexer::Job;
use super::state::{Files, Stored};
use super::watch::{Change, Layout};

/// What one rebuild did, for its summary line.
#[derive(Debug, Default)]
pub struct Outcome {
    pub parsed: usize,
    pub rendered: usize,
    /// Page HTML files whose bytes changed (or appeared).
    pub pages_changed: usize,
    /// Other HTML files (home, module and tag pages, 404) that changed.
    pub listings_changed: usize,
    /// Any other file (assets, statics) that changed.
    pub others_changed: usize,
    pub removed: usize,
    pub warnings: Vec<Diagnostic>,
}

/// What `settle` published.
pub struct Settled {
    pub files: Arc<Files>,
    /// Files made (only those whose fingerprint moved).
    pub made: usize,
}

pub struct Builder {
    root: PathBuf,
    drafts: bool,
    config: Option<Config>,
    theme: Option<Theme>,
    cache: Cache,
    /// The last published files, which every diff starts from.
    files: Arc<Files>,
    /// The docs of the last good build, and whether the indexer has them.
    docs: Vec<Arc<SearchDoc>>,
    indexed: bool,
    /// The handbook's own files must be read again: a walk happened since
    /// they were last published (a build that failed does not publish).
    assets_stale: bool,
    /// What the last rebuild left for `settle`, with the site it is made from.
    later: Option<(Compiled, Deferred)>,
}

/// The outputs left for `settle`: the print files.
fn deferred(config: &Config) -> impl Fn(Part) -> Option<String> + Sync + '_ {
    |part| match part {
        Part::Print(set, k) => Some(theme::print_path(config, set, k)),
        _ => None,
    }
}

impl Builder {
    pub fn new(root: PathBuf, drafts: bool) -> Self {
        Self::with_cache(root, drafts, Cache::incremental())
    }

    /// A builder on a given cache (tests share one highlighter).
    pub fn with_cache(root: PathBuf, drafts: bool, cache: Cache) -> Self {
        Builder {
            root,
            drafts,
            config: None,
            theme: None,
            cache,
            files: Arc::default(),
            docs: Vec::new(),
            indexed: true,
            assets_stale: true,
            later: None,
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
        let reloaded = change == Change::Config || self.config.is_none();
        if reloaded {
            self.config = None;
            self.theme = None;
            self.cache.clear();
            self.config = Some(config::load(&self.root)?);
        }
        if change >= Change::Theme || self.theme.is_none() {
            self.theme = None;
            self.cache.forget_outputs();
            let config = self.config.as_ref().expect("loaded just above");
            self.theme = Some(theme::load(config)?);
        }
        let saved = (change == Change::Content)
            .then(|| self.saved_pages(paths))
            .flatten();
        let changed = saved.as_deref().map_or(Changed::Unknown, Changed::Pages);
        let (Some(config), Some(theme)) = (&self.config, &self.theme) else {
            unreachable!("both loaded just above");
        };
        self.assets_stale |= matches!(changed, Changed::Unknown);
        // A rebuild supersedes what the last one left: its parts' files
        // are still stale in the cache, so they are picked again.
        self.later = None;
        let mut compiled = build::compile(config, self.drafts, changed, &mut self.cache)?;
        let made = Mutex::new(Vec::new());
        let view = self.view();
        let sink = storing(&made);
        let (emitted, later) = build::emit_deferring(
            config,
            &compiled,
            theme,
            &view,
            &deferred(config),
            &mut self.cache,
            &sink,
        )
        .map_err(|errors| Failure {
            errors,
            warnings: compiled.warnings.clone(),
        })?;
        drop(sink);
        let made = made.into_inner().unwrap_or_else(PoisonError::into_inner);
        // A page-only build may still have fallen back to a walk.
        let read_assets = std::mem::take(&mut self.assets_stale) || compiled.walked;
        let outcome = self.publish(&compiled, made, &emitted.generated, read_assets);
        if compiled.docs.len() != self.docs.len()
            || !compiled
                .docs
                .iter()
                .zip(&self.docs)
                .all(|(a, b)| Arc::ptr_eq(a, b))
        {
            self.indexed = false;
        }
        // `[search] enabled` may have changed: the indexer hears either way.
        self.indexed &= !reloaded;
        self.docs = std::mem::take(&mut compiled.docs);
        let outcome = Outcome {
            parsed: compiled.parsed,
            rendered: compiled.rendered,
            warnings: compiled.warnings.clone(),
            ..outcome
        };
        if !later.is_empty() {
            self.later = Some((compiled, later));
        }
        Ok((self.files.clone(), outcome))
    }

    /// The files the last rebuild left for `settle`: published with their
    /// old bytes, which must not be served.
    pub fn pending(&self) -> HashSet<String> {
        self.later
            .iter()
            .flat_map(|(_, d)| d.paths())
            .map(String::from)
            .collect()
    }

    /// The last published files.
    pub fn files(&self) -> Arc<Files> {
        self.files.clone()
    }

    /// Makes what the last rebuild left (the print files) and returns the
    /// files with them; `None` when nothing was left. On a failure the
    /// stale files are dropped from `files`, never published again.
    pub fn settle(&mut self) -> Result<Option<Settled>, Failure> {
        let Some((compiled, later)) = self.later.take() else {
            return Ok(None);
        };
        let (Some(config), Some(theme)) = (&self.config, &self.theme) else {
            return Ok(None);
        };
        let stale: Vec<String> = later.paths().map(String::from).collect();
        let made = Mutex::new(Vec::new());
        let view = self.view();
        let sink = storing(&made);
        let done = build::emit_deferred(
            config,
            &compiled,
            theme,
            &view,
            later,
            &mut self.cache,
            &sink,
        );
        drop(sink);
        let mut next = Files::clone(&self.files);
        if let Err(errors) = done {
            for path in &stale {
                next.remove(path);
            }
            self.files = Arc::new(next);
            return Err(Failure {
                errors,
                warnings: compiled.warnings,
            });
        }
        let made = made.into_inner().unwrap_or_else(PoisonError::into_inner);
        let count = made.len();
        next.extend(made);
        self.files = Arc::new(next);
        Ok(Some(Settled {
            files: self.files.clone(),
            made: count,
        }))
    }

    fn view(&self) -> theme::Options {
        theme::Options {
            drafts: self.drafts,
            live_reload: true,
        }
    }

    /// The saved pages, relative to the content folder, if every path is a
    /// page there.
    fn saved_pages(&self, paths: &[PathBuf]) -> Option<Vec<String>> {
        let content = self.layout().content;
        let rels: Option<Vec<String>> = paths
            .iter()
            .map(|p| {
                let rel = p.strip_prefix(&content).ok()?.to_string_lossy();
                let rel = rel.replace('\\', "/");
                crate::source::is_page(&rel).then_some(rel)
            })
            .collect();
        rels.filter(|r| !r.is_empty())
    }

    /// Swaps `made` (and, after a walk, the handbook's own files) into the
    /// published files, keeping the previous bytes of what came out the
    /// same and dropping what the site no longer has.
    fn publish(
        &mut self,
        compiled: &Compiled,
        made: Vec<(String, Stored)>,
        generated: &std::collections::HashMap<String, String>,
        read_assets: bool,
    ) -> Outcome {
        let mut outcome = Outcome::default();
        let pages: HashSet<String> = (compiled.site.pages.iter())
            .map(|p| format!("{}index.html", p.url))
            .collect();
        let mut next = Files::clone(&self.files);
        let mut put = |path: String, bytes: Stored, outcome: &mut Outcome| {
            // Same bytes gzip the same: comparing what is kept is enough.
            if next.get(&path).is_some_and(|old| *old == bytes) {
                return;
            }
            if pages.contains(&path) {
                outcome.pages_changed += 1;
            } else if path.ends_with(".html") {
                outcome.listings_changed += 1;
            } else {
                outcome.others_changed += 1;
            }
            next.insert(path, bytes);
        };
        for (path, bytes) in made {
            put(path, bytes, &mut outcome);
        }
        if read_assets {
            for asset in &compiled.assets {
                // A file removed since the walk (an editor's save in
                // progress) is skipped; its own event rebuilds.
                if let Ok(bytes) = std::fs::read(&asset.src) {
                    let stored = Stored::new(&asset.out, bytes);
                    put(asset.out.clone(), stored, &mut outcome);
                }
            }
        }
        let assets: HashSet<&str> = compiled.assets.iter().map(|a| a.out.as_str()).collect();
        let before = next.len();
        next.retain(|path, _| generated.contains_key(path) || assets.contains(path.as_str()));
        outcome.removed = before - next.len();
        self.files = Arc::new(next);
        outcome
    }

    /// Every page's search doc in reading order, for the indexer; `None`
    /// if the docs did not change since the last job (or nothing built).
    pub fn search_job(&mut self) -> Option<Job> {
        let config = self.config.as_ref()?;
        if std::mem::replace(&mut self.indexed, true) {
            return None;
        }
        Some(Job(config.search.then(|| self.docs.clone())))
    }
}

/// A sink keeping each file as stored (gzipped) at once, on the theme's
/// threads, so a first build of 10,000 pages never holds the site
/// uncompressed.
fn storing(made: &Mutex<Vec<(String, Stored)>>) -> impl Fn(OutFile) -> std::io::Result<()> + Sync {
    move |f: OutFile| {
        let stored = Stored::new(&f.path, f.bytes);
        made.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((f.path, stored));
        Ok(())
    }
}
