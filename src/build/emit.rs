//! The driver's second half: theme → output. Input: a `Compiled` site, the
//! loaded theme and a sink. Output: the generated files handed to the sink
//! (all of them, or for an incremental cache only those whose fingerprint
//! moved), the search index beside them if asked, and the check that no
//! handbook file would land on a generated path.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Span};
use crate::output::{OutFile, Sink};
use crate::theme::{self, Part, Theme};

use super::cache::hash_of;
use super::{Cache, Compiled, collisions};

/// What `emit` did.
#[derive(Debug)]
pub struct Emitted {
    /// Every file the site generates (made this time or not), with what
    /// makes it: anything else at another path is stale.
    pub generated: HashMap<String, String>,
    /// Files handed to the sink.
    pub made: usize,
    /// The search index's figures for the report (its files went to the sink).
    pub index: Option<crate::search::Budget>,
}

/// Outputs `emit_deferring` left to make, each a part that makes one file:
/// neither fingerprinted nor made yet.
#[derive(Default)]
pub struct Deferred {
    parts: Vec<(Part, String)>,
}

impl Deferred {
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The files still to make (their last bytes may be out of date).
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().map(|(_, path)| path.as_str())
    }
}

/// Which parts `emit_deferring` leaves for later: those it maps to the one
/// file they make.
pub type Defer<'a> = dyn Fn(Part) -> Option<String> + Sync + 'a;

/// Hands the site's generated files to `sink`: theme pages and listings,
/// the theme's statics and, with `search`, the search index (built beside
/// the pages: the index needs only the docs, the theme only the site).
pub fn emit(
    config: &Config,
    compiled: &Compiled,
    theme: &Theme,
    view: &theme::Options,
    search: bool,
    cache: &mut Cache,
    sink: &Sink,
) -> Result<Emitted, Vec<Diagnostic>> {
    let plan = Plan {
        search,
        defer: &|_| None,
    };
    emit_planned(config, compiled, theme, view, plan, cache, sink).map(|(emitted, _)| emitted)
}

/// `emit` without the search index, leaving the parts `defer` picks (for an
/// incremental cache) to `emit_deferred`, unfingerprinted: serve publishes
/// an edited page without waiting for the big files that also show it.
pub fn emit_deferring(
    config: &Config,
    compiled: &Compiled,
    theme: &Theme,
    view: &theme::Options,
    defer: &Defer,
    cache: &mut Cache,
    sink: &Sink,
) -> Result<(Emitted, Deferred), Vec<Diagnostic>> {
    let plan = Plan {
        search: false,
        defer,
    };
    emit_planned(config, compiled, theme, view, plan, cache, sink)
}

/// Makes what `emit_deferring` left whose fingerprint moved, from the same
/// `compiled` site, and records it in the cache as made. On an error the
/// left files count as stale, so the next build makes them again.
pub fn emit_deferred(
    config: &Config,
    compiled: &Compiled,
    theme: &Theme,
    view: &theme::Options,
    deferred: Deferred,
    cache: &mut Cache,
    sink: &Sink,
) -> Result<(), Vec<Diagnostic>> {
    // Taken out first: until they are made, the files count as stale.
    let last: HashMap<&str, u64> = deferred
        .paths()
        .filter_map(|path| Some((path, cache.outputs.remove(path)?)))
        .collect();
    let parts: Vec<Part> = deferred.parts.iter().map(|(part, _)| *part).collect();
    // These parts read no page fingerprints: a scratch set keeps the pages'.
    let mut scratch = theme::Fingerprints::default();
    let site = &compiled.site;
    let fingerprints = theme::fingerprints(config, site, theme, view, &parts, &mut scratch)?;
    let stale: Vec<Part> = parts
        .into_iter()
        .filter(|part| {
            let mut files = fingerprints.iter().filter(|(p, _, _)| p == part);
            files.any(|(_, path, hash)| last.get(path.as_str()) != Some(hash))
        })
        .collect();
    theme::render(config, site, theme, view, &stale, sink)?;
    cache
        .outputs
        .extend(fingerprints.into_iter().map(|(_, path, hash)| (path, hash)));
    Ok(())
}

/// What one `emit` makes besides the site's files.
struct Plan<'a> {
    search: bool,
    /// Parts left for later.
    defer: &'a Defer<'a>,
}

