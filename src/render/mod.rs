//! Stage 3, render. Input: one validated `Page`, the site's `Links` and the
//! `Highlighter`. Output: `Rendered` — body HTML, outline, search text,
//! templates and authoring warnings. Steps: `directives` splits the body,
//! `lower` rejoins it as one Markdown document, `markdown` renders it in
//! passes, and `template` builds the template cards into their slots.

mod blanks;
#[cfg(test)]
mod commonmark_tests;
mod directives;
#[cfg(test)]
mod fuzz_tests;
mod highlight;
mod ids;
mod links;
mod lower;
mod markdown;
mod raw_html;
mod structure;
mod template;
#[cfg(test)]
mod test_links;

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::content::{Kind, Page};
use crate::diagnostic::{Diagnostic, Span};

pub use blanks::is_blank_name;
pub use highlight::{Highlighter, css as highlight_css};
pub use markdown::slug;
pub use raw_html::RawHtml;

/// What the site tells a page's render: where its links go, and what raw
/// HTML may do.
pub trait Links: Sync {
    /// `Ok(None)`: leave the link as written (external, or an anchor).
    /// `Ok(Some(href))`: the relative href. `Err(why)`: a broken link.
    fn resolve(&self, from_rel: &str, target: &str) -> Result<Option<String>, String>;

    /// The handbook's `[build] raw_html` policy.
    fn raw_html(&self) -> RawHtml;

    /// The source path (`debug/x.md`) of the page a link's path names, when
    /// it names a page of this build: its anchors are checked across pages.
    fn target_page(&self, from_rel: &str, path: &str) -> Option<String>;
}

/// What rendering a page needs besides the page.
pub struct Context<'a> {
    pub links: &'a dyn Links,
    pub highlighter: &'a Highlighter,
    /// The page's source path relative to the content dir.
    pub page_rel: &'a str,
    pub raw_html: RawHtml,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A page's text by field, for the search index.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PageText {
    pub headings: Vec<String>,
    pub body: String,
    pub zh: String,
    pub templates: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TemplateInfo {
    pub id: String,
    pub title: String,
    pub format: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub text: PageText,
    pub templates: Vec<TemplateInfo>,
    pub answers: usize,
    pub rubric_items: usize,
    pub warnings: Vec<Diagnostic>,
    /// Every element id in the body, for links from other pages.
    pub ids: Vec<String>,
    /// Links to an anchor on another page, checked by `check_anchors`.
    pub anchors: Vec<AnchorLink>,
}

/// A link to `page#fragment`, and where it is written.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AnchorLink {
    pub page: String,
    pub fragment: String,
    pub span: Span,
}

/// Checks every link to an anchor on another page against that page's ids:
/// run once all pages are rendered. Only pages some link points into have
/// their ids gathered, so a site with few such links pays little. Links to
/// pages not rendered (drafts, pages with errors) are left to those pages'
/// own reports.
pub fn check_anchors<'a, I>(pages: I) -> Vec<Diagnostic>
where
    I: IntoIterator<Item = (&'a str, &'a Rendered)> + Clone,
{
    let targets: HashSet<&str> = pages
        .clone()
        .into_iter()
        .flat_map(|(_, r)| r.anchors.iter().map(|a| a.page.as_str()))
        .collect();
    if targets.is_empty() {
        return Vec::new();
    }
    let ids: HashMap<&str, HashSet<&str>> = pages
        .clone()
        .into_iter()
        .filter(|(rel, _)| targets.contains(rel))
        .map(|(rel, r)| (rel, r.ids.iter().map(String::as_str).collect()))
        .collect();
    let mut errors = Vec::new();
    for (_, r) in pages {
        for a in &r.anchors {
            if ids
                .get(a.page.as_str())
                .is_some_and(|set| !set.contains(a.fragment.as_str()))
            {
                errors.push(
                    Diagnostic::error(
                        format!("no heading `#{}` on `{}`", a.fragment, a.page),
                        a.span.clone(),
                    )
                    .with_label(
                        "expected the id of a heading, answer, template or footnote on that page",
                    ),
                );
            }
        }
    }
    errors
}

