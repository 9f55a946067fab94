//! Directive parsing: splits a page body into Markdown text and `:::`
//! directives. Input: the body text and its first line number. Output:
//! `Parsed` — a flat list of `Part`s (text runs, directive opens and closes,
//! templates) and the warnings found on the way. Which lines are code comes
//! from pulldown-cmark's own reading of the body (`structure`), so a `:::`
//! line inside any code block (in a list, a quote, indented) stays text. A
//! directive may sit inside a list item or a block quote: the prefix of its
//! line (`> `, indentation) says which. The list is flat, not a tree, so deep
//! nesting costs no stack. Template bodies are kept verbatim.

use super::structure::{Cursor, LinePrefix, Structure};
use crate::diagnostic::{Diagnostic, Span, did_you_mean, one_of};

pub const FORMATS: &[&str] = &["slack", "github", "markdown", "email", "text"];
const NAMES: &[&str] = &["zh", "answer", "rubric", "template"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part<'a> {
    /// Markdown lines; `line` is the file line of the first one.
    Text {
        line: usize,
        text: &'a str,
    },
    Open(Open<'a>),
    /// The closing fence of the innermost open directive.
    Close {
        line: usize,
        prefix: &'a str,
    },
    Template {
        line: usize,
        source: TemplateSource<'a>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Open<'a> {
    pub kind: DirectiveKind,
    /// File line of the opening fence.
    pub line: usize,
    /// The list-item indentation or `> ` that puts the directive in its
    /// container; empty at the top level.
    pub prefix: &'a str,
    /// How many list items and block quotes hold the directive.
    pub depth: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    Zh,
    Answer,
    Rubric,
}

impl DirectiveKind {
    pub fn name(self) -> &'static str {
        match self {
            DirectiveKind::Zh => "zh",
            DirectiveKind::Answer => "answer",
            DirectiveKind::Rubric => "rubric",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateSource<'a> {
    pub format: &'a str,
    pub title: &'a str,
    /// The verbatim body, lines joined with `\n`, no final line break.
    pub body: &'a str,
    /// File line of the body's first line.
    pub body_line: usize,
}

#[derive(Debug, Default)]
pub struct Parsed<'a> {
    pub parts: Vec<Part<'a>>,
    /// Code fences never closed (they swallow the rest of the page).
    pub warnings: Vec<Diagnostic>,
    /// An unclosed code fence hides a `::: answer` line.
    pub hidden_answer: bool,
}

/// One line of the body with its byte range and file line number.
#[derive(Clone, Copy)]
struct Line<'a> {
    text: &'a str,
    start: usize,
    number: usize,
}

/// What a line that starts with `:::` (outside code) says.
struct Fence<'a> {
    colons: usize,
    /// The name and arguments, trimmed; empty for a closing fence.
    rest: &'a str,
    prefix: LinePrefix,
}

/// A directive still waiting for its closing fence.
struct Opened<'a> {
    name: &'static str,
    colons: usize,
    line: usize,
    /// The opening line and the column of its colons, for errors.
    text: &'a str,
    col: usize,
    container: Option<usize>,
}

/// How many unclosed directives are listed one by one.
const UNCLOSED_SHOWN: usize = 10;

/// A template whose verbatim body is being read.
struct OpenTemplate<'a> {
    header: Result<(&'a str, &'a str), (String, String)>,
    colons: usize,
    line: Line<'a>,
    body: Option<(usize, usize)>,
}

pub fn parse<'a>(
    body: &'a str,
    first_line: usize,
    shown: &str,
) -> Result<Parsed<'a>, Vec<Diagnostic>> {
    let structure = Structure::new(body);
    let mut parser = Parser {
        body,
        shown,
        cursor: Cursor::new(&structure),
        parts: Vec::new(),
        stack: Vec::new(),
        template: None,
        errors: Vec::new(),
        text_start: None,
    };
    let mut start = 0;
    for (n, raw) in body.split_inclusive('\n').enumerate() {
        let line = Line {
            text: raw.strip_suffix('\n').unwrap_or(raw),
            start,
            number: first_line + n,
        };
        parser.line(line);
        start += raw.len();
    }
    let (warnings, hidden_answer, hiding) = unclosed_fences(body, &structure, first_line, shown);
    parser.finish(hiding)?;
    Ok(Parsed {
        parts: parser.parts,
        warnings,
        hidden_answer,
    })
}

