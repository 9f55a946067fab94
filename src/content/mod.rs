//! Stage 2, content. Input: the `Config`. Output: the handbook's `Page`s
//! (front matter parsed and validated, body kept as text) and its assets.
//! Steps: `discover` walks `content/` with walkdir; each file is read and
//! decoded (BOM dropped, CRLF folded, bad UTF-8 named by line); `front_matter`
//! splits and types the YAML header.

mod front_matter;
mod yaml;

use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Span};
use crate::source::{decode_text, is_page, join_rel, walk};

pub use front_matter::{FrontMatter, Kind, Level, Placeholder, Source, keys as front_matter_keys};

/// One page file as read from disk.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SourceFile {
    /// Path relative to the content directory, `/`-separated.
    pub rel: String,
    /// Path as shown in diagnostics.
    pub shown: String,
    /// The decoded text (no BOM, `\n` line breaks).
    pub text: String,
}

/// A page whose front matter is valid; its body is rendered by `render`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Page {
    pub source: SourceFile,
    pub fm: FrontMatter,
    /// The module id (the page's first folder); `None` for top-level guides.
    pub module: Option<String>,
    /// Byte offset of the body in `source.text`.
    pub body_offset: usize,
    /// 1-based line number of the body's first line.
    pub body_line: usize,
}

impl Page {
    pub fn body(&self) -> &str {
        &self.source.text[self.body_offset..]
    }
}

/// What `load` found under `content/`.
#[derive(Debug, Default)]
pub struct Content {
    pub pages: Vec<Arc<Page>>,
    /// Other files, relative to the content directory (copied as they are).
    pub assets: Vec<String>,
    /// Drafts left out of this build (so links to them can say why).
    pub drafts: Vec<String>,
    /// Pages that failed to parse: links to them are not reported as broken.
    pub failed: Vec<String>,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// Discovers, reads and parses every page. Drafts are dropped unless `drafts`.
/// A page that fails is reported in `errors` and the others go on, so one
/// run shows every problem. (The build driver does the same with caches.)
pub fn load(config: &Config, drafts: bool) -> Result<Content, Vec<Diagnostic>> {
    let found = discover(config)?;
    let parsed: Vec<Result<Page, Vec<Diagnostic>>> = found
        .pages
        .par_iter()
        .map(|rel| read_page(config, rel))
        .collect();
    let pages = found.pages.clone();
    let parsed = pages
        .into_iter()
        .zip(parsed.into_iter().map(|r| r.map(Arc::new)));
    Ok(collect(found, parsed, drafts))
}

/// Sorts parsed pages into a `Content`: drafts left out unless `drafts`,
/// failures kept as errors (and their paths, so links to them are not
/// reported as broken on top).
pub fn collect(
    found: Found,
    parsed: impl IntoIterator<Item = (String, Result<Arc<Page>, Vec<Diagnostic>>)>,
    drafts: bool,
) -> Content {
    let mut content = Content {
        assets: found.assets,
        warnings: found.warnings,
        ..Content::default()
    };
    for (rel, result) in parsed {
        match result {
            Ok(page) if page.fm.draft && !drafts => content.drafts.push(rel),
            Ok(page) => content.pages.push(page),
            Err(mut diags) => {
                content.failed.push(rel);
                content.errors.append(&mut diags);
            }
        }
    }
    content
        .pages
        .sort_by(|a, b| a.source.rel.cmp(&b.source.rel));
    content
}

/// The files under `content/`, before any is read.
#[derive(Debug, Default, Clone)]
pub struct Found {
    /// Pages (`.md` in any case), relative to the content directory.
    pub pages: Vec<String>,
    pub assets: Vec<String>,
    pub warnings: Vec<Diagnostic>,
}

/// Walks `content/` (see `source::walk` for what is skipped and why):
/// `.md` files are pages, other files assets.
pub fn discover(config: &Config) -> Result<Found, Vec<Diagnostic>> {
    let dir = &config.content_dir;
    if !dir.is_dir() {
        let shown = config.display_path(dir);
        return Err(vec![
            Diagnostic::error(
                format!("content directory `{shown}` does not exist"),
                Span::file(&config.display_path(&config.root.join("book.toml"))),
            )
            .with_help("create it, or set `[build] content = \"…\"` in book.toml"),
        ]);
    }
    let walked = walk(&config.root, dir, &|p| config.display_path(p));
    let (pages, assets) = walked.files.into_iter().partition(|rel| is_page(rel));
    Ok(Found {
        pages,
        assets,
        warnings: walked.warnings,
    })
}

fn read_page(config: &Config, rel: &str) -> Result<Page, Vec<Diagnostic>> {
    let path = config.content_dir.join(rel);
    let shown = config.display_path(&path);
    let bytes = std::fs::read(&path).map_err(|e| {
        vec![Diagnostic::error(
            format!("cannot read `{shown}`: {e}"),
            Span::file(&shown),
        )]
    })?;
    parse_page(config, rel, &bytes)
}

/// Parses one page from its bytes (serve reads and hashes them itself, so
/// an unchanged file is not parsed again); every front matter error at once.
pub fn parse_page(config: &Config, rel: &str, bytes: &[u8]) -> Result<Page, Vec<Diagnostic>> {
    let shown = config.display_path(&join_rel(&config.content_dir, rel));
    let text = decode_text(bytes, &shown).map_err(|e| vec![e])?;
    let source = SourceFile {
        rel: rel.to_string(),
        shown,
        text,
    };
    let module = module_of(config, &source).map_err(|e| vec![e])?;
    front_matter::parse(config, source, module)
}

/// The module a page belongs to: its first folder, which must be a module.
fn module_of(config: &Config, source: &SourceFile) -> Result<Option<String>, Diagnostic> {
    let Some((folder, _)) = source.rel.split_once('/') else {
        return Ok(None);
    };
    if config.module(folder).is_some() {
        return Ok(Some(folder.to_string()));
    }
    let mut diag = Diagnostic::error(
        format!("folder `{folder}` is not a module in book.toml"),
        Span::file(&source.shown),
    )
    .with_label(format!(
        "expected a folder named {}",
        crate::config::expected_modules(config)
    ));
    if let Some(help) = crate::diagnostic::did_you_mean(folder, config.module_ids()) {
        diag = diag.with_help(help);
    }
    Err(diag.with_help("add a `[[modules]]` entry to book.toml, or move the file"))
}

/// A blank's name: ASCII letters, digits and `_`, not starting with a digit.
/// Front matter checks `placeholders:` keys with it, and render finds
/// `{{name}}` blanks with it.
pub fn is_blank_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}
