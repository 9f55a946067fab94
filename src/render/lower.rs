//! Lowering: turns the directive tree back into one Markdown document that
//! pulldown-cmark can parse in a single pass (so footnotes and reference
//! links work across directives). Input: `Node`s. Output: `Lowered` — the
//! text, a map from its lines to the file's lines, the byte regions of each
//! directive, and the templates, which are cut out and left as slot markers.
//! Directive fences become HTML block lines surrounded by blank lines, which
//! CommonMark keeps as raw HTML while parsing the body between as Markdown.

use std::ops::Range;

use super::directives::{DirectiveKind, Node, TemplateSource};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionKind {
    Zh,
    Answer,
    Rubric,
}

#[derive(Debug, Clone)]
pub struct Region {
    pub kind: RegionKind,
    pub range: Range<usize>,
}

#[derive(Debug, Default)]
pub struct Lowered<'a> {
    pub text: String,
    /// For each line of `text`: its byte start and the file line it came from.
    lines: Vec<(usize, usize)>,
    pub regions: Vec<Region>,
    pub templates: Vec<TemplateSource<'a>>,
}

/// The HTML comment that stands where template `k` will be inserted.
pub fn slot_marker(k: usize) -> String {
    format!("<!--drillbook:template:{k}-->")
}

impl<'a> Lowered<'a> {
    pub fn new(nodes: &[Node<'a>]) -> Self {
        let mut out = Lowered::default();
        let mut counters = [0usize; 3];
        out.nodes(nodes, &mut counters);
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

    pub fn region_at(&self, offset: usize) -> Option<RegionKind> {
        // Innermost region wins: regions are pushed outermost-last, so search
        // for the smallest range containing the offset.
        self.regions
            .iter()
            .filter(|r| r.range.contains(&offset))
            .min_by_key(|r| r.range.len())
            .map(|r| r.kind)
    }

    fn push_line(&mut self, text: &str, file_line: usize) {
        self.lines.push((self.text.len(), file_line));
        self.text.push_str(text);
        self.text.push('\n');
    }

    fn nodes(&mut self, nodes: &[Node<'a>], counters: &mut [usize; 3]) {
        for node in nodes {
            match node {
                Node::Text { line, text } => {
                    for (i, l) in text.lines().enumerate() {
                        self.push_line(l, line + i);
                    }
                }
                Node::Block(d) => match &d.kind {
                    DirectiveKind::Template(t) => {
                        self.push_line("", d.line);
                        self.push_line(&slot_marker(self.templates.len()), d.line);
                        self.push_line("", d.line);
                        self.templates.push(t.clone());
                    }
                    kind => {
                        let region = match kind {
                            DirectiveKind::Zh => RegionKind::Zh,
                            DirectiveKind::Answer => RegionKind::Answer,
                            _ => RegionKind::Rubric,
                        };
                        let n = &mut counters[region as usize];
                        *n += 1;
                        let n = *n;
                        self.push_line("", d.line);
                        let start = self.text.len();
                        self.push_line(&open_tag(region, n), d.line);
                        self.push_line("", d.line);
                        self.nodes(&d.children, counters);
                        self.push_line("", d.line);
                        self.push_line(close_tag(region), d.line);
                        let end = self.text.len();
                        self.push_line("", d.line);
                        self.regions.push(Region {
                            kind: region,
                            range: start..end,
                        });
                    }
                },
            }
        }
    }
}

/// The wrapper that opens the `n`th directive of its kind on the page.
fn open_tag(kind: RegionKind, n: usize) -> String {
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

fn close_tag(kind: RegionKind) -> &'static str {
    match kind {
        RegionKind::Zh => "</div>",
        RegionKind::Answer => "</div></section>",
        RegionKind::Rubric => "</section>",
    }
}
