//! Diagnostics shared by every stage: a `Diagnostic` carries its own `Span`
//! (file, line, column, the source line) so it can be drawn anywhere — in the
//! terminal by `render`, in serve's browser overlay as plain text.
//! Columns count characters; annotate-snippets sizes carets by display width.

use std::fmt;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

/// Where a diagnostic points: `path:line:col`, 1-based, with the source line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Span {
    /// The path as the user should see it (relative to where they run).
    pub path: String,
    pub line: usize,
    pub col: usize,
    /// How many characters the caret covers (at least one).
    pub len: usize,
    /// The text of line `line`, without its line break; empty when unknown.
    pub source_line: String,
}

impl Span {
    /// A span at `line:col` covering `len` characters of `source_line`.
    pub fn new(path: &str, line: usize, col: usize, len: usize, source_line: &str) -> Self {
        Span {
            path: path.to_string(),
            line: line.max(1),
            col: col.max(1),
            len: len.max(1),
            source_line: source_line.trim_end_matches(['\r', '\n']).to_string(),
        }
    }

    /// A span that names a whole file (no line to show).
    pub fn file(path: &str) -> Self {
        Span {
            path: path.to_string(),
            line: 0,
            col: 0,
            len: 0,
            source_line: String::new(),
        }
    }

    /// A span at `line:col` of `text` (1-based), the caret covering `len` chars.
    pub fn in_text(path: &str, text: &str, line: usize, col: usize, len: usize) -> Self {
        let source_line = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
        Span::new(path, line, col, len, source_line)
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.path)
        } else {
            write!(f, "{}:{}:{}", self.path, self.line, self.col)
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in the user's input.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// What is wrong, lowercase, no final period, values in backticks.
    pub message: String,
    pub span: Span,
    /// Shown under the caret: what was expected there.
    pub label: String,
    /// Extra `help:` lines, e.g. a suggestion.
    pub help: Vec<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>, span: Span) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            span,
            label: String::new(),
            help: Vec::new(),
        }
    }

    pub fn warning(message: impl Into<String>, span: Span) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message, span)
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help.push(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Draws the diagnostic the way rustc does; `color` adds ANSI styles.
    pub fn render(&self, color: bool) -> String {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let mut group = Group::with_title(level.primary_title(self.message.as_str()));
        // A line is drawn even when empty: the location is never dropped.
        if self.span.line > 0 {
            let range = char_range(&self.span.source_line, self.span.col, self.span.len);
            group = group.element(
                Snippet::source(self.span.source_line.as_str())
                    .line_start(self.span.line)
                    .path(self.span.path.as_str())
                    .annotation(
                        AnnotationKind::Primary
                            .span(range)
                            .label(self.label.as_str()),
                    ),
            );
        } else {
            group = group.element(Origin::path(self.span.path.as_str()));
            if !self.label.is_empty() {
                group = group.element(Level::NOTE.message(self.label.as_str()));
            }
        }
        for help in &self.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        renderer.render(&[group])
    }
}

/// Byte range of `len` characters starting at 1-based character column `col`,
/// clamped to the line (a caret past the end points just after the last char).
fn char_range(line: &str, col: usize, len: usize) -> std::ops::Range<usize> {
    let byte_at = |chars: usize| {
        line.char_indices()
            .nth(chars)
            .map_or(line.len(), |(at, _)| at)
    };
    let start = byte_at(col.saturating_sub(1));
    let end = byte_at(col.saturating_sub(1) + len.max(1)).max(start);
    start..end
}

/// Sorts diagnostics the way they are printed: by file, then line, then column.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (a.span.path.as_str(), a.span.line, a.span.col, a.severity).cmp(&(
            b.span.path.as_str(),
            b.span.line,
            b.span.col,
            b.severity,
        ))
    });
}

/// `did you mean `x`?` for the closest of `candidates`, when one is close.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| format!("did you mean `{c}`?"))
}

/// "`a`, `b` or `c`" for messages that list what was expected.
pub fn one_of<S: AsRef<str>>(items: &[S]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("`{}`", s.as_ref())).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_rustc_style_with_a_caret_under_the_text() {
        let span = Span::new("content/debug/x.md", 4, 1, 6, "tittle: Disk full on /var");
        let d = Diagnostic::error("unknown key `tittle` in front matter", span)
            .with_label("expected one of `title`, `kind`")
            .with_help("did you mean `title`?");
        let out = d.render(false);
        assert!(
            out.starts_with("error: unknown key `tittle` in front matter\n"),
            "{out}"
        );
        assert!(out.contains("--> content/debug/x.md:4:1"), "{out}");
        assert!(out.contains("4 | tittle: Disk full on /var"), "{out}");
        assert!(
            out.contains("  | ^^^^^^ expected one of `title`, `kind`"),
            "{out}"
        );
        assert!(out.contains("help: did you mean `title`?"), "{out}");
    }

    #[test]
    fn an_empty_line_keeps_its_location() {
        let d = Diagnostic::error(
            "the page has no front matter",
            Span::new("x.md", 1, 1, 0, ""),
        );
        let out = d.render(false);
        assert!(out.contains("--> x.md:1:1"), "{out}");
    }

    #[test]
    fn caret_counts_characters_not_bytes() {
        assert_eq!(char_range("标题: x", 1, 2), 0..6);
        assert_eq!(char_range("ab", 5, 1), 2..2);
    }

    #[test]
    fn suggests_only_close_words() {
        assert_eq!(
            did_you_mean("titel", ["title", "tags"]).as_deref(),
            Some("did you mean `title`?")
        );
        assert_eq!(did_you_mean("zzz", ["title", "tags"]), None);
        assert_eq!(one_of(&["a", "b", "c"]), "`a`, `b` or `c`");
    }
}
