//! Markdown to HTML in small passes over pulldown-cmark's event stream.
//! Input: a `Lowered` document and a `Context` (links, highlighter).
//! Output: `Markdown` — body HTML, headings, plain text for search and the
//! problems found. Passes: collect text → heading ids → links → rubric
//! checkboxes → highlighted code → HTML.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::lower::{Lowered, RegionKind};
use super::{Context, Heading, PageText, escape};

type Ev<'a> = (Event<'a>, Range<usize>);

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// A broken link found while rendering: where, and why.
pub struct LinkProblem {
    pub offset: usize,
    pub target: String,
    pub message: String,
}

pub struct Markdown {
    pub html: String,
    pub headings: Vec<Heading>,
    pub text: PageText,
    pub rubric_items: usize,
    pub problems: Vec<LinkProblem>,
}

pub fn render(lowered: &Lowered, ctx: &Context) -> Markdown {
    let events: Vec<Ev> = Parser::new_ext(&lowered.text, options())
        .into_offset_iter()
        .collect();
    let text = collect_text(&events, lowered);
    let (events, headings) = heading_ids(events);
    let mut problems = Vec::new();
    let events = links(events, ctx, &lowered.text, &mut problems);
    let (events, rubric_items) = rubric_checkboxes(events, lowered);
    let events = code_blocks(events, ctx);
    let mut html = String::with_capacity(lowered.text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
    // Every page's HTML is held until the theme runs: do not keep slack.
    html.shrink_to_fit();
    Markdown {
        html,
        headings,
        text,
        rubric_items,
        problems,
    }
}

/// Plain text for search, split into body and zh notes; headings apart.
fn collect_text(events: &[Ev], lowered: &Lowered) -> PageText {
    let mut text = PageText::default();
    let mut heading: Option<String> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                heading = Some(String::new());
                separate(&mut text.body, " ");
                separate(&mut text.zh, " ");
            }
            // A block starting inside another (a nested list) parts words too.
            Event::Start(tag) if !is_inline(&tag.to_end()) => {
                separate(&mut text.body, " ");
                separate(&mut text.zh, " ");
            }
            // A heading ends its run of text: ` · ` keeps it apart from the
            // next words in snippets ("Scenario · At 09:12", not "ScenarioAt").
            Event::End(TagEnd::Heading(_)) => {
                text.headings.extend(heading.take());
                separate(&mut text.body, " · ");
                separate(&mut text.zh, " · ");
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(t);
                }
                let buffer = if lowered.region_at(range.start) == Some(RegionKind::Zh) {
                    &mut text.zh
                } else {
                    &mut text.body
                };
                buffer.push_str(t);
            }
            // Only block ends part words: an inline end (`**场景要点**：`)
            // adding a space would put one before CJK punctuation.
            Event::SoftBreak | Event::HardBreak => {
                text.body.push(' ');
                text.zh.push(' ');
            }
            Event::End(end) if !is_inline(end) => {
                separate(&mut text.body, " ");
                separate(&mut text.zh, " ");
            }
            _ => {}
        }
    }
    text
}

/// Inline elements, whose end does not end a word.
fn is_inline(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

/// Ends `buf`'s last run with `sep` (once: nested block ends do not stack).
fn separate(buf: &mut String, sep: &str) {
    let trimmed = buf.trim_end_matches([' ', '·']).len();
    if trimmed == 0 {
        buf.clear();
        return;
    }
    let stronger = sep.contains('·') || buf[trimmed..].contains('·');
    buf.truncate(trimmed);
    buf.push_str(if stronger { " · " } else { sep });
}

/// Gives every heading a stable id (its own `{#id}` or a slug of its text,
/// made unique on the page) and collects the outline.
fn heading_ids(mut events: Vec<Ev>) -> (Vec<Ev>, Vec<Heading>) {
    let mut headings = Vec::new();
    let mut used: Vec<String> = Vec::new();
    for i in 0..events.len() {
        let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 else {
            continue;
        };
        let level = *level;
        let title: String = events[i + 1..]
            .iter()
            .take_while(|(e, _)| !matches!(e, Event::End(TagEnd::Heading(_))))
            .filter_map(|(e, _)| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let wanted = id
            .as_ref()
            .map_or_else(|| slug(&title), |id| id.to_string());
        let unique = unique_id(&wanted, &mut used);
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
            *id = Some(CowStr::from(unique.clone()));
        }
        headings.push(Heading {
            level: heading_number(level),
            id: unique,
            title,
        });
    }
    (events, headings)
}

fn heading_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// A URL fragment from heading text: lowercase, letters of any script and
/// digits kept, runs of anything else folded to one `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for ch in text.chars().flat_map(char::to_lowercase) {
        if ch.is_alphanumeric() {
            out.push(ch);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "section".to_string()
    } else {
        trimmed.to_string()
    }
}

