//! Stage 7, output. Input: the files of the site (theme pages, search index,
//! theme statics, the handbook's `static/` and content assets). Output: the
//! site on disk, swapped in whole. Everything is written into a staging
//! folder beside the output and renamed over it only when the whole build
//! succeeded, so a failed build leaves the previous output byte for byte.
//! Which folder may be replaced at all is `guard`'s call; every build
//! stamps its output so the next one knows the folder is its own.

use std::io;
use std::path::{Path, PathBuf};

mod guard;
pub use guard::{Overwrite, STAMP, is_own_output, leftovers, resolve_out, stamp_id};

/// A file of the built site: its `/`-separated path under the output root
/// and its bytes. Every stage that makes files (theme, search) hands these on.
#[derive(Debug, Clone)]
pub struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A folder being filled beside the output; dropped without `commit`, it is
/// removed and the output stays as it was.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    pub fn new(target: &Path) -> io::Result<Self> {
        let parent = target.parent().unwrap_or(Path::new("."));
        let name = target
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        std::fs::create_dir_all(parent)?;
        guard::remove_leftovers(target);
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if guard::is_stamped(&dir) {
            std::fs::remove_dir_all(&dir)?;
        }
        // Fails if a folder of that name exists that drillbook did not stamp.
        std::fs::create_dir(&dir)?;
        // Stamped first, so a build killed from here on leaves a folder the
        // next build recognises as its own and removes.
        guard::stamp(&dir)?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` at `rel` (a `/`-separated path under the output).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = crate::source::join_rel(&self.dir, rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)
    }

    pub fn copy(&self, from: &Path, rel: &str) -> io::Result<()> {
        let path = crate::source::join_rel(&self.dir, rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(from, path).map(|_| ())
    }

    /// Swaps the staging folder in for the output: two renames, so readers
    /// of the output see the old site or the new one, never a mix. Returns
    /// the previous output, moved aside, for the caller to remove.
    pub fn commit(mut self) -> io::Result<Option<OldOutput>> {
        let mut old = None;
        if self.target.exists() {
            let base = format!(
                ".{}.old-{}",
                self.target
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                std::process::id()
            );
            // The name must be free: the previous output of an earlier build
            // in this process (serve, tests) may still be being removed in
            // the background, and a rename onto it fails ("Directory not
            // empty").
            let mut n = 0;
            let moved = loop {
                let name = if n == 0 {
                    base.clone()
                } else {
                    format!("{base}-{n}")
                };
                let path = self.dir.with_file_name(name);
                if std::fs::symlink_metadata(&path).is_err() {
                    break path;
                }
                n += 1;
            };
            std::fs::rename(&self.target, &moved)?;
            if let Err(e) = std::fs::rename(&self.dir, &self.target) {
                // Put the previous output back before reporting.
                let _ = std::fs::rename(&moved, &self.target);
                return Err(e);
            }
            old = Some(OldOutput(Some(moved)));
        } else {
            std::fs::rename(&self.dir, &self.target)?;
        }
        self.committed = true;
        Ok(old)
    }

    /// Applies the staging folder to the output in place, for a build that
    /// staged only the files that changed: deletes `stale` from the output
    /// (with folders left empty), then renames each of `staged` into it.
    /// Each file is replaced whole, but a reader may see some new files
    /// beside old ones until this returns.
    pub fn apply(mut self, staged: &[String], stale: &[String]) -> io::Result<()> {
        let target = &self.target;
        for rel in stale {
            let path = crate::source::join_rel(target, rel);
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
            // Folders the site no longer has; the first one not empty stops it.
            let mut dir = path.parent();
            while let Some(d) = dir.filter(|d| d.starts_with(target) && *d != target) {
                if std::fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        for rel in staged {
            let to = crate::source::join_rel(target, rel);
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::rename(crate::source::join_rel(&self.dir, rel), to)?;
        }
        self.committed = true;
        // What is left is a few folders and the stamp.
        std::fs::remove_dir_all(&self.dir)
    }
}

/// The output a commit replaced, moved aside beside the new one. Dropped,
/// it is removed at once; `remove_in_background` does not wait for that.
pub struct OldOutput(Option<PathBuf>);

impl OldOutput {
    /// Removes the old output without keeping the caller waiting: deleting
    /// a 20,000-file site took seconds of wall time on a disk mounted with
    /// `discard`, for nothing the new site needs. A separate `rm` outlives
    /// the build; if it is stopped, the next build finds the folder (stamped,
    /// its build's process gone) and removes it. Where no `rm` can be
    /// started, the folder is removed here.
    #[allow(
        clippy::zombie_processes,
        reason = "the build does not wait for `rm`: that is the point"
    )]
    pub fn remove_in_background(mut self) {
        #[cfg(unix)]
        if let Some(dir) = &self.0 {
            use std::process::{Command, Stdio};
            let spawned = Command::new("rm")
                .arg("-rf")
                .arg("--")
                .arg(dir)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn();
            if spawned.is_ok() {
                self.0 = None;
            }
        }
    }
}

impl Drop for OldOutput {
    fn drop(&mut self) {
        if let Some(dir) = &self.0 {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Every file (and symlink) under `dir`, as `/`-separated paths relative
/// to it; folders are not listed. Unreadable parts are skipped.
pub fn files_in(dir: &Path) -> std::collections::HashSet<String> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            let parts: Vec<&str> = rel.iter().map(|p| p.to_str()).collect::<Option<_>>()?;
            Some(parts.join("/"))
        })
        .collect()
}

/// What a stage hands the writer: `(path under the output, bytes)`.
pub type Sink<'a> = dyn Fn(OutFile) -> io::Result<()> + Sync + 'a;

/// Runs `produce` with a sink whose files one thread writes into `staging`.
/// Rendering stays parallel, but on this kind of disk several threads
/// creating files in the same few folders were slower than one (directory
/// metadata contention), so the writes are serialised behind a queue.
pub fn with_writer<R>(staging: &Staging, produce: impl FnOnce(&Sink) -> R) -> (R, io::Result<()>) {
    let (tx, rx) = std::sync::mpsc::sync_channel::<OutFile>(256);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> io::Result<()> {
            for file in rx {
                staging.write(&file.path, &file.bytes)?;
            }
            Ok(())
        });
        let send = move |file| {
            tx.send(file)
                .map_err(|_| io::Error::other("the output writer stopped"))
        };
        let produced = produce(&send);
        drop(send);
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the output writer panicked")));
        (produced, written)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commit_while_the_last_old_output_is_still_there_moves_it_aside_too() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("index.html"), "first").unwrap();
        let mut kept = Vec::new();
        for round in ["second", "third"] {
            let staging = Staging::new(&out).unwrap();
            staging.write("index.html", round.as_bytes()).unwrap();
            // Not removed yet, as when the background `rm` is still running.
            kept.push(staging.commit().unwrap().expect("an output was there"));
            assert_eq!(
                std::fs::read_to_string(out.join("index.html")).unwrap(),
                round
            );
        }
        let olds: Vec<_> = kept.iter().filter_map(|o| o.0.clone()).collect();
        assert_eq!(olds.len(), 2);
        assert_ne!(olds[0], olds[1]);
        drop(kept);
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_dropped_staging_leaves_the_output_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("index.html"), "old").unwrap();
        {
            let staging = Staging::new(&out).unwrap();
            staging.write("index.html", b"new").unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
        let staging = Staging::new(&out).unwrap();
        staging.write("a/b.html", b"new").unwrap();
        staging.commit().unwrap();
        assert!(!out.join("index.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("a/b.html")).unwrap(),
            "new"
        );
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}
