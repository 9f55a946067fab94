//! Stage 6, theme. Input: the `Site`, the config and the search stage's
//! budget. Output: every HTML file of the site as an `OutFile`, rendered with
//! tera from `#[derive(Serialize)]` contexts (`context`). The default theme is
//! built into the binary; a handbook's `themes/<name>/` overrides it file by
//! file. Template errors become diagnostics at the template's line.

mod context;
mod listing;
mod print;
mod review;
mod sitemap;
mod toc;

use std::collections::HashMap;
use std::path::Path;

use include_dir::{Dir, include_dir};
use rayon::prelude::*;
use tera::Tera;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Span};
use crate::output::OutFile;
use crate::site::Site;

pub use context::Renderer;
pub use listing::PER_PAGE;
pub use print::{PrintSet, print_path};
pub use review::search_doc as review_search_doc;
pub use toc::TOC_PATH;

static BUILT_IN: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Parsed templates plus the theme's static files.
pub struct Theme {
    tera: Tera,
    /// Template name → (path shown in errors, source), for error snippets.
    sources: HashMap<String, (String, String)>,
    /// The theme's static files at their output paths (`static/…`), with
    /// the highlighting stylesheet its pages link to.
    pub statics: Vec<OutFile>,
}

pub fn load(config: &Config) -> Result<Theme, Vec<Diagnostic>> {
    let override_dir = config.root.join("themes").join(&config.theme);
    if config.theme != "default" && !override_dir.is_dir() {
        let shown = config.display_path(&config.root.join("book.toml"));
        return Err(vec![
            Diagnostic::error(
                format!("theme `{}` not found", config.theme),
                Span::file(&shown),
            )
            .with_label(format!(
                "expected a folder `{}`",
                config.display_path(&override_dir)
            ))
            .with_help("remove `theme` from `[build]` to use the built-in `default` theme"),
        ]);
    }
    let mut templates: HashMap<String, (String, String)> = HashMap::new();
    let mut statics: HashMap<String, Vec<u8>> = HashMap::new();
    collect_built_in(&BUILT_IN, &mut templates, &mut statics);
    if override_dir.is_dir() {
        collect_dir(config, &override_dir, &mut templates, &mut statics)?;
    }
    let mut tera = Tera::new();
    let list: Vec<(String, String)> = templates
        .iter()
        .map(|(name, (_, src))| (name.clone(), src.clone()))
        .collect();
    tera.add_raw_templates(list)
        .map_err(|e| vec![tera_error(&e, &templates)])?;
    statics.insert(
        "highlight.css".into(),
        crate::render::highlight_css().into_bytes(),
    );
    let mut statics: Vec<OutFile> = statics
        .into_iter()
        .map(|(path, bytes)| OutFile {
            path: format!("static/{path}"),
            bytes,
        })
        .collect();
    statics.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Theme {
        tera,
        sources: templates,
        statics,
    })
}

fn collect_built_in(
    dir: &Dir,
    templates: &mut HashMap<String, (String, String)>,
    statics: &mut HashMap<String, Vec<u8>>,
) {
    for file in dir.files() {
        let rel = file.path().to_string_lossy().replace('\\', "/");
        if let Some(name) = rel.strip_prefix("templates/") {
            let source = String::from_utf8_lossy(file.contents()).into_owned();
            templates.insert(
                name.to_string(),
                (format!("(built-in theme) themes/default/{rel}"), source),
            );
        } else if let Some(name) = rel.strip_prefix("static/") {
            statics.insert(name.to_string(), file.contents().to_vec());
        }
    }
    for sub in dir.dirs() {
        collect_built_in(sub, templates, statics);
    }
}

fn collect_dir(
    config: &Config,
    dir: &Path,
    templates: &mut HashMap<String, (String, String)>,
    statics: &mut HashMap<String, Vec<u8>>,
) -> Result<(), Vec<Diagnostic>> {
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let shown = config.display_path(entry.path());
        let bytes = std::fs::read(entry.path()).map_err(|e| {
            vec![Diagnostic::error(
                format!("cannot read `{shown}`: {e}"),
                Span::file(&shown),
            )]
        })?;
        if let Some(name) = rel.strip_prefix("templates/") {
            let source = crate::source::decode_text(&bytes, &shown).map_err(|d| vec![d])?;
            templates.insert(name.to_string(), (shown, source));
        } else if let Some(name) = rel.strip_prefix("static/") {
            statics.insert(name.to_string(), bytes);
        }
    }
    Ok(())
}

/// A tera error as a diagnostic at the template's own line and column.
fn tera_error(err: &tera::Error, sources: &HashMap<String, (String, String)>) -> Diagnostic {
    let report = match err.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => r,
        other => {
            return Diagnostic::error(
                format!("theme error: {}", first_line(&other.to_string())),
                Span::file("theme"),
            );
        }
    };
    let (shown, source) = sources
        .get(report.filename())
        .cloned()
        .unwrap_or_else(|| (report.filename().to_string(), String::new()));
    let span = report.span();
    let len = if span.end_line == span.start_line {
        span.end_col.saturating_sub(span.start_col)
    } else {
        1
    };
    let at = Span::in_text(&shown, &source, span.start_line, span.start_col + 1, len);
    Diagnostic::error(format!("theme template error: {}", report.message()), at)
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}

