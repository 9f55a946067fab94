//! Directive parsing: splits a page body into Markdown text and `:::` blocks.
//! Input: the body text and its first line number. Output: a tree of `Node`s.
//! A line-based pass, because directives are line-delimited: fenced code is
//! tracked so `:::` inside it stays text, and template bodies are kept
//! verbatim (never parsed for directives, never rendered as Markdown).

use crate::diagnostic::{Diagnostic, Span, one_of};

pub const FORMATS: &[&str] = &["slack", "github", "markdown", "email", "text"];
const NAMES: &[&str] = &["zh", "answer", "rubric", "template"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node<'a> {
    /// Markdown lines; `line` is the file line of the first one.
    Text {
        line: usize,
        text: &'a str,
    },
    Block(Directive<'a>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive<'a> {
    pub kind: DirectiveKind<'a>,
    /// File line of the opening fence.
    pub line: usize,
    pub children: Vec<Node<'a>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirectiveKind<'a> {
    Zh,
    Answer,
    Rubric,
    Template(TemplateSource<'a>),
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

/// A directive still waiting for its closing fence.
struct Open<'a> {
    kind: DirectiveKind<'a>,
    colons: usize,
    line: usize,
    children: Vec<Node<'a>>,
}

/// One line of the body with its byte range and file line number.
#[derive(Clone, Copy)]
struct Line<'a> {
    text: &'a str,
    start: usize,
    number: usize,
}

pub fn parse<'a>(
    body: &'a str,
    first_line: usize,
    shown: &str,
) -> Result<Vec<Node<'a>>, Vec<Diagnostic>> {
    let lines = split_lines(body, first_line);
    let mut parser = Parser {
        body,
        shown,
        stack: Vec::new(),
        root: Vec::new(),
        errors: Vec::new(),
        text_start: None,
    };
    let mut fence: Option<(u8, usize)> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(open) = fence {
            if closes_fence(line.text, open) {
                fence = None;
            }
            parser.text(line);
        } else if let Some(open) = opens_fence(line.text) {
            fence = Some(open);
            parser.text(line);
        } else if let Some((colons, rest)) = directive_line(line.text) {
            i = parser.directive(&lines, i, colons, rest);
            continue;
        } else {
            parser.text(line);
        }
        i += 1;
    }
    parser.finish()
}

fn split_lines(body: &str, first_line: usize) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (n, raw) in body.split_inclusive('\n').enumerate() {
        out.push(Line {
            text: raw.trim_end_matches('\n'),
            start,
            number: first_line + n,
        });
        start += raw.len();
    }
    out
}

/// `(char, length)` of a code fence opened on this line, if any.
fn opens_fence(line: &str) -> Option<(u8, usize)> {
    let trimmed = line.trim_start();
    let ch = *trimmed.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = trimmed.bytes().take_while(|b| *b == ch).count();
    // A backtick fence's info string may not contain backticks (CommonMark).
    (len >= 3 && !(ch == b'`' && trimmed[len..].contains('`'))).then_some((ch, len))
}

fn closes_fence(line: &str, (ch, len): (u8, usize)) -> bool {
    let trimmed = line.trim();
    trimmed.len() >= len && trimmed.bytes().all(|b| b == ch)
}

/// `(colons, rest)` for a line that is a directive fence (`::: name …` or `:::`).
fn directive_line(line: &str) -> Option<(usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let body = &line[indent..];
    let colons = body.bytes().take_while(|b| *b == b':').count();
    (colons >= 3).then(|| (colons, body[colons..].trim()))
}

struct Parser<'a, 's> {
    body: &'a str,
    shown: &'s str,
    stack: Vec<Open<'a>>,
    root: Vec<Node<'a>>,
    errors: Vec<Diagnostic>,
    /// Start (byte, line) of the Markdown text being gathered.
    text_start: Option<(usize, usize)>,
}