/// Renders one page; errors are the page's broken directives and links.
pub fn render_page(
    page: &Page,
    links: &dyn Links,
    highlighter: &Highlighter,
) -> Result<Rendered, Vec<Diagnostic>> {
    let parsed = directives::parse(page.body(), page.body_line, &page.source.shown)?;
    let lowered = lower::Lowered::new(&parsed.parts);
    let ctx = Context {
        links,
        highlighter,
        page_rel: &page.source.rel,
        raw_html: links.raw_html(),
    };
    let md = markdown::render(&lowered, &ctx);
    // Lines of the file, split once however many diagnostics point in.
    let lines: Vec<&str> = if md.problems.is_empty() && md.anchors.is_empty() {
        Vec::new()
    } else {
        page.source.text.lines().collect()
    };
    let span_at = |offset: usize, len: usize| {
        let (line, col) = lowered.position(offset);
        let text = lines.get(line.wrapping_sub(1)).copied().unwrap_or("");
        Span::new(&page.source.shown, line, col, len, text)
    };
    if !md.problems.is_empty() {
        return Err(md
            .problems
            .iter()
            .map(|p| {
                Diagnostic::error(p.message.clone(), span_at(p.offset, p.len))
                    .with_label(p.label.clone())
            })
            .collect());
    }
    let mut html = md.html;
    let mut text = md.text;
    let templates = insert_templates(
        page,
        &lowered,
        &md.template_ids,
        ctx.raw_html,
        &mut html,
        &mut text,
    );
    let answers = lowered
        .regions
        .iter()
        .filter(|r| r.kind == lower::RegionKind::Answer)
        .count();
    let mut warnings = parsed.warnings;
    if !(answers == 0 && parsed.hidden_answer) {
        warnings.extend(missing_answer(page, answers));
    }
    warnings.extend(lints(page, &lowered));
    let anchors = md
        .anchors
        .into_iter()
        .map(|a| AnchorLink {
            span: span_at(a.offset, a.len),
            page: a.page,
            fragment: a.fragment,
        })
        .collect();
    Ok(Rendered {
        ids: md.ids,
        anchors,
        html,
        headings: md.headings,
        text,
        templates,
        answers,
        rubric_items: md.rubric_items,
        warnings,
    })
}

/// Puts each template's card into its slot (one pass over the HTML) and
/// its text into the search text.
fn insert_templates(
    page: &Page,
    lowered: &lower::Lowered,
    ids: &[String],
    raw_html: RawHtml,
    html: &mut String,
    text: &mut PageText,
) -> Vec<TemplateInfo> {
    let mut templates = Vec::with_capacity(lowered.templates.len());
    for (t, id) in lowered.templates.iter().zip(ids) {
        for part in [t.title, t.body] {
            text.templates.push_str(part);
            text.templates.push('\n');
        }
        templates.push(TemplateInfo {
            id: id.clone(),
            title: t.title.to_string(),
            format: t.format.to_string(),
        });
    }
    if templates.is_empty() {
        return templates;
    }
    let marker = lower::SLOT_PREFIX;
    let mut out = String::with_capacity(html.len() * 2);
    let mut rest = html.as_str();
    let mut next = 0;
    while let Some(at) = rest.find(marker) {
        out.push_str(&rest[..at]);
        let slot = lower::slot_marker(next);
        match lowered.templates.get(next) {
            Some(t) if rest[at..].starts_with(&slot) => {
                out.push_str(&template::card(
                    t,
                    &ids[next],
                    &page.fm.placeholders,
                    raw_html,
                ));
                rest = &rest[at + slot.len()..];
                next += 1;
            }
            _ => {
                out.push_str(marker);
                rest = &rest[at + marker.len()..];
            }
        }
    }
    out.push_str(rest);
    *html = out;
    templates
}

fn missing_answer(page: &Page, answers: usize) -> Option<Diagnostic> {
    (page.fm.kind == Kind::Drill && answers == 0).then(|| {
        Diagnostic::warning("drill has no `::: answer`", Span::file(&page.source.shown))
            .with_label("readers practise against the model answer")
            .with_help("add a `::: answer` block with the model answer")
    })
}

/// Authoring warnings: blanks without a placeholder entry, placeholders no
/// template uses.
fn lints(page: &Page, lowered: &lower::Lowered) -> Vec<Diagnostic> {
    let shown = &page.source.shown;
    let text = &page.source.text;
    let mut warnings = Vec::new();
    let mut used: HashSet<&str> = HashSet::new();
    for t in &lowered.templates {
        for (i, line) in t.body.lines().enumerate() {
            for name in blanks::names(line) {
                // Each blank is reported once, at its first use.
                if !used.insert(name) || page.fm.placeholders.contains_key(name) {
                    continue;
                }
                let col = line
                    .find(&format!("{{{{{name}}}}}"))
                    .map_or(1, |b| line[..b].chars().count() + 1);
                let span = Span::new(shown, t.body_line + i, col, name.chars().count() + 4, line);
                let mut diag = Diagnostic::warning(
                    format!("blank `{{{{{name}}}}}` has no `placeholders` entry"),
                    span,
                )
                .with_label("readers will see the bare name as its label");
                let names = page.fm.placeholders.keys().map(String::as_str);
                diag = match crate::diagnostic::did_you_mean(name, names) {
                    Some(help) => diag.with_help(help),
                    None => diag.with_help(format!("add `{name}: {{ label: …, label_zh: …, example: … }}` under `placeholders:`")),
                };
                warnings.push(diag);
            }
        }
    }
    // The front matter's lines, split once for all unused placeholders.
    let front: Vec<&str> = text[..page.body_offset].lines().collect();
    for (name, p) in &page.fm.placeholders {
        if !used.contains(name.as_str()) {
            let line = front.get(p.line.wrapping_sub(1)).copied().unwrap_or("");
            let span = Span::new(shown, p.line, 1, 1, line);
            warnings.push(
                Diagnostic::warning(
                    format!("placeholder `{name}` is not used by any template on this page"),
                    span,
                )
                .with_label(format!("no `{{{{{name}}}}}` in this page's templates")),
            );
        }
    }
    warnings
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}
