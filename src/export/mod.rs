//! Exports beside the site: formats other tools import, made from the same
//! compiled `Site` that `build` renders (never a second pipeline). Input: a
//! `Config` and its `Site`. Output: the exported file's text.

pub mod anki;
mod parts;

use std::path::{Path, PathBuf};

use crate::Failure;
use crate::diagnostic::Diagnostic;

/// What `drillbook export anki` is asked for.
#[derive(Debug, Clone)]
pub struct AnkiOptions {
    pub root: PathBuf,
    pub drafts: bool,
}

/// Compiles the handbook as `build` does and makes its Anki deck; a
/// handbook with errors gives the errors and no deck. The warnings seen on
/// the way come back beside the deck.
pub fn anki(options: &AnkiOptions) -> Result<(anki::Deck, Vec<Diagnostic>), Failure> {
    let config = crate::config::load(&options.root)?;
    let mut cache = crate::build::Cache::default();
    let changed = crate::build::Changed::Unknown;
    let compiled = crate::build::compile(&config, options.drafts, changed, &mut cache)?;
    Ok((anki::deck(&config, &compiled.site), compiled.warnings))
}

/// Writes `bytes` to `path` through a temporary file beside it, so a failed
/// write never leaves half a file where the old one was.
pub fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "export".into(), |n| n.to_string_lossy().into_owned());
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::write(&temp, bytes).and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}
