//! Site stage, last-updated dates. Input: the content folder. Output: each
//! page's source path (`debug/x.md`) → the date of the last commit that
//! touched it (`YYYY-MM-DD`), from ONE `git log` over the whole tree, so the
//! cost does not grow with a process per file. Without git, or outside a
//! repository, the map is empty and pages show no date.

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Stdio};

/// Source path → date of its last commit.
pub type Dates = HashMap<String, String>;

/// Marks a commit's date line in the log (`%x01` never occurs in a path).
const COMMIT: char = '\u{1}';

/// Runs `git log` once in `content_dir`; quietly empty on any failure.
pub fn load(content_dir: &Path) -> Dates {
    let run = Command::new("git")
        .arg("-C")
        .arg(content_dir)
        .args([
            "log",
            "--format=%x01%cs",
            "--name-only",
            "--no-renames",
            "--relative",
            "-z",
            "--",
            ".",
        ])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output();
    match run {
        Ok(out) if out.status.success() => parse(&String::from_utf8_lossy(&out.stdout)),
        _ => Dates::new(),
    }
}

/// Parses `git log --format=%x01%cs --name-only -z`: newest commit first,
/// so the first date seen for a file is its last change.
fn parse(log: &str) -> Dates {
    let mut dates = Dates::new();
    let mut date = "";
    for field in log.split(['\0', '\n']) {
        if let Some(d) = field.strip_prefix(COMMIT) {
            date = d;
        } else if !field.is_empty() && !date.is_empty() && !dates.contains_key(field) {
            dates.insert(field.to_string(), date.to_string());
        }
    }
    dates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_date_wins() {
        let log =
            "\u{1}2026-11-20\n\ndebug/a.md\0debug/只读.md\0\u{1}2026-10-01\n\ndebug/a.md\0b.md\0";
        let d = parse(log);
        assert_eq!(d["debug/a.md"], "2026-11-20");
        assert_eq!(d["debug/只读.md"], "2026-11-20");
        assert_eq!(d["b.md"], "2026-10-01");
        assert_eq!(d.len(), 3);
    }

    #[test]
    fn outside_a_repository_is_quietly_empty() {
        let dir = std::env::temp_dir().join(format!("drillbook-no-git-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        // /tmp is not inside a repository, so git fails and nothing is shown.
        assert!(load(&dir).is_empty() || std::env::var_os("GIT_DIR").is_some());
        let _ = std::fs::remove_dir(&dir);
    }
}