struct Parser<'a, 's> {
    body: &'a str,
    shown: &'s str,
    cursor: Cursor<'s>,
    parts: Vec<Part<'a>>,
    stack: Vec<Opened<'a>>,
    template: Option<OpenTemplate<'a>>,
    errors: Vec<Diagnostic>,
    /// Start (byte, line) of the Markdown text being gathered.
    text_start: Option<(usize, usize)>,
}

impl<'a> Parser<'a, '_> {
    fn line(&mut self, line: Line<'a>) {
        let fence = self.fence(line);
        if let Some(open) = self.template.as_mut() {
            match fence {
                Ok(Some(f)) if f.rest.is_empty() && f.colons >= open.colons => {
                    self.end_template();
                }
                _ => {
                    let end = line.start + line.text.len();
                    let body = open.body.get_or_insert((line.start, end));
                    body.1 = end;
                }
            }
            return;
        }
        match fence {
            Ok(Some(f)) => self.directive(line, f),
            Ok(None) => {
                self.text_start.get_or_insert((line.start, line.number));
            }
            Err(diag) => {
                self.errors.push(diag);
                self.text_start.get_or_insert((line.start, line.number));
            }
        }
    }

    /// Reads a line as a directive fence: `Ok(None)` for Markdown text,
    /// `Err` for a `:::` line that cannot be a directive where it stands.
    fn fence(&mut self, line: Line<'a>) -> Result<Option<Fence<'a>>, Diagnostic> {
        let Some(at) = line.text.find(":::") else {
            return Ok(None);
        };
        if self.cursor.code_at(line.start + at).is_some() {
            return Ok(None);
        }
        let prefix = self.cursor.prefix(line.text, line.start + at);
        let text = &line.text[prefix.text_at..];
        if !text.starts_with(":::") {
            let marker = text.trim_start_matches(|c: char| c.is_ascii_digit());
            let after_marker = marker
                .strip_prefix(['-', '*', '+', '.', ')'])
                .is_some_and(|r| r.trim_start().starts_with(":::") && r.starts_with([' ', '\t']));
            if after_marker {
                let col = char_col(line.text, at);
                return Err(Diagnostic::error(
                    "a directive cannot start on a list marker's line",
                    self.span(line, col, 3),
                )
                .with_label("this `:::` is shown as text")
                .with_help("put the directive on its own line, indented to the item's text"));
            }
            return Ok(None);
        }
        let colons = text.bytes().take_while(|b| *b == b':').count();
        if prefix.indent > 3 {
            let col = char_col(line.text, prefix.text_at);
            return Err(Diagnostic::error(
                format!(
                    "`:::` line indented {} columns is not a directive",
                    prefix.indent
                ),
                self.span(line, col, colons),
            )
            .with_label("at most 3 columns past its list item or quote")
            .with_help("remove the extra indentation, or put code in a fenced block"));
        }
        Ok(Some(Fence {
            colons,
            rest: text[colons..].trim(),
            prefix,
        }))
    }

    /// Ends the current run of Markdown text at byte `end`.
    fn flush(&mut self, end: usize) {
        if let Some((start, line)) = self.text_start.take() {
            self.parts.push(Part::Text {
                line,
                text: &self.body[start..end],
            });
        }
    }

    fn span(&self, line: Line, col: usize, len: usize) -> Span {
        Span::new(self.shown, line.number, col, len, line.text)
    }

    fn directive(&mut self, line: Line<'a>, f: Fence<'a>) {
        self.flush(line.start);
        let col = char_col(line.text, f.prefix.text_at);
        if f.rest.is_empty() {
            self.close(line, &f, col);
            return;
        }
        let name_col =
            line.text.len() - line.text[f.prefix.text_at + f.colons..].trim_start().len();
        let name_col = char_col(line.text, name_col);
        let (name, args) = f
            .rest
            .split_once(char::is_whitespace)
            .unwrap_or((f.rest, ""));
        let args = args.trim();
        let kind = match name {
            "zh" => DirectiveKind::Zh,
            "answer" => DirectiveKind::Answer,
            "rubric" => DirectiveKind::Rubric,
            "template" => {
                if f.prefix.depth > 0 {
                    self.errors.push(
                        Diagnostic::error(
                            "a template cannot sit inside a list item or block quote",
                            self.span(line, col, f.colons),
                        )
                        .with_label(
                            "its text is copied exactly, so it cannot carry the list's indentation",
                        )
                        .with_help("move the template to the top level, with no indentation"),
                    );
                }
                self.template = Some(OpenTemplate {
                    header: parse_template_args(args),
                    colons: f.colons,
                    line,
                    body: None,
                });
                return;
            }
            _ => {
                let mut diag = Diagnostic::error(
                    format!("unknown directive `{name}`"),
                    self.span(line, name_col, name.chars().count()),
                )
                .with_label(format!("expected {}", one_of(NAMES)));
                if let Some(help) = did_you_mean(name, NAMES.iter().copied()) {
                    diag = diag.with_help(help);
                }
                self.errors.push(diag);
                DirectiveKind::Zh
            }
        };
        if !args.is_empty() {
            let at = line
                .text
                .rfind(args)
                .map_or(name_col, |b| char_col(line.text, b));
            self.errors.push(
                Diagnostic::error(
                    format!("`{name}` takes no arguments"),
                    self.span(line, at, args.chars().count()),
                )
                .with_label("remove this"),
            );
        }
        self.stack.push(Opened {
            name: kind.name(),
            colons: f.colons,
            line: line.number,
            text: line.text,
            col,
            container: f.prefix.container,
        });
        self.parts.push(Part::Open(Open {
            kind,
            line: line.number,
            prefix: &line.text[..f.prefix.len],
            depth: f.prefix.depth,
        }));
    }

    fn close(&mut self, line: Line<'a>, f: &Fence<'a>, col: usize) {
        let Some(open) = self.stack.last() else {
            self.errors.push(
                Diagnostic::error(
                    "closing `:::` without an open directive",
                    self.span(line, col, f.colons),
                )
                .with_label("nothing to close here"),
            );
            return;
        };
        if f.colons < open.colons {
            let msg = format!(
                "this fence of {} colons cannot close the directive opened with {} at line {}",
                f.colons, open.colons, open.line
            );
            self.errors.push(
                Diagnostic::error(msg, self.span(line, col, f.colons))
                    .with_label(format!("expected at least {} colons", open.colons))
                    .with_help("a nested directive needs fewer colons than the one around it"),
            );
            return;
        }
        if f.prefix.container != open.container {
            let msg = format!(
                "this `:::` would close the `{}` opened at line {} from another list item or block quote",
                open.name, open.line
            );
            self.errors.push(
                Diagnostic::error(msg, self.span(line, col, f.colons))
                    .with_label("indent it like the line that opened the directive")
                    .with_help("a directive opens and closes inside the same list item or quote"),
            );
        }
        self.stack.pop();
        self.parts.push(Part::Close {
            line: line.number,
            prefix: &line.text[..f.prefix.len],
        });
    }

    fn end_template(&mut self) {
        let Some(open) = self.template.take() else {
            return;
        };
        let line = open.line;
        match open.header {
            Ok((format, title)) => {
                let body = open.body.map_or("", |(s, e)| &self.body[s..e]);
                self.parts.push(Part::Template {
                    line: line.number,
                    source: TemplateSource {
                        format,
                        title,
                        body,
                        body_line: line.number + 1,
                    },
                });
            }
            Err((message, label)) => {
                let col = line
                    .text
                    .find("template")
                    .map_or(1, |b| char_col(line.text, b));
                let len = line.text.chars().count() + 1 - col;
                let mut diag =
                    Diagnostic::error(message, self.span(line, col, len)).with_label(label);
                let format = line.text[line.text.find("template").unwrap_or(0)..]
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or("");
                if !FORMATS.contains(&format)
                    && let Some(help) = did_you_mean(format, FORMATS.iter().copied())
                {
                    diag = diag.with_help(help);
                }
                self.errors.push(diag);
            }
        }
    }

    fn finish(&mut self, hiding: Option<String>) -> Result<(), Vec<Diagnostic>> {
        self.flush(self.body.len());
        if let Some(open) = self.template.take() {
            let colons = ":".repeat(open.colons);
            let mut diag = Diagnostic::error(
                "template is never closed",
                self.span(open.line, 1, open.colons),
            )
            .with_label(format!(
                "expected a line of {colons} after the template text"
            ));
            if let Some(help) = &hiding {
                diag = diag.with_help(help.clone());
            }
            self.errors.push(diag);
        }
        // Outermost first; a page of thousands lists the first few.
        let unclosed = std::mem::take(&mut self.stack);
        let more = unclosed.len().saturating_sub(UNCLOSED_SHOWN);
        for (i, open) in unclosed.iter().take(UNCLOSED_SHOWN).enumerate() {
            let colons = ":".repeat(open.colons);
            let mut diag = Diagnostic::error(
                format!("`{}` directive is never closed", open.name),
                Span::new(self.shown, open.line, open.col, open.colons, open.text),
            )
            .with_label(format!("expected a closing line of {colons}"));
            if let Some(help) = &hiding {
                diag = diag.with_help(help.clone());
            }
            if more > 0 && i + 1 == UNCLOSED_SHOWN {
                diag = diag.with_help(format!(
                    "and {more} more directives opened after it are never closed"
                ));
            }
            self.errors.push(diag);
        }
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(std::mem::take(&mut self.errors))
        }
    }
}

