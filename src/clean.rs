//! `drillbook clean`: removes what building leaves on disk — the output
//! folder, staging folders a killed build left beside it, and the build
//! cache. Input: the handbook root and an optional `--out`. Output: the
//! paths removed. A folder that does not look like a built site is refused,
//! so a mistyped `--out` never deletes someone's files.

use std::path::{Path, PathBuf};

use crate::config::{self, Config};
use crate::diagnostic::{Diagnostic, Span};
use crate::output;

/// Where the build cache lives, under the handbook root.
pub const CACHE_DIR: &str = ".drillbook-cache";

/// Removes the output (the config's, or `out`), leftover staging folders
/// and the cache; returns what was removed (nothing is not an error).
pub fn clean(root: &Path, out: Option<&Path>) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let config = config::load(root)?;
    // The same refusals as `build` (never an input of the handbook); whether
    // the folder is drillbook's own is checked below, with clean's words.
    let target =
        output::resolve_out(&config, out, output::Overwrite::Force).map_err(|d| vec![d])?;
    let shown = out.map_or_else(
        || config.display_path(&config.output_dir),
        |o| o.display().to_string(),
    );
    let io_error = |path: &Path, e: std::io::Error| {
        vec![Diagnostic::error(
            format!("cannot remove `{}`: {e}", path.display()),
            Span::file(&shown),
        )]
    };
    let mut removed = Vec::new();
    if target.exists() {
        if !output::is_own_output(&target) {
            return Err(vec![
                Diagnostic::error(
                    format!(
                        "refusing to remove `{shown}`: it does not look like a site drillbook built"
                    ),
                    Span::file(&shown),
                )
                .with_label(format!(
                    "expected the `{}` stamp every build leaves in it",
                    output::STAMP
                ))
                .with_help("remove it yourself if it is really the output"),
            ]);
        }
        std::fs::remove_dir_all(&target).map_err(|e| io_error(&target, e))?;
        removed.push(target.clone());
    }
    // Only folders a build stamped, whose process is gone (the build's rule).
    for leftover in output::leftovers(&target) {
        std::fs::remove_dir_all(&leftover).map_err(|e| io_error(&leftover, e))?;
        removed.push(leftover);
    }
    let cache = cache_dir(&config);
    if cache.is_dir() {
        std::fs::remove_dir_all(&cache).map_err(|e| io_error(&cache, e))?;
        removed.push(cache);
    }
    Ok(removed)
}

pub fn cache_dir(config: &Config) -> PathBuf {
    config.root.join(CACHE_DIR)
}
