//! Output safety: which folder a build may replace. Input: the config, the
//! `--out` asked for and `--force`. Output: the folder's resolved path, or a
//! diagnostic saying why not. Steps: resolve symlinks (a link is judged by
//! its target), refuse every input of the handbook and any folder holding
//! one, then accept only a folder that is absent, empty, or stamped by an
//! earlier build (anything else needs `--force`).

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Span};

/// The marker every build leaves in its output: a folder holding it was
/// written by drillbook, so the next build may replace it.
pub const STAMP: &str = ".drillbook";
const STAMP_TEXT: &str =
    "This folder was written by drillbook; each build replaces its contents.\n";

/// Whether a non-empty folder without a stamp may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Only absent, empty or stamped folders (the default).
    OwnOnly,
    /// `--force`: any folder that is not an input of the handbook.
    Force,
}

/// Refuses an output folder that is or holds an input of the handbook, or
/// that holds files drillbook did not write; returns its absolute path.
pub fn resolve_out(
    config: &Config,
    out: Option<&Path>,
    overwrite: Overwrite,
) -> Result<PathBuf, Diagnostic> {
    let out = out.map_or_else(|| config.output_dir.clone(), Path::to_path_buf);
    let shown = out.display().to_string();
    let abs = absolute(&out);
    let refuse = |why: String| {
        Diagnostic::error(
            format!("refusing to build into `{shown}`: {why}"),
            Span::file(&shown),
        )
    };
    if let Some(input) = clashing_input(config, &abs) {
        return Err(refuse(input)
            .with_label("each build replaces the whole output folder, and inputs are never replaced (not even with `--force`)")
            .with_help("choose a separate folder, e.g. `--out public`"));
    }
    if abs.parent().is_none() || home().is_some_and(|home| home == abs) {
        return Err(
            refuse("it is the filesystem root or your home folder".into())
                .with_help("choose a separate folder, e.g. `--out public`"),
        );
    }
    if !abs.exists() {
        return Ok(abs);
    }
    if !abs.is_dir() {
        return Err(refuse("it exists and is not a folder".into()));
    }
    if overwrite == Overwrite::Force || is_own_output(&abs) {
        return Ok(abs);
    }
    let mut entries =
        std::fs::read_dir(&abs).map_err(|e| refuse(format!("cannot read it: {e}")))?;
    match entries.next() {
        None => Ok(abs),
        Some(first) => {
            let example = first
                .map(|e| format!(" (it holds `{}`)", e.file_name().to_string_lossy()))
                .unwrap_or_default();
            Err(refuse(format!(
                "it is not empty and has no `{STAMP}` stamp from an earlier build{example}"
            ))
            .with_label("each build replaces the whole output folder")
            .with_help(
                "choose an empty or new folder, or pass `--force` to replace this folder's contents",
            ))
        }
    }
}

/// The input `abs` is, holds or (for inputs other than the root) lies in.
fn clashing_input(config: &Config, abs: &Path) -> Option<String> {
    let root = absolute(&config.root);
    if root.starts_with(abs) {
        return Some(if root == abs {
            "it is the handbook folder".into()
        } else {
            "it contains the handbook folder".into()
        });
    }
    let inputs = [
        (absolute(&config.content_dir), "the content folder"),
        (root.join("static"), "the handbook's `static/` folder"),
        (root.join("themes"), "the handbook's `themes/` folder"),
        (root.join(".git"), "the handbook's `.git` folder"),
    ];
    inputs.into_iter().find_map(|(input, what)| {
        if input == abs {
            Some(format!("it is {what}"))
        } else if input.starts_with(abs) {
            Some(format!("it contains {what}"))
        } else if abs.starts_with(&input) {
            Some(format!("it is inside {what}"))
        } else {
            None
        }
    })
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(|h| absolute(Path::new(&h)))
}

/// Whether `dir` carries the stamp of an earlier build.
pub fn is_stamped(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(STAMP)).is_ok_and(|m| m.is_file())
}

/// Whether `dir` was written by drillbook: stamped, or (builds from before
/// the stamp) holding the site's home page and the theme's script.
pub fn is_own_output(dir: &Path) -> bool {
    is_stamped(dir)
        || (dir.join("index.html").is_file() && dir.join("static/drillbook.js").is_file())
}

