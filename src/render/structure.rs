//! Block structure of a page body, read by pulldown-cmark itself rather than
//! guessed line by line. Input: the body text. Output: `Structure` — where
//! the code blocks are (fenced and indented, inside lists and quotes too),
//! which fences are never closed, and which list items and block quotes hold
//! each line. The directive parser asks it whether a `:::` line is code, and
//! which containers the line's own prefix (`> `, indentation) opens.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};

#[derive(Debug, Clone)]
pub struct Code {
    pub range: Range<usize>,
    /// For a fenced block never closed before the end of the page.
    pub unclosed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerKind {
    Quote,
    /// A list item whose text starts at this column of its lines.
    Item {
        content_col: usize,
    },
}

#[derive(Debug, Clone)]
pub struct Container {
    pub range: Range<usize>,
    pub kind: ContainerKind,
}

#[derive(Debug, Default)]
pub struct Structure {
    /// Sorted by start; code blocks never nest.
    pub code: Vec<Code>,
    /// In document order (parents before children).
    pub containers: Vec<Container>,
}

impl Structure {
    pub fn new(body: &str) -> Self {
        let mut out = Structure::default();
        for (event, range) in Parser::new_ext(body, super::markdown::options()).into_offset_iter() {
            match event {
                Event::Start(Tag::CodeBlock(kind)) => {
                    let unclosed = matches!(kind, CodeBlockKind::Fenced(_))
                        && body[range.end..].trim().is_empty()
                        && !closes_itself(&body[range.clone()]);
                    out.code.push(Code { range, unclosed });
                }
                Event::Start(Tag::BlockQuote(_)) => out.containers.push(Container {
                    range,
                    kind: ContainerKind::Quote,
                }),
                Event::Start(Tag::Item) => {
                    let content_col = item_content_col(body, range.start);
                    out.containers.push(Container {
                        range,
                        kind: ContainerKind::Item { content_col },
                    });
                }
                _ => {}
            }
        }
        out
    }
}

/// Whether a fenced block's text (opening fence to its end) ends with a
/// closing fence of the same character, at least as long as the opening.
fn closes_itself(block: &str) -> bool {
    let opening = block.lines().next().unwrap_or("");
    let ch = opening.bytes().next().unwrap_or(b'`');
    let len = opening.bytes().take_while(|b| *b == ch).count();
    let mut lines = block.trim_end().lines();
    let last = lines.next_back().unwrap_or("");
    if lines.next().is_none() {
        return false;
    }
    let last = last.trim_start_matches([' ', '\t', '>']).trim();
    last.len() >= len && last.bytes().all(|b| b == ch)
}

/// The column where a list item's text starts, from its marker (CommonMark:
/// one to four spaces after the marker, else one).
fn item_content_col(body: &str, marker_at: usize) -> usize {
    let line_start = body[..marker_at].rfind('\n').map_or(0, |i| i + 1);
    let marker_col = columns(&body[line_start..marker_at], 0);
    let rest = &body[marker_at..];
    let rest = rest.split('\n').next().unwrap_or("");
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let marker_len = if digits > 0 { digits + 1 } else { 1 };
    let after = rest.get(marker_len..).unwrap_or("");
    let end_col = marker_col + marker_len;
    let spaces = columns(
        &after[..after.len() - after.trim_start_matches([' ', '\t']).len()],
        end_col,
    ) - end_col;
    if after.trim().is_empty() || spaces > 4 || spaces == 0 {
        end_col + 1
    } else {
        end_col + spaces
    }
}

/// The column reached after `text` starting at column `col` (tabs stop every 4).
pub fn columns(text: &str, mut col: usize) -> usize {
    for ch in text.chars() {
        col = if ch == '\t' {
            (col / 4 + 1) * 4
        } else {
            col + 1
        };
    }
    col
}

/// How one line sits in the containers around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinePrefix {
    /// How many of the surrounding containers the line's prefix opens; a
    /// lazy continuation line opens fewer than surround it.
    pub depth: usize,
    /// The innermost opened container (an index into `containers`).
    pub container: Option<usize>,
    /// Byte length of the prefix that opens those containers.
    pub len: usize,
    /// Byte index of the line's first non-blank text after the prefix.
    pub text_at: usize,
    /// Columns of indentation between the prefix and the text.
    pub indent: usize,
}

/// Walks the body's lines in order, answering for each where it sits.
pub struct Cursor<'s> {
    structure: &'s Structure,
    next_code: usize,
    next_container: usize,
    stack: Vec<usize>,
}

impl<'s> Cursor<'s> {
    pub fn new(structure: &'s Structure) -> Self {
        Cursor {
            structure,
            next_code: 0,
            next_container: 0,
            stack: Vec::new(),
        }
    }

