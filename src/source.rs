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

/// Whether a file name is a page: `.md`, in any case (`X.MD` too).
pub fn is_page(name: &str) -> bool {
    name.len() > 3
        && name.is_char_boundary(name.len() - 3)
        && name[name.len() - 3..].eq_ignore_ascii_case(".md")
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
