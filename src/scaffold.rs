//! `drillbook new` and `drillbook init`: write pages and handbooks from
//! skeletons. Input: `NewPage` (kind, module, title, template format) or a
//! folder. Output: the files written (never overwriting one). Every skeleton
//! passes `drillbook check --deny-warnings` as written, which the tests hold
//! it to.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config;
use crate::content::Kind;
use crate::diagnostic::{Diagnostic, did_you_mean};

mod skeletons;

pub use skeletons::FORMATS;

#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("unknown module `{module}`: expected {expected}")]
    UnknownModule {
        module: String,
        expected: String,
        /// `did you mean …?` when an id is close.
        help: Option<String>,
    },
    #[error(
        "the title is empty: give the page a title, e.g. `drillbook new drill debug \"Disk full on /var\"`"
    )]
    EmptyTitle,
    #[error("unknown template format `{0}`: expected {formats}", formats = crate::diagnostic::one_of(FORMATS))]
    UnknownFormat(String),
    /// `book.toml` has errors; they are diagnostics of their own.
    #[error("the handbook's book.toml has errors")]
    Config(Vec<Diagnostic>),
    #[error("`{0}` already exists; refusing to overwrite it")]
    Exists(PathBuf),
    #[error(
        "`{0}` is not empty; refusing to start a handbook there (use `--force` to add the files anyway)"
    )]
    NotEmpty(PathBuf),
    #[error("cannot write `{path}`: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl ScaffoldError {
    /// A hint printed under the error, when there is one.
    pub fn help(&self) -> Option<&str> {
        match self {
            ScaffoldError::UnknownModule { help, .. } => help.as_deref(),
            _ => None,
        }
    }
}

/// What `drillbook new` is asked for.
#[derive(Debug, Clone)]
pub struct NewPage {
    pub root: PathBuf,
    pub kind: Kind,
    pub module: String,
    pub title: String,
    /// The Chinese title; the skeleton repeats `title` when it is not given.
    pub title_zh: Option<String>,
    /// A template's format (one of `FORMATS`); `slack` when not given.
    pub format: Option<String>,
}

/// Writes `content/<module>/<slug>.md` and returns its path.
pub fn new_page(request: &NewPage) -> Result<PathBuf, ScaffoldError> {
    if request.title.trim().is_empty() {
        return Err(ScaffoldError::EmptyTitle);
    }
    let format = request.format.as_deref().unwrap_or("slack");
    if !FORMATS.contains(&format) {
        return Err(ScaffoldError::UnknownFormat(format.to_string()));
    }
    let config = config::load(&request.root).map_err(ScaffoldError::Config)?;
    if config.module(&request.module).is_none() {
        return Err(ScaffoldError::UnknownModule {
            module: request.module.clone(),
            expected: config::expected_modules(&config),
            help: did_you_mean(&request.module, config.module_ids()),
        });
    }
    let path = config
        .content_dir
        .join(&request.module)
        .join(format!("{}.md", file_slug(&request.title)));
    write_new(&path, &skeletons::page(request, format))?;
    Ok(path)
}

/// A file name from a title: lowercase words joined by `-`, keeping Chinese
/// (and other) letters as they are; a title with no letters at all gets a
/// short hash so it still has a stable, unique-enough name.
pub fn file_slug(title: &str) -> String {
    let slug = crate::render::slug(title);
    if slug != "section" || title.to_lowercase().contains("section") {
        return slug;
    }
    let mut h = DefaultHasher::new();
    title.hash(&mut h);
    format!("page-{:08x}", h.finish() as u32)
}

/// Writes `text` to a new file at `path`, creating folders; never overwrites.
fn write_new(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    let io = |source| ScaffoldError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => ScaffoldError::Exists(path.to_path_buf()),
            _ => io(e),
        })?;
    file.write_all(text.as_bytes()).map_err(io)
}

/// Starts a handbook in `dir`; returns the files written. A non-empty `dir`
/// is refused unless `force` (even then, no existing file is overwritten).
pub fn init(dir: &Path, force: bool) -> Result<Vec<PathBuf>, ScaffoldError> {
    let non_empty = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if non_empty && !force {
        return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
    }
    let files = [
        ("book.toml", BOOK_TOML),
        (".gitignore", "/public/\n/.drillbook-cache/\n"),
        ("content/debug/sample-drill.md", SAMPLE_DRILL),
        ("content/expression/sample-template.md", SAMPLE_TEMPLATE),
    ];
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        write_new(&path, text)?;
        written.push(path);
    }
    for module in ["code-review", "system-design"] {
        let path = dir.join("content").join(module);
        std::fs::create_dir_all(&path).map_err(|source| ScaffoldError::Io { path, source })?;
    }
    Ok(written)
}

const BOOK_TOML: &str = include_str!("scaffold/book.toml");
const SAMPLE_DRILL: &str = include_str!("scaffold/sample-drill.md");
const SAMPLE_TEMPLATE: &str = include_str!("scaffold/sample-template.md");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_words_and_unicode() {
        assert_eq!(file_slug("Disk full on /var!"), "disk-full-on-var");
        assert_eq!(file_slug("容器写日志失败"), "容器写日志失败");
        assert!(file_slug("!!!").starts_with("page-"));
        assert_eq!(file_slug("Section 3"), "section-3");
    }
}