    /// The code block holding byte `at`, if any. Calls must not go backwards.
    pub fn code_at(&mut self, at: usize) -> Option<&'s Code> {
        let code = &self.structure.code;
        while self.next_code < code.len() && code[self.next_code].range.end <= at {
            self.next_code += 1;
        }
        code.get(self.next_code)
            .filter(|c| c.range.start <= at && at < c.range.end)
    }

    /// How `line` opens its containers; `probe` is the byte (of the body) in
    /// the line that decides which containers hold it.
    pub fn prefix(&mut self, line: &str, probe: usize) -> LinePrefix {
        let containers = &self.structure.containers;
        while self.next_container < containers.len()
            && containers[self.next_container].range.start <= probe
        {
            let next = &containers[self.next_container];
            while self
                .stack
                .last()
                .is_some_and(|&top| containers[top].range.end <= next.range.start)
            {
                self.stack.pop();
            }
            self.stack.push(self.next_container);
            self.next_container += 1;
        }
        while self
            .stack
            .last()
            .is_some_and(|&top| containers[top].range.end <= probe)
        {
            self.stack.pop();
        }
        match_prefix(line, &self.stack, containers)
    }
}

fn skip_blank(line: &str, mut byte: usize, mut col: usize, limit: usize) -> (usize, usize) {
    while col < limit {
        match line.as_bytes().get(byte) {
            Some(b' ') => col += 1,
            Some(b'\t') => col = (col / 4 + 1) * 4,
            _ => break,
        }
        byte += 1;
    }
    (byte, col)
}

fn match_prefix(line: &str, stack: &[usize], containers: &[Container]) -> LinePrefix {
    let (mut byte, mut col) = (0, 0);
    let mut depth = 0;
    let mut container = None;
    for &c in stack {
        match containers[c].kind {
            ContainerKind::Quote => {
                let (b, k) = skip_blank(line, byte, col, col + 3);
                if line.as_bytes().get(b) != Some(&b'>') {
                    break;
                }
                byte = b + 1;
                col = k + 1;
                if line.as_bytes().get(byte) == Some(&b' ') {
                    byte += 1;
                    col += 1;
                }
            }
            ContainerKind::Item { content_col } => {
                let (b, k) = skip_blank(line, byte, col, content_col);
                if k < content_col {
                    break;
                }
                byte = b;
                col = k;
            }
        }
        depth += 1;
        container = Some(c);
    }
    let (text_at, text_col) = skip_blank(line, byte, col, usize::MAX);
    LinePrefix {
        depth,
        container,
        len: byte,
        text_at,
        indent: text_col - col,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(body: &str, needle: &str) -> (LinePrefix, bool) {
        let s = Structure::new(body);
        let mut cursor = Cursor::new(&s);
        let probe = body.find(needle).expect("needle");
        let start = body[..probe].rfind('\n').map_or(0, |i| i + 1);
        let end = body[start..].find('\n').map_or(body.len(), |i| start + i);
        let in_code = cursor.code_at(probe).is_some();
        (cursor.prefix(&body[start..end], probe), in_code)
    }

    #[test]
    fn finds_code_and_containers() {
        let cases: &[(&str, &str, usize, usize, bool)] = &[
            ("1. a\n   ::: zh\n", "::: zh", 1, 3, false),
            ("- a\n::: zh\n", "::: zh", 0, 0, false),
            ("> a\n> ::: zh\n", "::: zh", 1, 2, false),
            ("> a\n::: zh\n", "::: zh", 0, 0, false),
            ("- ```\n  ::: zh\n  ```\n", "::: zh", 1, 2, true),
            ("x\n\n    ::: zh\n", "::: zh", 0, 0, true),
            ("10.  a\n     ::: zh\n", "::: zh", 1, 5, false),
            ("> - a\n>   ::: zh\n", "::: zh", 2, 4, false),
        ];
        for (body, needle, depth, len, code) in cases {
            let (p, in_code) = at(body, needle);
            assert_eq!((p.depth, p.len, in_code), (*depth, *len, *code), "{body:?}");
        }
    }

    #[test]
    fn unclosed_fences_reach_the_end() {
        let s = Structure::new("```bash\nls\n::: answer\n");
        assert!(s.code[0].unclosed);
        let s = Structure::new("```\nls\n```\n");
        assert!(!s.code[0].unclosed);
        let s = Structure::new("- ```\n  ls\n\ntext\n");
        assert!(!s.code[0].unclosed);
        let s = Structure::new("````\nls\n```\n");
        assert!(s.code[0].unclosed);
    }
}
