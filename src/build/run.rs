//! `drillbook build` and `check`: one `compile` + `emit`. `check` writes
//! nothing (it still renders every page so theme errors surface). `build`
//! starts from the cache it saved last time (`.drillbook-cache/`, unless
//! `--no-cache`), so only what changed is parsed, rendered and made again,
//! and writes into a staging folder beside the output: the whole site,
//! swapped in for the old one (whose removal nobody waits for), or — when
//! the output is still the one the cache describes — only the files whose
//! bytes changed, moved into it once everything else succeeded. Either
//! way, a failed build leaves the previous output byte for byte.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::config::{self, Config};
use crate::diagnostic::{self, Diagnostic, Span};
use crate::output::{self, OutFile};
use crate::render::Highlighter;
use crate::theme;

use super::cache::{self, Written, hash_of};
use super::{Cache, Changed, Compiled, Emitted, compile, emit};

/// Where a run of the pipeline ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Validate only; write nothing.
    Check,
    /// Write the site to `out` (`None`: the config's output folder); which
    /// folders may be replaced is `output::resolve_out`'s rule.
    Write {
        out: Option<PathBuf>,
        overwrite: output::Overwrite,
        cache: Caching,
    },
}

/// Whether `build` keeps its cache on disk between runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caching {
    /// Load the cache from `.drillbook-cache/` and save it back (default).
    Persistent,
    /// `--no-cache`: neither read nor write it; build everything.
    Off,
}

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub target: Target,
    pub drafts: bool,
}