impl<'a> Parser<'a, '_> {
    fn text(&mut self, line: Line<'a>) {
        self.text_start.get_or_insert((line.start, line.number));
    }

    /// Ends the current run of Markdown text at byte `end`.
    fn flush(&mut self, end: usize) {
        if let Some((start, line)) = self.text_start.take() {
            let node = Node::Text {
                line,
                text: &self.body[start..end],
            };
            self.children().push(node);
        }
    }

    fn children(&mut self) -> &mut Vec<Node<'a>> {
        match self.stack.last_mut() {
            Some(open) => &mut open.children,
            None => &mut self.root,
        }
    }

    fn span(&self, line: Line, col: usize, len: usize) -> Span {
        Span::new(self.shown, line.number, col, len, line.text)
    }

    /// Handles the fence at `lines[i]`; returns the index of the next line.
    fn directive(&mut self, lines: &[Line<'a>], i: usize, colons: usize, rest: &'a str) -> usize {
        let line = lines[i];
        self.flush(line.start);
        if rest.is_empty() {
            self.close(line, colons);
            return i + 1;
        }
        let col = line
            .text
            .find(rest)
            .map_or(1, |b| line.text[..b].chars().count() + 1);
        let (name, args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let kind = match name {
            "zh" => DirectiveKind::Zh,
            "answer" => DirectiveKind::Answer,
            "rubric" => DirectiveKind::Rubric,
            "template" => return self.template(lines, i, colons, args.trim()),
            _ => {
                self.errors.push(
                    Diagnostic::error(
                        format!("unknown directive `{name}`"),
                        self.span(line, col, name.chars().count()),
                    )
                    .with_label(format!("expected {}", one_of(NAMES))),
                );
                DirectiveKind::Zh
            }
        };
        if !args.trim().is_empty() {
            let at = line
                .text
                .find(args.trim())
                .map_or(col, |b| line.text[..b].chars().count() + 1);
            self.errors.push(
                Diagnostic::error(
                    format!("`{name}` takes no arguments"),
                    self.span(line, at, args.trim().chars().count()),
                )
                .with_label("remove this"),
            );
        }
        self.stack.push(Open {
            kind,
            colons,
            line: line.number,
            children: Vec::new(),
        });
        i + 1
    }

    fn close(&mut self, line: Line<'a>, colons: usize) {
        let Some(open) = self.stack.last() else {
            self.errors.push(
                Diagnostic::error(
                    "closing `:::` without an open directive",
                    self.span(line, 1, colons),
                )
                .with_label("nothing to close here"),
            );
            return;
        };
        if colons < open.colons {
            let msg = format!(
                "this fence of {colons} colons cannot close the directive opened with {} at line {}",
                open.colons, open.line
            );
            self.errors.push(
                Diagnostic::error(msg, self.span(line, 1, colons))
                    .with_label(format!("expected at least {} colons", open.colons))
                    .with_help("a nested directive needs fewer colons than the one around it"),
            );
            return;
        }
        if let Some(open) = self.stack.pop() {
            let node = Node::Block(Directive {
                kind: open.kind,
                line: open.line,
                children: open.children,
            });
            self.children().push(node);
        }
    }

    /// Reads a template: header arguments, then verbatim lines up to a fence
    /// of at least `colons` colons.
    fn template(&mut self, lines: &[Line<'a>], i: usize, colons: usize, args: &'a str) -> usize {
        let line = lines[i];
        let header = parse_template_args(args);
        let close = lines[i + 1..].iter().position(|l| {
            directive_line(l.text).is_some_and(|(c, rest)| rest.is_empty() && c >= colons)
        });
        let Some(offset) = close else {
            self.errors.push(
                Diagnostic::error("template is never closed", self.span(line, 1, colons))
                    .with_label(format!(
                        "expected a line of {} colons after the template text",
                        ":".repeat(colons)
                    )),
            );
            return lines.len();
        };
        let close_index = i + 1 + offset;
        let body = match (lines.get(i + 1), close_index > i + 1) {
            (Some(first), true) => {
                &self.body
                    [first.start..lines[close_index - 1].start + lines[close_index - 1].text.len()]
            }
            _ => "",
        };
        match header {
            Ok((format, title)) => {
                let source = TemplateSource {
                    format,
                    title,
                    body,
                    body_line: line.number + 1,
                };
                let node = Node::Block(Directive {
                    kind: DirectiveKind::Template(source),
                    line: line.number,
                    children: Vec::new(),
                });
                self.children().push(node);
            }
            Err((message, label)) => {
                let col = line.text.find("template").map_or(1, |b| b + 1);
                self.errors.push(
                    Diagnostic::error(
                        message,
                        self.span(line, col, line.text.chars().count() + 1 - col),
                    )
                    .with_label(label),
                );
            }
        }
        close_index + 1
    }

    fn finish(mut self) -> Result<Vec<Node<'a>>, Vec<Diagnostic>> {
        self.flush(self.body.len());
        while let Some(open) = self.stack.pop() {
            let name = match open.kind {
                DirectiveKind::Zh => "zh",
                DirectiveKind::Answer => "answer",
                DirectiveKind::Rubric => "rubric",
                DirectiveKind::Template(_) => "template",
            };
            self.errors.push(
                Diagnostic::error(
                    format!("`{name}` directive is never closed"),
                    Span::new(
                        self.shown,
                        open.line,
                        1,
                        open.colons,
                        &format!("{} {name}", ":".repeat(open.colons)),
                    ),
                )
                .with_label(format!(
                    "expected a closing line of {} colons",
                    ":".repeat(open.colons)
                )),
            );
        }
        if self.errors.is_empty() {
            Ok(self.root)
        } else {
            Err(self.errors)
        }
    }
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