/// 1-based character column of byte `at` in `line`.
fn char_col(line: &str, at: usize) -> usize {
    line.get(..at).map_or(1, |s| s.chars().count() + 1)
}

/// Warnings for code fences that run to the end of the page, naming the
/// first directive line each hides; whether one hides a `::: answer`; and a
/// help line for "never closed" errors the hiding explains.
fn unclosed_fences(
    body: &str,
    structure: &Structure,
    first_line: usize,
    shown: &str,
) -> (Vec<Diagnostic>, bool, Option<String>) {
    let mut warnings = Vec::new();
    let mut hidden_answer = false;
    let mut hiding = None;
    for code in structure.code.iter().filter(|c| c.unclosed) {
        let line_start = body[..code.range.start].rfind('\n').map_or(0, |i| i + 1);
        let number = first_line + body[..line_start].matches('\n').count();
        let fence_line = body[line_start..].split('\n').next().unwrap_or("");
        let fence = &body[code.range.start..];
        let ch = fence.chars().next().unwrap_or('`');
        let fence_len = fence.chars().take_while(|c| *c == ch).count();
        let hidden = body[code.range.clone()]
            .split('\n')
            .enumerate()
            .skip(1)
            .find_map(|(i, l)| {
                let t = l.trim_start_matches([' ', '\t', '>']);
                let colons = t.bytes().take_while(|b| *b == b':').count();
                (colons >= 3).then(|| {
                    (
                        number + i,
                        t[colons..].split_whitespace().next().unwrap_or(""),
                    )
                })
            });
        let label = match hidden {
            Some((at, "")) => format!("it hides the closing `:::` at line {at}"),
            Some((at, name)) => format!("it hides `::: {name}` at line {at}"),
            None => "it runs to the end of the page".to_string(),
        };
        if hidden.is_some_and(|(_, name)| name == "answer") {
            hidden_answer = true;
        }
        if let Some((at, _)) = hidden {
            hiding.get_or_insert(format!(
                "the code block opened at line {number} is never closed and hides line {at}"
            ));
        }
        let col = char_col(fence_line, code.range.start - line_start);
        warnings.push(
            Diagnostic::warning(
                format!("code block opened at line {number} is never closed"),
                Span::new(shown, number, col, fence_len, fence_line),
            )
            .with_label(label)
            .with_help(format!(
                "close it with a line of {}",
                ch.to_string().repeat(fence_len)
            )),
        );
    }
    (warnings, hidden_answer, hiding)
}

/// `slack "Title"` → `("slack", "Title")`, or the error message and label.
fn parse_template_args(args: &str) -> Result<(&str, &str), (String, String)> {
    let usage = || "expected `::: template FORMAT \"Title\"`".to_string();
    let (format, rest) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
    if format.is_empty() {
        return Err(("template has no format and no title".into(), usage()));
    }
    if !FORMATS.contains(&format) {
        return Err((
            format!("unknown template format `{format}`"),
            format!("expected {}", one_of(FORMATS)),
        ));
    }
    let rest = rest.trim();
    let title = rest
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .filter(|t| !t.trim().is_empty() && !t.contains('"'));
    match title {
        Some(title) => Ok((format, title)),
        None if rest.is_empty() => Err(("template has no title".into(), usage())),
        None => Err(("template title must be in double quotes".into(), usage())),
    }
}

#[cfg(test)]
mod tests;
