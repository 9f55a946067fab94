//! Markdown to HTML in small passes over pulldown-cmark's event stream.
//! Input: a `Lowered` document and a `Context` (links, highlighter).
//! Output: `Markdown` — body HTML, headings, plain text for search and the
//! problems found. Passes: collect text → heading ids → links → rubric
//! checkboxes → highlighted code → HTML.

use std::ops::Range;

use std::collections::HashMap;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use super::ids::Ids;
use super::lower::{self, Lowered, RegionKind};
use super::{Context, Heading, PageText, escape, links, raw_html};

type Ev<'a> = (Event<'a>, Range<usize>);

pub fn options() -> Options {
    // No heading-attribute extension: it ate any `{…}` at the end of a
    // heading (`## Expand ${VAR}`); `heading_ids` reads a complete trailing
    // `{#id .class}` group itself and leaves anything else as text.
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
}

/// A problem found while rendering: where (a byte of the lowered text), how
/// many characters to underline, and what to say.
pub struct Problem {
    pub offset: usize,
    pub len: usize,
    pub message: String,
    pub label: String,
}

pub struct Markdown {
    pub html: String,
    pub headings: Vec<Heading>,
    pub text: PageText,
    pub rubric_items: usize,
    pub problems: Vec<Problem>,
    /// The card id of each template, in page order.
    pub template_ids: Vec<String>,
    /// Every id on the page.
    pub ids: Vec<String>,
    /// Links to an anchor on another page.
    pub anchors: Vec<Anchor>,
}

/// A link to `page#fragment` at byte `offset` of the lowered text.
pub struct Anchor {
    pub offset: usize,
    pub len: usize,
    pub page: String,
    pub fragment: String,
}

