//! Lowering: turns the parsed directives back into one Markdown document
//! that pulldown-cmark can parse in a single pass (so footnotes and reference
//! links work across directives). Input: the flat `Part`s. Output: `Lowered`
//! — the text, a map from its lines to the file's lines, the byte regions of
//! each directive, and the templates, which are cut out and left as slot
//! markers. Directive fences become HTML block lines between blank lines,
//! which CommonMark keeps as raw HTML while parsing the body between as
//! Markdown; a directive inside a list item or quote keeps that container's
//! prefix on every line it adds, so it stays inside.

use std::ops::Range;

use super::directives::{DirectiveKind, Part, TemplateSource};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionKind {
    Zh,
    Answer,
    Rubric,
}

#[derive(Debug, Clone)]
pub struct Region {
    pub kind: RegionKind,
    /// From the opening tag's line to the end of the closing tag's line.
    pub range: Range<usize>,
    /// How many list items and block quotes the author put it in.
    pub depth: usize,
    /// Byte starts of the opening and closing tag lines in `text`.
    pub tag_lines: [usize; 2],
}

#[derive(Debug, Default)]
pub struct Lowered<'a> {
    pub text: String,
    /// For each line of `text`: its byte start and the file line it came from.
    lines: Vec<(usize, usize)>,
    pub regions: Vec<Region>,
    /// Where the innermost region changes: (byte, region kind from there on).
    segments: Vec<(usize, Option<RegionKind>)>,
    pub templates: Vec<TemplateSource<'a>>,
}

pub const SLOT_PREFIX: &str = "<!--drillbook:template:";

/// The HTML comment that stands where template `k` will be inserted.
pub fn slot_marker(k: usize) -> String {
    format!("{SLOT_PREFIX}{k}-->")
}

impl<'a> Lowered<'a> {
    pub fn new(parts: &[Part<'a>]) -> Self {
        let mut out = Lowered::default();
        let mut counters = [0usize; 3];
        // Open regions: (index into `regions`).
        let mut open: Vec<usize> = Vec::new();
        for part in parts {
            match part {
                Part::Text { line, text } => {
                    for (i, l) in text.lines().enumerate() {
                        out.push_line("", l, line + i);
                    }
                }
                Part::Template { line, source } => {
                    out.push_line("", "", *line);
                    out.push_line("", &slot_marker(out.templates.len()), *line);
                    out.push_line("", "", *line);
                    out.templates.push(source.clone());
                }
                Part::Open(o) => {
                    let kind = match o.kind {
                        DirectiveKind::Zh => RegionKind::Zh,
                        DirectiveKind::Answer => RegionKind::Answer,
                        DirectiveKind::Rubric => RegionKind::Rubric,
                    };
                    let n = &mut counters[kind as usize];
                    *n += 1;
                    let n = *n;
                    out.push_line(o.prefix, "", o.line);
                    let start = out.text.len();
                    out.segments.push((start, Some(kind)));
                    out.push_line(o.prefix, &open_tag(kind, n), o.line);
                    out.push_line(o.prefix, "", o.line);
                    open.push(out.regions.len());
                    out.regions.push(Region {
                        kind,
                        range: start..start,
                        depth: o.depth,
                        tag_lines: [start, start],
                    });
                }
                Part::Close { line, prefix } => {
                    let Some(index) = open.pop() else { continue };
                    let kind = out.regions[index].kind;
                    out.push_line(prefix, "", *line);
                    out.regions[index].tag_lines[1] = out.text.len();
                    out.push_line(prefix, close_tag(kind), *line);
                    let end = out.text.len();
                    out.push_line(prefix, "", *line);
                    out.regions[index].range.end = end;
                    let outer = open.last().map(|&i| out.regions[i].kind);
                    out.segments.push((end, outer));
                }
            }
        }
        out
    }

    /// The file line and 1-based character column of byte `offset` of `text`.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let index = self
            .lines
            .partition_point(|(start, _)| *start <= offset)
            .saturating_sub(1);
        let Some(&(start, line)) = self.lines.get(index) else {
            return (1, 1);
        };
        let end = offset.min(self.text.len()).max(start);
        let col = self
            .text
            .get(start..end)
            .map_or(1, |s| s.chars().count() + 1);
        (line, col)
    }

    /// The byte start of the line holding byte `offset` of `text`.
    pub fn line_start(&self, offset: usize) -> usize {
        let index = self.lines.partition_point(|(start, _)| *start <= offset);
        index.checked_sub(1).map_or(0, |i| self.lines[i].0)
    }

    /// The innermost directive region holding byte `offset`.
    pub fn region_at(&self, offset: usize) -> Option<RegionKind> {
        let index = self.segments.partition_point(|(start, _)| *start <= offset);
        index.checked_sub(1).and_then(|i| self.segments[i].1)
    }

    fn push_line(&mut self, prefix: &str, text: &str, file_line: usize) {
        self.lines.push((self.text.len(), file_line));
        self.text.push_str(prefix);
        self.text.push_str(text);
        self.text.push('\n');
    }
}

/// The wrapper that opens the `n`th directive of its kind on the page.
pub(super) fn open_tag(kind: RegionKind, n: usize) -> String {
    match kind {
        RegionKind::Zh => r#"<div class="zh-note" lang="zh-Hans" data-directive="zh">"#.to_string(),
        RegionKind::Answer => format!(
            r#"<section class="answer" id="answer-{n}" data-directive="answer" aria-labelledby="answer-{n}-title"><h2 class="answer-title" id="answer-{n}-title" data-i18n="model_answer">Model answer</h2><div class="answer-body" id="answer-{n}-body">"#
        ),
        RegionKind::Rubric => format!(
            r#"<section class="rubric" id="rubric-{n}" data-directive="rubric" aria-labelledby="rubric-{n}-title"><h2 class="rubric-title" id="rubric-{n}-title" data-i18n="self_check">Self-check</h2>"#
        ),
    }
}

pub(super) fn close_tag(kind: RegionKind) -> &'static str {
    match kind {
        RegionKind::Zh => "</div>",
        RegionKind::Answer => "</div></section>",
        RegionKind::Rubric => "</section>",
    }
}

/// The ids a directive's wrapper takes, so headings can step aside.
pub fn reserved_ids(regions: &[Region]) -> Vec<String> {
    let mut counters = [0usize; 3];
    let mut ids = Vec::new();
    for r in regions {
        let n = &mut counters[r.kind as usize];
        *n += 1;
        match r.kind {
            RegionKind::Zh => {}
            RegionKind::Answer => {
                for suffix in ["", "-title", "-body"] {
                    ids.push(format!("answer-{n}{suffix}"));
                }
            }
            RegionKind::Rubric => {
                for suffix in ["", "-title"] {
                    ids.push(format!("rubric-{n}{suffix}"));
                }
            }
        }
    }
    ids
}
