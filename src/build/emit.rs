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

/// The search index's figures for the report (its files went to the sink).
#[derive(Debug)]
pub struct IndexSummary {
    pub first_query_bytes: usize,
    pub warnings: Vec<String>,
}

/// What `emit` did.
#[derive(Debug)]
pub struct Emitted {
    /// Every file the site generates (made this time or not), with what
    /// makes it: anything else at another path is stale.
    pub generated: HashMap<String, String>,
    /// Files handed to the sink.
    pub made: usize,
    pub index: Option<IndexSummary>,
}

/// Outputs `emit_deferring` left to make: their parts, and each of their
/// files' fingerprint, recorded in the cache only once they are made.
#[derive(Default)]
pub struct Deferred {
    parts: Vec<Part>,
    outputs: Vec<(String, u64)>,
}

impl Deferred {
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The files still to make (their last bytes are out of date).
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.outputs.iter().map(|(path, _)| path.as_str())
    }
}

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
        defer: &|_| false,
    };
    emit_planned(config, compiled, theme, view, plan, cache, sink).map(|(emitted, _)| emitted)
}

/// `emit` without the search index, leaving the stale parts `defer` picks
/// (for an incremental cache) to `emit_deferred`: serve publishes an edited
/// page without waiting for the big files that also show it.
pub fn emit_deferring(
    config: &Config,
    compiled: &Compiled,
    theme: &Theme,
    view: &theme::Options,
    defer: &(dyn Fn(Part) -> bool + Sync),
    cache: &mut Cache,
    sink: &Sink,
) -> Result<(Emitted, Deferred), Vec<Diagnostic>> {
    let plan = Plan {
        search: false,
        defer,
    };
    emit_planned(config, compiled, theme, view, plan, cache, sink)
}

/// Makes what `emit_deferring` left, from the same `compiled` site, and
/// records it in the cache as made.
pub fn emit_deferred(
    config: &Config,
    compiled: &Compiled,
    theme: &Theme,
    view: &theme::Options,
    deferred: Deferred,
    cache: &mut Cache,
    sink: &Sink,
) -> Result<(), Vec<Diagnostic>> {
    theme::render(config, &compiled.site, theme, view, &deferred.parts, sink)?;
    cache.outputs.extend(deferred.outputs);
    Ok(())
}

/// What one `emit` makes besides the site's files.
struct Plan<'a> {
    search: bool,
    /// Stale parts left for later.
    defer: &'a (dyn Fn(Part) -> bool + Sync),
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
    let parts = theme::parts(config, site);
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
    let mut selected: Vec<Part> = match &fingerprints {
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
    // Only an incremental cache knows which files a deferred part makes.
    let mut deferred = Deferred::default();
    if fingerprints.is_some() {
        let later: Vec<Part> = selected.iter().copied().filter(|p| (plan.defer)(*p)).collect();
        selected.retain(|p| !later.contains(p));
        deferred.parts = later;
    }
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
    let (index, rendered) = rayon::join(
        || (search && config.search).then(|| crate::search::build_index(&compiled.docs)),
        || theme::render(config, site, theme, view, &selected, &recording),
    );
    rendered?;
    let mut generated: HashMap<String, String> = HashMap::new();
    let index = match index {
        Some(index) => {
            for f in index.files {
                generated.insert(f.path.clone(), format!("the search index's `{}`", f.path));
                recording(f).map_err(|e| write_error(config, &e))?;
            }
            Some(IndexSummary {
                first_query_bytes: index.first_query_bytes,
                warnings: index.warnings,
            })
        }
        None => None,
    };
    let made = made.into_inner().unwrap_or_else(PoisonError::into_inner);
    let count = made.len();
    let paths = match &fingerprints {
        Some(fp) => fp.iter().map(|(_, path, _)| path.clone()).collect(),
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
        let later: std::collections::HashSet<Part> = deferred.parts.iter().copied().collect();
        let mut outputs = HashMap::with_capacity(fp.len());
        for (part, path, hash) in fp {
            // A deferred file counts as stale until it is made.
            if part.is_some_and(|p| later.contains(&p)) {
                deferred.outputs.push((path, hash));
            } else {
                outputs.insert(path, hash);
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