impl Theme {
    /// A digest of every template and static file the theme was loaded
    /// with (the built-in files and the handbook's own, symlinked or not):
    /// a template edit changes outputs whose fingerprints do not move.
    pub fn digest(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let mut names: Vec<&String> = self.sources.keys().collect();
        names.sort();
        for name in names {
            (name, &self.sources[name].1).hash(&mut h);
        }
        for file in &self.statics {
            (&file.path, &file.bytes).hash(&mut h);
        }
        h.finish()
    }

    fn render(&self, name: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, ctx)
            .map_err(|e| tera_error(&e, &self.sources))
    }
}

/// One generated file of the site. Adding a generated page means a variant
/// here, its place in `parts`, and its arm in `Renderer::make`: the build
/// driver renders, fingerprints and diffs every part the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// A page, by its index into `Site::pages`.
    Page(usize),
    Home,
    /// A module's listing, by its index into the config's modules.
    Module(usize),
    TagIndex,
    /// A tag's page, by its index into `Site::tags`.
    Tag(usize),
    NotFound,
    /// The practice loop's Review page.
    Review,
    /// `review/drills.js`, the list of drills the Review page shows.
    Drills,
    /// `sitemap.xml` (only with an absolute `base_url`).
    Sitemap,
    /// `static/toc.js`, the book's navigation tree, which names every page.
    Toc,
    /// One print file (a part of the whole handbook's or of a module's
    /// print set, see `print_parts`), which holds its pages' bodies.
    Print(PrintSet, usize),
}

/// Every generated file of the site: pages, then listings.
pub fn parts(config: &Config, site: &Site) -> Vec<Part> {
    let mut parts: Vec<Part> = (0..site.pages.len()).map(Part::Page).collect();
    parts.push(Part::Home);
    parts.extend((0..site.modules.len()).map(Part::Module));
    parts.push(Part::TagIndex);
    parts.extend((0..site.tags.len()).map(Part::Tag));
    parts.push(Part::NotFound);
    parts.extend([Part::Review, Part::Drills, Part::Toc]);
    parts.extend((print::print_parts(site).into_iter()).map(|(set, k)| Part::Print(set, k)));
    if config.absolute_base_url().is_some() {
        parts.push(Part::Sitemap);
    }
    parts
}

/// Renders `parts`, in parallel, handing each file to `sink`. Stops at the
/// first template error (every page would repeat it).
pub fn render(
    config: &Config,
    site: &Site,
    theme: &Theme,
    options: &Options,
    parts: &[Part],
    sink: &crate::output::Sink,
) -> Result<(), Vec<Diagnostic>> {
    let renderer = Renderer::new(config, site, theme, options);
    let io_error = |e: std::io::Error| {
        vec![Diagnostic::error(
            format!("cannot write the site: {e}"),
            Span::file(&config.display_path(&config.output_dir)),
        )]
    };
    parts.par_iter().try_for_each(|&part| {
        for made in renderer.make(part).map_err(|d| vec![d])? {
            match made {
                Made::File(file) => sink(file).map_err(io_error)?,
                Made::Fingerprint { .. } => unreachable!("a plain renderer makes files"),
            }
        }
        Ok(())
    })
}

/// A fingerprint of every output of every part (a listing may have several
/// pages): its path and a hash of everything its template is handed. Equal
/// fingerprints mean equal bytes (for one loaded theme), so only the parts
/// whose fingerprint moved are rendered. Pages made from the same inputs as
/// last time keep their fingerprint from `kept` (see `Fingerprints`).
pub fn fingerprints(
    config: &Config,
    site: &Site,
    theme: &Theme,
    options: &Options,
    parts: &[Part],
    kept: &mut Fingerprints,
) -> Result<Vec<(Part, String, u64)>, Vec<Diagnostic>> {
    let renderer = Renderer::new(config, site, theme, options).fingerprinting();
    let shared = renderer.shared_digest().map_err(|d| vec![d])?;
    type PerPart = (Vec<(Part, String, u64)>, Option<context::PageKey>);
    let per_part: Vec<PerPart> = parts
        .par_iter()
        .map(|&part| {
            if let Part::Page(i) = part {
                let (path, hash, key) = renderer.page_fingerprint(i, shared, kept)?;
                return Ok((vec![(part, path, hash)], key));
            }
            let made = renderer.make(part)?;
            let made = made.into_iter().map(|made| match made {
                Made::Fingerprint { path, hash } => (part, path, hash),
                Made::File(_) => unreachable!("a fingerprinting renderer makes no files"),
            });
            Ok((made.collect(), None))
        })
        .collect::<Result<_, Diagnostic>>()
        .map_err(|d| vec![d])?;
    let mut all = Vec::with_capacity(per_part.len());
    // Only the pages of this site are kept: a page gone lets go of its inputs.
    let mut pages = std::collections::HashMap::with_capacity(site.pages.len());
    for (made, mut key) in per_part {
        for (part, path, hash) in made {
            if let Part::Page(i) = part {
                let rel = &site.pages[i].page.source.rel;
                let entry = match key.take() {
                    Some(fresh) => Some((fresh, path.clone(), hash)),
                    None => kept.pages.remove(rel),
                };
                if let Some(entry) = entry {
                    pages.insert(rel.clone(), entry);
                }
            }
            all.push((part, path, hash));
        }
    }
    kept.pages = pages;
    Ok(all)
}

pub use context::{Fingerprints, HashWriter, Made, Options};