/// The identity of `dir`'s stamp file (device, inode, modified and changed
/// times): a stamp is made with every staging folder, so the identity moves
/// whenever the output is replaced whole, by any build. Empty if unstamped.
pub fn stamp_id(dir: &Path) -> Vec<u64> {
    let Ok(meta) = std::fs::symlink_metadata(dir.join(STAMP)) else {
        return Vec::new();
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Times before 1970 wrap; they only need to differ.
        #[allow(clippy::cast_sign_loss, reason = "see above")]
        let id = vec![
            meta.dev(),
            meta.ino(),
            meta.mtime() as u64,
            meta.mtime_nsec() as u64,
            meta.ctime() as u64,
            meta.ctime_nsec() as u64,
        ];
        id
    }
    #[cfg(not(unix))]
    {
        let nanos = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64);
        vec![nanos, meta.len()]
    }
}

/// Marks `dir` as drillbook's own.
pub fn stamp(dir: &Path) -> std::io::Result<()> {
    std::fs::write(dir.join(STAMP), STAMP_TEXT)
}

/// An absolute, `..`-free path, resolving symlinks of the part that exists
/// (so a symlinked `--out` is judged by the folder it points to).
pub fn absolute(path: &Path) -> PathBuf {
    let mut joined =
        std::env::current_dir().map_or_else(|_| path.to_path_buf(), |cwd| cwd.join(path));
    // A link to a folder not made yet: judge (and build) where it points.
    for _ in 0..40 {
        match std::fs::read_link(&joined) {
            Ok(to) if !joined.exists() => {
                joined = joined.parent().map_or_else(|| to.clone(), |p| p.join(&to));
            }
            _ => break,
        }
    }
    let mut existing = joined.clone();
    let mut tail = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(ToOwned::to_owned),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                tail.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for name in tail.into_iter().rev() {
        if name == ".." {
            resolved.pop();
        } else if name != "." {
            resolved.push(name);
        }
    }
    resolved
}

/// Removes staging and old-output folders that builds killed before they
/// finished left beside `target` (`.public.staging-<pid>`, `.public.old-<pid>`):
/// only those stamped by drillbook whose process is gone.
pub fn remove_leftovers(target: &Path) {
    for path in leftovers(target) {
        let _ = std::fs::remove_dir_all(&path);
    }
}

/// The leftovers `remove_leftovers` removes (`clean` lists what it removed).
pub fn leftovers(target: &Path) -> Vec<PathBuf> {
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return Vec::new();
    };
    let name = name.to_string_lossy();
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name();
        let Some(pid) = leftover_pid(&file_name.to_string_lossy(), &name) else {
            continue;
        };
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && is_stamped(&path) && !process_alive(pid) {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// `Some(pid)` for `.<name>.staging-<pid>` and `.<name>.old-<pid>` (or
/// `.old-<pid>-<n>`, when an earlier old output of the same process was
/// still there).
fn leftover_pid(file_name: &str, name: &str) -> Option<u32> {
    let rest = file_name.strip_prefix('.')?.strip_prefix(name)?;
    if let Some(pid) = rest.strip_prefix(".staging-") {
        return pid.parse().ok();
    }
    let old = rest.strip_prefix(".old-")?;
    let (pid, n) = old.split_once('-').unwrap_or((old, "0"));
    n.parse::<u32>().ok()?;
    pid.parse().ok()
}

/// Whether process `pid` still runs. Where that cannot be told, it is
/// assumed to, so a running build's folder is never removed.
fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftover_names() {
        assert_eq!(leftover_pid(".public.staging-42", "public"), Some(42));
        assert_eq!(leftover_pid(".public.old-7", "public"), Some(7));
        assert_eq!(leftover_pid(".public.old-7-2", "public"), Some(7));
        assert_eq!(leftover_pid(".public.old-7-x", "public"), None);
        assert_eq!(leftover_pid(".public.staging-x", "public"), None);
        assert_eq!(leftover_pid(".site.staging-42", "public"), None);
        assert_eq!(leftover_pid("public", "public"), None);
    }

    #[test]
    fn removes_only_stamped_leftovers_of_dead_processes() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        // Pids above the kernel's maximum (4,194,304) never run.
        let dead = tmp.path().join(".public.staging-4999999");
        let dead_old = tmp.path().join(".public.old-4999998");
        let foreign = tmp.path().join(".public.staging-4999997");
        let alive = tmp
            .path()
            .join(format!(".public.staging-{}", std::process::id()));
        for dir in [&dead, &dead_old, &foreign, &alive] {
            std::fs::create_dir(dir).unwrap();
        }
        for dir in [&dead, &dead_old, &alive] {
            stamp(dir).unwrap();
        }
        remove_leftovers(&target);
        assert!(!dead.exists() && !dead_old.exists());
        assert!(foreign.exists(), "a folder drillbook did not stamp stays");
        assert!(alive.exists(), "a running build's folder stays");
    }
}