pub fn render(lowered: &Lowered, ctx: &Context) -> Markdown {
    let events: Vec<Ev> = Parser::new_ext(&lowered.text, options())
        .into_offset_iter()
        .collect();
    let mut problems = nesting(&events, lowered);
    let (events, headings, mut ids) = heading_ids(events, lowered);
    // After the ids pass, which takes `{#id}` groups out of heading text.
    let text = collect_text(&events, lowered);
    let template_ids = lowered
        .templates
        .iter()
        .map(|t| ids.unique(&format!("tpl-{}", slug(t.title))))
        .collect();
    let mut anchors = Vec::new();
    let events = links(events, ctx, lowered, &ids, &mut problems, &mut anchors);
    let (events, rubric_items) = rubric_checkboxes(events, lowered);
    let events = code_blocks(events, ctx);
    let events = raw_html::filter(events, ctx.raw_html);
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
        template_ids,
        ids: ids.into_vec(),
        anchors,
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
            // A heading ends its run of text: ` · ` keeps it apart from the
            // next words in snippets ("Scenario · At 09:12", not "ScenarioAt").
            Event::End(TagEnd::Heading(_)) => {
                text.headings.extend(heading.take());
                separate(&mut text.body, " · ");
                separate(&mut text.zh, " · ");
            }
            // A block starting inside another (a nested list) parts words too.
            Event::Start(tag) if !is_inline(&tag.to_end()) => {
                separate(&mut text.body, " ");
                separate(&mut text.zh, " ");
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

/// Checks that each directive's wrapper opens and closes as its own HTML
/// block at the nesting the author gave it: a directive in a list item must
/// end in that same item, and raw HTML left open before a fence (`<pre>`,
/// `<!--`) must not swallow it, or the page's HTML would be broken and an
/// answer could show outside its reveal.
fn nesting(events: &[Ev], lowered: &Lowered) -> Vec<Problem> {
    let mut tags: HashMap<usize, (usize, usize)> = HashMap::new();
    for (i, r) in lowered.regions.iter().enumerate() {
        tags.insert(r.tag_lines[0], (i, 0));
        tags.insert(r.tag_lines[1], (i, 1));
    }
    let mut seen = vec![[None::<usize>; 2]; lowered.regions.len()];
    let mut depth = 0usize;
    for (event, range) in events {
        match event {
            Event::Start(Tag::Item | Tag::BlockQuote(_)) => depth += 1,
            Event::End(TagEnd::Item | TagEnd::BlockQuote(_)) => depth = depth.saturating_sub(1),
            Event::Start(Tag::HtmlBlock) => {
                if let Some(&(i, end)) = tags.get(&lowered.line_start(range.start)) {
                    seen[i][end] = Some(depth);
                }
            }
            _ => {}
        }
    }
    let mut problems = Vec::new();
    for (r, seen) in lowered.regions.iter().zip(seen) {
        let name = match r.kind {
            RegionKind::Zh => "zh",
            RegionKind::Answer => "answer",
            RegionKind::Rubric => "rubric",
        };
        let (message, label, at) = match seen {
            [Some(a), Some(b)] if a == r.depth && b == r.depth => continue,
            [None, _] | [_, None] => {
                let end = usize::from(seen[0].is_some());
                (
                    format!(
                        "the `{name}` directive's `:::` line is swallowed by the block before it"
                    ),
                    "raw HTML left open above (`<pre>`, `<!--`, `<div>` without a blank line after it) runs over this line",
                    r.tag_lines[end],
                )
            }
            _ => {
                let place = if r.depth == 0 {
                    "the top level of the page"
                } else {
                    "its list item or block quote"
                };
                (
                    format!("the `{name}` directive does not stay inside {place}"),
                    "every line up to its closing `:::` must keep this line's indentation or `>`",
                    r.range.start,
                )
            }
        };
        problems.push(Problem {
            offset: at,
            len: 3,
            message,
            label: label.to_string(),
        });
    }
    problems
}

/// Gives every heading a stable id (its own trailing `{#id}`, or a slug of
/// its text) unique among all ids on the page, and collects the outline.
/// Explicit ids are given first, so automatic ones step aside for them.
fn heading_ids<'a>(mut events: Vec<Ev<'a>>, lowered: &Lowered) -> (Vec<Ev<'a>>, Vec<Heading>, Ids) {
    let mut reserved = lower::reserved_ids(&lowered.regions);
    let mut found: Vec<(usize, HeadingLevel, String, Option<String>)> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i].0 {
            Event::FootnoteReference(name) | Event::Start(Tag::FootnoteDefinition(name)) => {
                reserved.push(name.to_string());
            }
            Event::Html(html) | Event::InlineHtml(html) => reserved.extend(html_ids(html)),
            Event::Start(Tag::Heading { level, .. }) => {
                let level = *level;
                let end = events[i..]
                    .iter()
                    .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
                    .map_or(events.len(), |p| i + p);
                let explicit = strip_attrs(&mut events[i..end]);
                let title: String = events[i + 1..end]
                    .iter()
                    .filter_map(|(e, _)| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                found.push((i, level, title, explicit));
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    let mut ids = Ids::new(reserved);
    let mut given: Vec<Option<String>> = found
        .iter()
        .map(|(_, _, _, explicit)| explicit.as_deref().map(|id| ids.unique(id)))
        .collect();
    let mut headings = Vec::with_capacity(found.len());
    for ((at, level, title, _), given) in found.into_iter().zip(given.iter_mut()) {
        let id = given.take().unwrap_or_else(|| ids.unique(&slug(&title)));
        if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[at].0 {
            *slot = Some(CowStr::from(id.clone()));
        }
        headings.push(Heading {
            level: level as u8,
            id,
            title,
        });
    }
    (events, headings, ids)
}

/// Reads a complete trailing `{#id .class}` group off a heading's last text
/// (`heading` runs from its start event to before its end event), sets the
/// classes, and returns the id. Any other `{…}` stays as text.
fn strip_attrs(heading: &mut [Ev]) -> Option<String> {
    let last = heading.len().checked_sub(1).filter(|l| *l > 0)?;
    let Event::Text(text) = &heading[last].0 else {
        return None;
    };
    let (keep, id, classes) = trailing_attrs(text)?;
    let kept = text[..keep].to_string();
    let classes: Vec<CowStr> = classes
        .into_iter()
        .map(|c| CowStr::from(c.to_string()))
        .collect();
    let id = id.map(str::to_string);
    heading[last].0 = Event::Text(CowStr::from(kept));
    if let Event::Start(Tag::Heading { classes: slot, .. }) = &mut heading[0].0 {
        *slot = classes;
    }
    id
}

/// `Title {#id .a .b}` → (length of `Title`, `Some("id")`, `["a", "b"]`);
/// `None` unless the group parses completely.
pub fn trailing_attrs(text: &str) -> Option<(usize, Option<&str>, Vec<&str>)> {
    let inner = text.trim_end().strip_suffix('}')?;
    let open = inner.rfind('{')?;
    let mut id = None;
    let mut classes = Vec::new();
    let valid = |name: &str| {
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
    };
    for token in inner[open + 1..].split_whitespace() {
        if let Some(name) = token.strip_prefix('#') {
            if !valid(name) || id.is_some() {
                return None;
            }
            id = Some(name);
        } else if let Some(name) = token.strip_prefix('.').filter(|n| valid(n)) {
            classes.push(name);
        } else {
            return None;
        }
    }
    if id.is_none() && classes.is_empty() {
        return None;
    }
    Some((text[..open].trim_end().len(), id, classes))
}

/// The values of `id="…"` and `name="…"` attributes in a piece of raw HTML.
fn html_ids(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" id=", " name="] {
        let mut rest = html;
        while let Some(at) = rest.find(attr) {
            rest = &rest[at + attr.len()..];
            let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
                continue;
            };
            if let Some(end) = rest[1..].find(quote) {
                out.push(rest[1..1 + end].to_string());
            }
        }
    }
    out
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

/// Checks and rewrites every link and image target: same-page anchors must
/// name an id on the page, only safe schemes pass, links to `.md` pages and
/// local files become relative output URLs. A link inside an image's alt
/// text is only text, so it is not checked.
fn links<'a>(
    mut events: Vec<Ev<'a>>,
    ctx: &Context,
    lowered: &Lowered,
    ids: &Ids,
    problems: &mut Vec<Problem>,
    anchors: &mut Vec<Anchor>,
) -> Vec<Ev<'a>> {
    let mut in_image = 0usize;
    for (event, range) in &mut events {
        let (dest, image) = match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                in_image += 1;
                if in_image > 1 {
                    continue;
                }
                (dest_url, true)
            }
            Event::End(TagEnd::Image) => {
                in_image = in_image.saturating_sub(1);
                continue;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if in_image == 0 && *link_type != LinkType::Email => (dest_url, false),
            _ => continue,
        };
        let at = |written: &str| {
            let text = lowered.text.get(range.clone()).unwrap_or("");
            text.find(written)
                .map_or(range.start, |at| range.start + at)
        };
        match links::target(ctx, dest, image, ids) {
            Ok(Some(href)) => {
                if let Some((page, fragment)) = links::other_page_anchor(ctx, dest) {
                    anchors.push(Anchor {
                        offset: at(dest),
                        len: dest.chars().count(),
                        page,
                        fragment,
                    });
                }
                *dest = CowStr::from(href);
            }
            Ok(None) => {}
            Err((message, label)) => {
                let written = lowered.text.get(range.clone()).unwrap_or("");
                let offset = written
                    .find(dest.as_ref())
                    .map_or(range.start, |at| range.start + at);
                problems.push(Problem {
                    offset,
                    len: dest.chars().count(),
                    message,
                    label,
                });
            }
        }
    }
    events
}