/// What a successful run reports.
#[derive(Debug)]
pub struct Report {
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
    /// The output folder written, for `Target::Write`.
    pub out: Option<PathBuf>,
    pub search_first_query_bytes: Option<usize>,
    pub elapsed: Duration,
    /// Wall time of each stage, in the order they ran (for `--timings`).
    pub timings: Vec<(&'static str, Duration)>,
}

/// A failed run: every error found, plus the warnings seen on the way.
#[derive(Debug)]
pub struct Failure {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

impl Failure {
    /// Both lists sorted, as they are printed.
    pub fn sorted(mut errors: Vec<Diagnostic>, mut warnings: Vec<Diagnostic>) -> Self {
        diagnostic::sort(&mut errors);
        diagnostic::sort(&mut warnings);
        Failure { errors, warnings }
    }
}

impl From<Vec<Diagnostic>> for Failure {
    fn from(errors: Vec<Diagnostic>) -> Self {
        Failure {
            errors,
            warnings: Vec::new(),
        }
    }
}

impl From<Diagnostic> for Failure {
    fn from(error: Diagnostic) -> Self {
        Failure::from(vec![error])
    }
}

/// Wall-clock laps between stages.
struct Laps {
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Laps {
    fn new() -> Self {
        Laps {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}

/// Runs the whole pipeline once.
pub fn build(options: &BuildOptions) -> Result<Report, Failure> {
    build_sharing(options, None)
}

/// `build` with a highlighter already loaded (tests build many times).
pub fn build_sharing(
    options: &BuildOptions,
    highlighter: Option<Arc<Highlighter>>,
) -> Result<Report, Failure> {
    let started = Instant::now();
    let config = config::load(&options.root)?;
    let (out, caching) = match &options.target {
        Target::Write {
            out,
            overwrite,
            cache,
        } => (
            Some(output::resolve_out(&config, out.as_deref(), *overwrite)?),
            *cache,
        ),
        Target::Check => (None, Caching::Off),
    };
    let mut laps = Laps::new();
    let store = (caching == Caching::Persistent).then(|| Store {
        path: crate::clean::cache_dir(&config).join(CACHE_FILE),
        key: cache::disk_key(&config),
    });
    let mut cache = match &store {
        Some(store) => {
            let loaded = cache::load(&store.path, store.key);
            laps.lap("cache load");
            loaded.unwrap_or_else(Cache::incremental)
        }
        None => Cache::default(),
    };
    if let Some(highlighter) = highlighter {
        cache = cache.with_highlighter(highlighter);
    }
    let mut compiled = compile(&config, options.drafts, Changed::Unknown, &mut cache)?;
    laps.lap("config, content, render, site");
    let with_warnings = |errors| Failure {
        errors,
        warnings: compiled.warnings.clone(),
    };
    let theme = theme::load(&config).map_err(with_warnings)?;
    laps.lap("theme load");
    let view = theme::Options {
        drafts: options.drafts,
        live_reload: false,
    };
    let job = Job {
        config: &config,
        compiled: &compiled,
        theme: &theme,
        view: &view,
    };
    let emitted = match &out {
        Some(out) => write(&job, &mut cache, out, store.as_ref()),
        None => emit(&config, &compiled, &theme, &view, true, &mut cache, &|_| {
            Ok(())
        }),
    }
    .map_err(with_warnings)?;
    laps.lap(if out.is_some() {
        "theme, search index, output"
    } else {
        "theme, search index"
    });
    if let Some(store) = &store {
        // A cache that cannot be saved costs the next build time, not this
        // build its success.
        let _ = cache::save(&cache, &store.path, store.key);
        laps.lap("cache save");
    }
    let mut warnings = std::mem::take(&mut compiled.warnings);
    let pages = compiled.site.pages.len();
    // Freeing every page's parse, render and doc took a tenth of a warm
    // build's time; a CLI build exits meanwhile, without waiting for it.
    // (If no thread can be started, the closure is dropped here instead.)
    let _ = std::thread::Builder::new().spawn(move || drop((cache, compiled)));
    let index = emitted.index;
    let first_query_bytes = index.as_ref().map(|i| i.first_query_bytes);
    for w in index.map_or_else(Vec::new, |i| i.warnings) {
        warnings.push(Diagnostic::warning(w, Span::file("search index")));
    }
    diagnostic::sort(&mut warnings);
    Ok(Report {
        pages,
        warnings,
        out,
        search_first_query_bytes: first_query_bytes,
        elapsed: started.elapsed(),
        timings: laps.laps,
    })
}

/// The cache's file in the cache folder.
const CACHE_FILE: &str = "build";

/// Where the persistent cache lives and the key it must carry.
struct Store {
    path: PathBuf,
    key: u64,
}

/// What every output is made from.
struct Job<'a> {
    config: &'a Config,
    compiled: &'a Compiled,
    theme: &'a theme::Theme,
    view: &'a theme::Options,
}

/// Writes the site into a staging folder, then swaps it in whole or, when
/// the output is the one the cache describes, moves only the changed files
/// into it. With `store`, every file's hash is kept for the next build.
fn write(
    job: &Job,
    cache: &mut Cache,
    out: &Path,
    store: Option<&Store>,
) -> Result<Emitted, Vec<Diagnostic>> {
    let Job {
        config,
        compiled,
        theme,
        view,
    } = *job;
    let shown = out.display().to_string();
    let io_error = |e: std::io::Error| {
        vec![Diagnostic::error(
            format!("cannot write `{shown}`: {e}"),
            Span::file(&shown),
        )]
    };
    let theme_digest = store.map_or(0, |_| theme.digest());
    // The outputs the cache knows are there only if the folder is the one it
    // last wrote, untouched since by any other build, from the same theme.
    let previous = cache.written.take().filter(|w| {
        store.is_some()
            && w.out == out
            && !w.stamp.is_empty()
            && w.stamp == output::stamp_id(out)
            && w.theme == theme_digest
            && w.drafts == view.drafts
    });
    // What the output holds now: a file someone deleted there is made again,
    // and one the site does not make is deleted, as a whole build would.
    let mut present = None;
    let previous = previous.map(|mut previous| {
        let files = output::files_in(out);
        previous.files.retain(|path, _| files.contains(path));
        previous.assets.retain(|path, _| files.contains(path));
        cache
            .outputs
            .retain(|path, _| previous.files.contains_key(path));
        present = Some(files);
        previous
    });
    if previous.is_none() {
        cache.forget_outputs();
    }
    let staging = output::Staging::new(out).map_err(io_error)?;
    // Each file's hash, worked out on the thread that made it.
    let hashes: Mutex<HashMap<String, u64>> = Mutex::default();
    let staged: Mutex<Vec<String>> = Mutex::default();
    let (emitted, written) = output::with_writer(&staging, |sink| {
        let filter = |file: OutFile| {
            if store.is_some() {
                let hash = hash_of(&file.bytes);
                let same = previous
                    .as_ref()
                    .is_some_and(|p| p.files.get(&file.path) == Some(&hash));
                lock(&hashes).insert(file.path.clone(), hash);
                if same {
                    return Ok(());
                }
            }
            lock(&staged).push(file.path.clone());
            sink(file)
        };
        emit(config, compiled, theme, view, true, cache, &filter)
    });
    // The writer's own error is the cause; the sink only saw it stop.
    written.map_err(io_error)?;
    let emitted = emitted?;
    let mut staged = staged.into_inner().unwrap_or_else(PoisonError::into_inner);
    let mut assets = HashMap::new();
    for asset in &compiled.assets {
        if store.is_none() {
            staging.copy(&asset.src, &asset.out).map_err(io_error)?;
            continue;
        }
        let bytes = std::fs::read(&asset.src).map_err(|e| {
            vec![Diagnostic::error(
                format!("cannot read `{}`: {e}", asset.shown),
                Span::file(&asset.shown),
            )]
        })?;
        let hash = hash_of(&bytes);
        assets.insert(asset.out.clone(), hash);
        if previous
            .as_ref()
            .is_some_and(|p| p.assets.get(&asset.out) == Some(&hash))
        {
            continue;
        }
        staging.write(&asset.out, &bytes).map_err(io_error)?;
        staged.push(asset.out.clone());
    }
    let mut hashes = hashes.into_inner().unwrap_or_else(PoisonError::into_inner);
    match &previous {
        Some(previous) => {
            // Files made before and not this time are still in the output.
            for path in emitted.generated.keys() {
                if let (false, Some(hash)) = (hashes.contains_key(path), previous.files.get(path)) {
                    hashes.insert(path.clone(), *hash);
                }
            }
            let now: HashSet<&String> = emitted.generated.keys().chain(assets.keys()).collect();
            let mut stale: Vec<String> = (present.iter().flatten())
                .filter(|p| !now.contains(p) && p.as_str() != output::STAMP)
                .cloned()
                .collect();
            stale.sort();
            // From here until the cache is saved, the output and the cache
            // on disk disagree: a build stopped meanwhile must not trust it.
            if let Some(store) = store {
                let _ = std::fs::remove_file(&store.path);
            }
            staging.apply(&staged, &stale).map_err(io_error)?;
        }
        None => {
            if let Some(old) = staging.commit().map_err(io_error)? {
                old.remove_in_background();
            }
        }
    }
    cache.written = store.map(|_| Written {
        out: out.to_path_buf(),
        stamp: output::stamp_id(out),
        theme: theme_digest,
        drafts: view.drafts,
        files: hashes,
        assets,
    });
    Ok(emitted)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}