pub fn unique_id(wanted: &str, used: &mut Vec<String>) -> String {
    let mut candidate = wanted.to_string();
    let mut n = 1;
    while used.contains(&candidate) {
        candidate = format!("{wanted}-{n}");
        n += 1;
    }
    used.push(candidate.clone());
    candidate
}

/// Rewrites links to `.md` pages and local files into relative output URLs;
/// a target that does not exist is recorded as a problem.
fn links<'a>(
    mut events: Vec<Ev<'a>>,
    ctx: &Context,
    text: &str,
    problems: &mut Vec<LinkProblem>,
) -> Vec<Ev<'a>> {
    for (event, range) in &mut events {
        let dest = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if !matches!(
                link_type,
                pulldown_cmark::LinkType::Autolink | pulldown_cmark::LinkType::Email
            ) =>
            {
                dest_url
            }
            Event::Start(Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        match ctx.links.resolve(ctx.page_rel, dest) {
            Ok(Some(href)) => *dest = CowStr::from(href),
            Ok(None) => {}
            Err(message) => {
                let written = text.get(range.clone()).unwrap_or("");
                let offset = written
                    .find(dest.as_ref())
                    .map_or(range.start, |at| range.start + at);
                problems.push(LinkProblem {
                    offset,
                    target: dest.to_string(),
                    message,
                });
            }
        }
    }
    events
}

/// Inside `::: rubric`, each top-level list item becomes a labelled checkbox.
fn rubric_checkboxes<'a>(events: Vec<Ev<'a>>, lowered: &Lowered) -> (Vec<Ev<'a>>, usize) {
    let mut out = Vec::with_capacity(events.len());
    let mut depth = 0usize;
    let mut count = 0usize;
    // Whether the current item's <label> is still open: a nested list ends it,
    // since block content may not sit inside a label.
    let mut label_open = false;
    for (event, range) in events {
        if lowered.region_at(range.start) != Some(RegionKind::Rubric) {
            out.push((event, range));
            continue;
        }
        let html = match &event {
            Event::Start(Tag::List(_)) => {
                depth += 1;
                (depth == 2 && std::mem::take(&mut label_open))
                    .then(|| "</span></label>".to_string())
            }
            Event::End(TagEnd::List(_)) => {
                depth = depth.saturating_sub(1);
                None
            }
            Event::Start(Tag::Item) if depth == 1 => {
                count += 1;
                label_open = true;
                Some(format!(
                    r#"<li class="rubric-item"><label><input type="checkbox" class="rubric-check" data-rubric-item="{count}"> <span>"#
                ))
            }
            Event::End(TagEnd::Item) if depth == 1 => {
                let close = if std::mem::take(&mut label_open) {
                    "</span></label>"
                } else {
                    ""
                };
                Some(format!("{close}</li>\n"))
            }
            // Paragraphs cannot sit inside a <label>: loose items are inlined.
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) if depth == 1 => {
                Some(" ".to_string())
            }
            _ => None,
        };
        // A closing label goes before the nested list's own start tag.
        let keep = matches!(event, Event::Start(Tag::List(_)));
        match html {
            Some(html) => {
                out.push((Event::InlineHtml(CowStr::from(html)), range.clone()));
                if keep {
                    out.push((event, range));
                }
            }
            None => out.push((event, range)),
        }
    }
    (out, count)
}

/// Replaces each fenced or indented code block with highlighted HTML.
fn code_blocks<'a>(events: Vec<Ev<'a>>, ctx: &Context) -> Vec<Ev<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut code: Option<(String, String, Range<usize>)> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                        .next()
                        .unwrap_or("")
                        .to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new(), range));
            }
            Event::Text(t) if code.is_some() => {
                if let Some((_, buf, _)) = code.as_mut() {
                    buf.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, buf, range)) = code.take() {
                    out.push((
                        Event::Html(CowStr::from(code_html(&lang, &buf, ctx))),
                        range,
                    ));
                }
            }
            other => out.push((other, range)),
        }
    }
    out
}

fn code_html(lang: &str, code: &str, ctx: &Context) -> String {
    let body = ctx.highlighter.highlight(code, lang);
    if lang.is_empty() {
        format!("<pre class=\"code\"><code>{body}</code></pre>\n")
    } else {
        let lang = escape(lang);
        format!(
            "<pre class=\"code\" data-lang=\"{lang}\"><code class=\"language-{lang}\">{body}</code></pre>\n"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_letters_of_any_script() {
        assert_eq!(
            slug("Layer 2: Mounts & `findmnt`"),
            "layer-2-mounts-findmnt"
        );
        assert_eq!(slug("排查 路径"), "排查-路径");
        assert_eq!(slug("!!!"), "section");
        let mut used = vec![];
        assert_eq!(unique_id("a", &mut used), "a");
        assert_eq!(unique_id("a", &mut used), "a-1");
    }
}