/// Inside `::: rubric`, each top-level list item becomes one labelled
/// checkbox. The label holds only the item's first run of inline text: any
/// block after it (a second paragraph, code, a quote, a nested list) comes
/// after the label closes, since a `<label>` may hold no block content. A
/// task-list marker in a rubric item is dropped: the item's checkbox is it.
fn rubric_checkboxes<'a>(events: Vec<Ev<'a>>, lowered: &Lowered) -> (Vec<Ev<'a>>, usize) {
    let mut out = Vec::with_capacity(events.len());
    let mut depth = 0usize;
    let mut count = 0usize;
    // Whether the current item's <label> is still open.
    let mut label_open = false;
    let close_label = |out: &mut Vec<Ev<'a>>, range: &Range<usize>, open: &mut bool| {
        if std::mem::take(open) {
            out.push((
                Event::InlineHtml(CowStr::from("</span></label>")),
                range.clone(),
            ));
        }
    };
    for (event, range) in events {
        if lowered.region_at(range.start) != Some(RegionKind::Rubric) {
            out.push((event, range));
            continue;
        }
        match &event {
            Event::Start(Tag::Item) if depth == 1 => {
                count += 1;
                label_open = true;
                let html = format!(
                    r#"<li class="rubric-item"><label><input type="checkbox" class="rubric-check" data-rubric-item="{count}"> <span>"#
                );
                out.push((Event::InlineHtml(CowStr::from(html)), range));
                continue;
            }
            Event::End(TagEnd::Item) if depth == 1 => {
                close_label(&mut out, &range, &mut label_open);
                out.push((Event::InlineHtml(CowStr::from("</li>\n")), range));
                continue;
            }
            Event::TaskListMarker(_) if depth == 1 => continue,
            // The item's first paragraph is the label's text.
            Event::Start(Tag::Paragraph) if depth == 1 && label_open => continue,
            Event::End(TagEnd::Paragraph) if depth == 1 && label_open => {
                close_label(&mut out, &range, &mut label_open);
                continue;
            }
            Event::Start(tag) if label_open && is_block(tag) => {
                close_label(&mut out, &range, &mut label_open);
            }
            Event::Rule if label_open => close_label(&mut out, &range, &mut label_open),
            _ => {}
        }
        match &event {
            Event::Start(Tag::List(_)) => depth += 1,
            Event::End(TagEnd::List(_)) => depth = depth.saturating_sub(1),
            _ => {}
        }
        out.push((event, range));
    }
    (out, count)
}

fn is_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::List(_)
            | Tag::Item
            | Tag::FootnoteDefinition(_)
            | Tag::Table(_)
            | Tag::DefinitionList
            | Tag::MetadataBlock(_)
    )
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
    }

    #[test]
    fn only_a_complete_trailing_group_is_read_as_attributes() {
        type Attrs<'a> = Option<(&'a str, Option<&'a str>, &'a [&'a str])>;
        let cases: &[(&str, Attrs)] = &[
            (
                "Title {#custom .x}",
                Some(("Title", Some("custom"), &["x"])),
            ),
            ("Title {.a .b}", Some(("Title", None, &["a", "b"]))),
            ("Expand ${VAR}", None),
            ("Empty {}", None),
            ("Count {1}", None),
            ("Two ids {#a #b}", None),
            ("Half {#a b}", None),
            ("{#only}", Some(("", Some("only"), &[]))),
        ];
        for (text, want) in cases {
            let got = trailing_attrs(text).map(|(keep, id, classes)| (&text[..keep], id, classes));
            assert_eq!(got, want.map(|(t, id, c)| (t, id, c.to_vec())), "{text}");
        }
    }
}
