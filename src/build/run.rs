//! `drillbook build` and `check`: one cold `compile` + `emit`, into a
//! staging folder swapped in whole on success (`build`), or into nothing
//! (`check`, which still renders every page so theme errors surface).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::{self, Config};
use crate::diagnostic::{self, Diagnostic, Span};
use crate::output;
use crate::theme;

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
    },
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
    let started = Instant::now();
    let config = config::load(&options.root)?;
    let out = match &options.target {
        Target::Write { out, overwrite } => {
            Some(output::resolve_out(&config, out.as_deref(), *overwrite)?)
        }
        Target::Check => None,
    };
    let mut laps = Laps::new();
    let mut cache = Cache::default();
    let compiled = compile(&config, options.drafts, Changed::Unknown, &mut cache)?;
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
    let emitted = match &out {
        Some(out) => write(&config, &compiled, &theme, &view, &mut cache, out),
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
    let mut warnings = compiled.warnings;
    let index = emitted.index;
    let first_query_bytes = index.as_ref().map(|i| i.first_query_bytes);
    for w in index.map_or_else(Vec::new, |i| i.warnings) {
        warnings.push(Diagnostic::warning(w, Span::file("search index")));
    }
    diagnostic::sort(&mut warnings);
    Ok(Report {
        pages: compiled.site.pages.len(),
        warnings,
        out,
        search_first_query_bytes: first_query_bytes,
        elapsed: started.elapsed(),
        timings: laps.laps,
    })
}

/// Writes the whole site into a staging folder and swaps it in.
fn write(
    config: &Config,
    compiled: &Compiled,
    theme: &theme::Theme,
    view: &theme::Options,
    cache: &mut Cache,
    out: &Path,
) -> Result<Emitted, Vec<Diagnostic>> {
    let shown = out.display().to_string();
    let io_error = |e: std::io::Error| {
        vec![Diagnostic::error(
            format!("cannot write `{shown}`: {e}"),
            Span::file(&shown),
        )]
    };
    let staging = output::Staging::new(out).map_err(io_error)?;
    let (emitted, written) = output::with_writer(&staging, |sink| {
        emit(config, compiled, theme, view, true, cache, sink)
    });
    // The writer's own error is the cause; the sink only saw it stop.
    written.map_err(io_error)?;
    let emitted = emitted?;
    for asset in &compiled.assets {
        staging.copy(&asset.src, &asset.out).map_err(io_error)?;
    }
    staging.commit().map_err(io_error)?;
    Ok(emitted)
}
