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
    fn render(&self, name: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, ctx)
            .map_err(|e| tera_error(&e, &self.sources))
    }
}

/// Renders every HTML file of the site, in parallel, handing each to `sink`.
/// Stops at the first template error (every page would repeat it).
pub fn render_site(
    config: &Config,
    site: &Site,
    theme: &Theme,
    options: &context::Options,
    sink: &(dyn Fn(OutFile) -> std::io::Result<()> + Sync),
) -> Result<(), Vec<Diagnostic>> {
    let renderer = Renderer::new(config, site, theme, options);
    let io_error = |e: std::io::Error| {
        vec![Diagnostic::error(
            format!("cannot write the site: {e}"),
            Span::file(&config.display_path(&config.output_dir)),
        )]
    };
    let pages: Result<(), Vec<Diagnostic>> =
        (0..site.pages.len()).into_par_iter().try_for_each(|i| {
            let file = renderer.page(i).map_err(|d| vec![d])?;
            sink(file).map_err(io_error)
        });
    pages?;
    for file in renderer.listings().map_err(|d| vec![d])? {
        sink(file).map_err(io_error)?;
    }
    Ok(())
}

/// Some of the site's HTML files, for serve's one-page rebuilds.
#[derive(Debug, Default)]
pub struct Selection {
    /// Indices into `Site::pages`.
    pub pages: Vec<usize>,
    /// Every listing (home, modules, tags, 404, the table of contents and
    /// the print pages); otherwise only those below.
    pub all_listings: bool,
    /// Indices into the config's modules.
    pub modules: Vec<usize>,
    /// Indices into `Site::tags`.
    pub tags: Vec<usize>,
    pub tag_index: bool,
}

/// Up to this many pages, serve re-renders the print pages on every save.
const PRINT_ON_EDIT: usize = 500;

/// One HTML file of the site.
#[derive(Clone, Copy)]
enum Part {
    Page(usize),
    Home,
    Module(usize),
    TagIndex,
    Tag(usize),
    NotFound,
    /// `static/toc.js`, which names every page.
    Toc,
    /// The print pages, which hold every page's body.
    Print,
    Review,
    /// `review/drills.js`, the list of drills the Review page shows.
    Drills,
    Sitemap,
}

impl Selection {
    fn parts(&self, site: &Site) -> Vec<Part> {
        let mut parts: Vec<Part> = self.pages.iter().map(|&i| Part::Page(i)).collect();
        if self.all_listings {
            parts.push(Part::Home);
            parts.extend((0..site.modules.len()).map(Part::Module));
            parts.push(Part::TagIndex);
            parts.extend((0..site.tags.len()).map(Part::Tag));
            parts.push(Part::NotFound);
            parts.push(Part::Toc);
            parts.extend([Part::Review, Part::Drills]);
            parts.push(Part::Sitemap);
        } else {
            parts.extend(self.modules.iter().map(|&m| Part::Module(m)));
            parts.extend(self.tags.iter().map(|&t| Part::Tag(t)));
            parts.extend(self.tag_index.then_some(Part::TagIndex));
            // A module page is re-rendered when a page's title, kind or
            // place changed: the sidebar shows the same.
            parts.extend((!self.modules.is_empty()).then_some(Part::Toc));
        }
        // The print pages hold every page's body: re-rendering them on each
        // one-page save would cost serve its ~20 ms edits in a big handbook,
        // so there they follow only the saves that redo every listing.
        if self.all_listings || (!self.pages.is_empty() && site.pages.len() <= PRINT_ON_EDIT) {
            parts.push(Part::Print);
            // A module listing changes when a drill's title or place does;
            // so does the Review page's list of drills.
            if !self.modules.is_empty() {
                parts.push(Part::Drills);
            }
        }
        parts
    }
}

/// Renders only the files `selection` names, in parallel, handing each to
/// `sink`; the rest of the site is taken to be unchanged.
pub fn render_some(
    config: &Config,
    site: &Site,
    theme: &Theme,
    options: &context::Options,
    selection: &Selection,
    sink: &(dyn Fn(OutFile) + Sync),
) -> Result<(), Vec<Diagnostic>> {
    let renderer = Renderer::new(config, site, theme, options);
    let parts = selection.parts(site);
    parts.par_iter().try_for_each(|&part| {
        let files = match part {
            Part::Page(i) => renderer.page(i).map(|f| vec![f]),
            Part::Home => renderer.home().map(|f| vec![f]),
            Part::Module(m) => renderer.module(m),
            Part::TagIndex => renderer.tag_index().map(|f| vec![f]),
            Part::Tag(t) => renderer.tag(t),
            Part::NotFound => renderer.not_found().map(|f| vec![f]),
            Part::Toc => Ok(vec![renderer.toc()]),
            Part::Print => renderer.print_pages(),
            Part::Sitemap => Ok(renderer.sitemap().into_iter().collect()),
            Part::Review => renderer.review().map(|f| vec![f]),
            Part::Drills => review::drills_js(config, site).map(|f| vec![f]),
        };
        for file in files.map_err(|d| vec![d])? {
            sink(file);
        }
        Ok(())
    })
}

pub use context::Options;
