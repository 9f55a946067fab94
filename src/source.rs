//! Ground level, below every stage: reading the handbook's source files and
//! naming paths in them. Input: bytes and `/`-separated relative paths.
//! Output: decoded text (or a diagnostic at the bad byte), joined paths, and
//! which files are pages, which are editors' scratch files.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Span};

/// Decodes a file as UTF-8 text: drops a BOM, folds CRLF to LF, and names the
/// line and column of the first byte that is not UTF-8.
pub fn decode_text(bytes: &[u8], shown: &str) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) if text.contains('\r') => Ok(text.replace("\r\n", "\n")),
        Ok(text) => Ok(text.to_string()),
        Err(err) => {
            let good = &bytes[..err.valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let prefix = String::from_utf8_lossy(&good[line_start..]).into_owned();
            let col = prefix.chars().count() + 1;
            // The whole line, the bad byte shown as U+FFFD under the caret.
            let line_end = bytes[line_start..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(bytes.len(), |i| line_start + i);
            let whole = String::from_utf8_lossy(&bytes[line_start..line_end]);
            Err(Diagnostic::error(
                "file is not valid UTF-8",
                Span::new(shown, line, col, 1, &whole),
            )
            .with_label("this byte is not UTF-8")
            .with_help("save the file as UTF-8"))
        }
    }
}

/// The output folder of an asset or page source, relative to the site root.
pub fn rel_dir(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Joins a `/`-separated relative path onto a directory path.
pub fn join_rel(dir: &Path, rel: &str) -> PathBuf {
    rel.split('/')
        .fold(dir.to_path_buf(), |p, part| p.join(part))
}

/// Hidden files and editors' scratch files: vim (`.x.swp`, `x~`, `4913`),
/// emacs (`#x#`, `.#x`), JetBrains safe-write (`x___jb_tmp___`, `x___jb_old___`).
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

/// A page's path without its `.md` (in any case); other paths as they are.
pub fn page_stem(rel: &str) -> &str {
    if is_page(rel) {
        &rel[..rel.len() - 3]
    } else {
        rel
    }
}

/// Whether a file name is a page: `.md`, in any case (`X.MD` too).
pub fn is_page(name: &str) -> bool {
    name.len() > 3
        && name.is_char_boundary(name.len() - 3)
        && name[name.len() - 3..].eq_ignore_ascii_case(".md")
}

/// The files under one input folder of the handbook, before any is read.
#[derive(Debug, Default)]
pub struct Walked {
    /// Files, relative to the folder, `/`-separated, sorted by name.
    pub files: Vec<String>,
    /// Symlinks leading out of the handbook, loops, unreadable entries.
    pub warnings: Vec<Diagnostic>,
}

/// Walks an input folder (`content/`, `static/`, a theme) with the one rule
/// `build`, `check` and `serve` share: hidden and editors' scratch files are
/// skipped; a symlink whose target lies outside the handbook `root` is
/// skipped with a warning naming it (so a link to `/etc/passwd` or a folder
/// of keys never reaches the site); one inside is followed, and a loop is
/// reported and skipped rather than followed forever. `show` turns a path
/// into the form diagnostics print.
pub fn walk(root: &Path, dir: &Path, show: &dyn Fn(&Path) -> String) -> Walked {
    let mut walked = Walked::default();
    let Ok(real_root) = root.canonicalize() else {
        return walked;
    };
    let mut entries = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let at = err.path().map_or_else(|| show(dir), show);
                let what = if err.loop_ancestor().is_some() {
                    "a symlink loop".to_string()
                } else {
                    err.to_string()
                };
                walked.warnings.push(Diagnostic::warning(
                    format!("skipped `{at}`: {what}"),
                    Span::file(&at),
                ));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        if entry.depth() > 0 && is_ignored(&name) {
            if entry.file_type().is_dir() {
                entries.skip_current_dir();
            }
            continue;
        }
        if entry.path_is_symlink() {
            let target = entry.path().canonicalize();
            if !target.as_ref().is_ok_and(|t| t.starts_with(&real_root)) {
                let at = show(entry.path());
                let to = target.map_or_else(
                    |_| "a missing file".to_string(),
                    |t| format!("`{}`", t.display()),
                );
                walked.warnings.push(
                    Diagnostic::warning(
                        format!("skipped `{at}`: a symlink to {to}, outside the handbook"),
                        Span::file(&at),
                    )
                    .with_help("copy the file into the handbook, or remove the link"),
                );
                if entry.file_type().is_dir() {
                    entries.skip_current_dir();
                }
                continue;
            }
        }
        if !entry.file_type().is_file() {
            continue;
        }
        if let Ok(rel) = entry.path().strip_prefix(dir) {
            walked.files.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    walked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_drops_bom_and_crlf() {
        assert_eq!(
            decode_text(b"\xEF\xBB\xBF---\r\nx\r\n", "f").unwrap(),
            "---\nx\n"
        );
    }

    #[test]
    fn pages_are_md_in_any_case() {
        for (name, page) in [
            ("a.md", true),
            ("A.MD", true),
            ("x/b.Md", true),
            (".md", false),
            ("a.mdx", false),
            ("a.png", false),
            ("读.md", true),
        ] {
            assert_eq!(is_page(name), page, "{name}");
        }
    }

    #[test]
    fn decode_names_the_bad_line() {
        let err = decode_text(b"---\ntitle: a\nok \xFF here\n", "f.md").unwrap_err();
        assert_eq!((err.span.line, err.span.col), (3, 4));
    }
}