fn emit_planned(
    config: &Config,
    compiled: &Compiled,
    theme: &Theme,
    view: &theme::Options,
    plan: Plan,
    cache: &mut Cache,
    sink: &Sink,
) -> Result<(Emitted, Deferred), Vec<Diagnostic>> {
    let search = plan.search;
    let site = &compiled.site;
    let mut parts = theme::parts(config, site);
    // Only an incremental cache knows what a deferred part made last.
    let mut deferred = Deferred::default();
    if cache.incremental {
        parts.retain(|&part| match (plan.defer)(part) {
            Some(path) => {
                deferred.parts.push((part, path));
                false
            }
            None => true,
        });
    }
    // Every output's part, path and fingerprint; the theme's statics have
    // no part (they are written whenever their bytes moved).
    let fingerprints = if cache.incremental {
        let mut all: Vec<(Option<Part>, String, u64)> =
            theme::fingerprints(config, site, theme, view, &parts, &mut cache.fingerprints)?
                .into_iter()
                .map(|(part, path, hash)| (Some(part), path, hash))
                .collect();
        all.extend(
            theme
                .statics
                .iter()
                .map(|f| (None, f.path.clone(), hash_of(&f.bytes))),
        );
        Some(all)
    } else {
        None
    };
    let stale = |path: &str, hash: u64| cache.outputs.get(path) != Some(&hash);
    let selected: Vec<Part> = match &fingerprints {
        Some(fp) => {
            let mut seen = std::collections::HashSet::new();
            fp.iter()
                .filter(|(_, path, hash)| stale(path, *hash))
                .filter_map(|(part, _, _)| *part)
                .filter(|part| seen.insert(*part))
                .collect()
        }
        None => parts.clone(),
    };
    let made = Mutex::new(Vec::new());
    let recording = |file: OutFile| {
        let path = file.path.clone();
        sink(file)?;
        made.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(path);
        Ok(())
    };
    for file in &theme.statics {
        if fingerprints.is_none() || stale(&file.path, hash_of(&file.bytes)) {
            recording(file.clone()).map_err(|e| write_error(config, &e))?;
        }
    }
    // An incremental cache keeps every doc's tokens for the next build;
    // a one-off build does not hold them past the index.
    let index_cache = cache.incremental.then_some(&mut cache.search);
    // The index's files go to the sink as they are made (never all of them
    // in memory at once), each path kept to check what the handbook's own
    // files would overwrite.
    let index_paths = Mutex::new(Vec::new());
    let index_sink = |file: OutFile| {
        index_paths
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(file.path.clone());
        recording(file)
    };
    let (index, rendered) = rayon::join(
        || {
            (search && config.search).then(|| match index_cache {
                Some(c) => c.build_into(&compiled.docs, &index_sink),
                None => crate::search::build_index_into(&compiled.docs, &index_sink),
            })
        },
        || theme::render(config, site, theme, view, &selected, &recording),
    );
    rendered?;
    let index = index.transpose().map_err(|e| write_error(config, &e))?;
    let mut generated: HashMap<String, String> = HashMap::new();
    for path in index_paths
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
    {
        let what = format!("the search index's `{path}`");
        generated.insert(path, what);
    }
    let made = made.into_inner().unwrap_or_else(PoisonError::into_inner);
    let count = made.len();
    let paths = match &fingerprints {
        Some(fp) => (fp.iter().map(|(_, path, _)| path.clone()))
            .chain(deferred.paths().map(String::from))
            .collect(),
        None => made,
    };
    for path in paths {
        let what = if path.starts_with("static/") {
            format!("the theme's `{path}`")
        } else {
            format!("the generated page `{path}`")
        };
        generated.entry(path).or_insert(what);
    }
    let mut errors = collisions(&compiled.assets, &generated);
    if config.search {
        let index = (compiled.assets.iter())
            .filter(|a| a.out.starts_with("search/") && !generated.contains_key(&a.out));
        errors.extend(index.map(|a| {
            Diagnostic::error(
                format!(
                    "`{}` would land inside the search index (`search/`)",
                    a.shown
                ),
                Span::file(&a.shown),
            )
            .with_help("rename or move the file, or turn search off in book.toml")
        }));
    }
    if !errors.is_empty() {
        crate::diagnostic::sort(&mut errors);
        return Err(errors);
    }
    if let Some(fp) = fingerprints {
        // A deferred file keeps what it was last made from until it is
        // fingerprinted again.
        let mut outputs: HashMap<String, u64> =
            fp.into_iter().map(|(_, path, hash)| (path, hash)).collect();
        for path in deferred.paths() {
            if let Some(&hash) = cache.outputs.get(path) {
                outputs.insert(path.to_string(), hash);
            }
        }
        cache.outputs = outputs;
    }
    let emitted = Emitted {
        generated,
        made: count,
        index,
    };
    Ok((emitted, deferred))
}

fn write_error(config: &Config, e: &std::io::Error) -> Vec<Diagnostic> {
    let shown = config.display_path(&config.output_dir);
    vec![Diagnostic::error(
        format!("cannot write the site: {e}"),
        Span::file(&shown),
    )]
}
