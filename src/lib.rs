//! drillbook: a static-site generator for bilingual SRE drill handbooks.
//! The pipeline is config → content → render → site → search → theme →
//! output; `build` runs it into a staging folder and swaps it in, `check`
//! runs it without writing anything.

pub mod clean;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod export;
pub mod keys;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod source;
pub mod theme;

/// Helpers for the integration tests (not part of the library's API): they
/// read what a build wrote the way the site's own scripts do.
#[doc(hidden)]
pub mod test_support {
    pub use crate::search::query::query_files;
}

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use config::Config;
use diagnostic::{Diagnostic, Span};
use render::Highlighter;
use site::{Routes, Site};

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

/// A failed run: every error found, plus the warnings seen on the way.
#[derive(Debug)]
pub struct Failure {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
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

/// Runs the whole pipeline.
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
    let (mut site, assets, mut warnings) = compile(&config, options.drafts)?;
    laps.lap("config, content, render, site");
    let theme = theme::load(&config).map_err(|errors| Failure {
        errors,
        warnings: warnings.clone(),
    })?;
    let docs = config.search.then(|| {
        let mut docs = site.take_search_docs(&config);
        docs.push(theme::review_search_doc());
        docs
    });
    laps.lap("theme load");
    let view = theme::Options {
        drafts: options.drafts,
        live_reload: false,
    };
    let written = match &out {
        Some(out) => write(&config, &site, &theme, &view, docs, &assets, out),
        None => render_with_index(&config, &site, &theme, &view, docs, &|_| Ok(())),
    };
    let index = written.map_err(|errors| Failure {
        errors,
        warnings: warnings.clone(),
    })?;
    laps.lap(if out.is_some() {
        "theme, search index, output"
    } else {
        "theme, search index"
    });
    let first_query_bytes = index.as_ref().map(|i| i.first_query_bytes);
    for w in index.map_or_else(Vec::new, |i| i.warnings) {
        warnings.push(Diagnostic::warning(w, Span::file("search index")));
    }
    diagnostic::sort(&mut warnings);
    Ok(Report {
        pages: site.pages.len(),
        warnings,
        out,
        search_first_query_bytes: first_query_bytes,
        elapsed: started.elapsed(),
        timings: laps.laps,
    })
}

/// config → content → routes → render → site, collecting every error.
pub fn compile(
    config: &Config,
    drafts: bool,
) -> Result<(Site, Vec<String>, Vec<Diagnostic>), Failure> {
    let mut content = content::load(config, drafts)?;
    let mut warnings = std::mem::take(&mut content.warnings);
    let mut errors = std::mem::take(&mut content.errors);
    let routes = match Routes::new(config, &content) {
        Ok(routes) => routes,
        Err(mut e) => {
            errors.append(&mut e);
            return Err(failure(errors, warnings));
        }
    };
    let highlighter = Highlighter::default();
    let rendered: Vec<_> = content
        .pages
        .into_par_iter()
        .map(|page| {
            let result = render::render_page(&page, &routes, &highlighter);
            (page, result)
        })
        .collect();
    let mut pages = Vec::with_capacity(rendered.len());
    for (page, result) in rendered {
        match result {
            Ok(r) => {
                warnings.extend(r.warnings.iter().cloned());
                pages.push((page, r));
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    errors.extend(render::check_anchors(
        pages.iter().map(|(p, r)| (p.source.rel.as_str(), r)),
    ));
    if !errors.is_empty() {
        return Err(failure(errors, warnings));
    }
    Ok((
        site::assemble(config, &routes, pages),
        content.assets,
        warnings,
    ))
}

fn failure(mut errors: Vec<Diagnostic>, mut warnings: Vec<Diagnostic>) -> Failure {
    diagnostic::sort(&mut errors);
    diagnostic::sort(&mut warnings);
    Failure { errors, warnings }
}

/// The search index's figures for the report (its files went to the sink).
struct IndexSummary {
    first_query_bytes: usize,
    warnings: Vec<String>,
}

/// Renders the site into `sink` while the search index is built beside it
/// (the index needs only the pages' text, the theme only the site, and the
/// writer thread waits on the disk), then hands the index files over too.
fn render_with_index(
    config: &Config,
    site: &Site,
    theme: &theme::Theme,
    view: &theme::Options,
    docs: Option<Vec<search::SearchDoc>>,
    sink: &output::Sink,
) -> Result<Option<IndexSummary>, Vec<Diagnostic>> {
    let (index, rendered) = rayon::join(
        || docs.map(|docs| search::build_index(&docs)),
        || theme::render_site(config, site, theme, view, sink),
    );
    rendered?;
    let Some(index) = index else { return Ok(None) };
    for f in index.files {
        sink(output::OutFile {
            path: f.path,
            bytes: f.bytes,
        })
        .map_err(|e| {
            let shown = config.display_path(&config.output_dir);
            vec![Diagnostic::error(
                format!("cannot write the search index: {e}"),
                Span::file(&shown),
            )]
        })?;
    }
    Ok(Some(IndexSummary {
        first_query_bytes: index.first_query_bytes,
        warnings: index.warnings,
    }))
}

/// Writes the whole site into a staging folder and swaps it in.
fn write(
    config: &Config,
    site: &Site,
    theme: &theme::Theme,
    view: &theme::Options,
    docs: Option<Vec<search::SearchDoc>>,
    assets: &[String],
    out: &Path,
) -> Result<Option<IndexSummary>, Vec<Diagnostic>> {
    let shown = out.display().to_string();
    let io_error = |e: std::io::Error| {
        vec![Diagnostic::error(
            format!("cannot write `{shown}`: {e}"),
            Span::file(&shown),
        )]
    };
    let staging = output::Staging::new(out).map_err(io_error)?;
    let (rendered, written) = output::with_writer(&staging, |sink| {
        for file in &theme.statics {
            sink(file.clone()).map_err(io_error)?;
        }
        render_with_index(config, site, theme, view, docs, sink)
    });
    // The writer's own error is the cause; the sink only saw it stop.
    written.map_err(io_error)?;
    let index = rendered?;
    for asset in assets {
        staging
            .copy(&crate::source::join_rel(&config.content_dir, asset), asset)
            .map_err(io_error)?;
    }
    output::copy_static(config, &staging).map_err(io_error)?;
    staging.commit().map_err(io_error)?;
    Ok(index)
}
