//! Stage 3, render. Input: one validated `Page`, the site's `Links` and the
//! `Highlighter`. Output: `Rendered` — body HTML, outline, search text,
//! templates and authoring warnings. Steps: `directives` splits the body,
//! `lower` rejoins it as one Markdown document, `markdown` renders it in
//! passes, and `template` builds the template cards into their slots.

mod blanks;
mod directives;
mod highlight;
mod lower;
mod markdown;
mod template;

use serde::Serialize;

use crate::content::{Kind, Page};
use crate::diagnostic::{Diagnostic, Span};

pub use blanks::is_blank_name;
pub use highlight::{Highlighter, css as highlight_css};
pub use markdown::slug;

/// Resolves a link target as written in a page to the href the page writes.
pub trait Links: Sync {
    /// `Ok(None)`: leave the link as written (external, or an anchor).
    /// `Ok(Some(href))`: the relative href. `Err(why)`: a broken link.
    fn resolve(&self, from_rel: &str, target: &str) -> Result<Option<String>, String>;
}

/// What rendering a page needs besides the page.
pub struct Context<'a> {
    pub links: &'a dyn Links,
    pub highlighter: &'a Highlighter,
    /// The page's source path relative to the content dir.
    pub page_rel: &'a str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A page's text by field, for the search index.
#[derive(Debug, Clone, Default)]
pub struct PageText {
    pub headings: Vec<String>,
    pub body: String,
    pub zh: String,
    pub templates: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TemplateInfo {
    pub id: String,
    pub title: String,
    pub format: String,
}

#[derive(Debug, Clone)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub text: PageText,
    pub templates: Vec<TemplateInfo>,
    pub answers: usize,
    pub rubric_items: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Renders one page; errors are the page's broken directives and links.
pub fn render_page(
    page: &Page,
    links: &dyn Links,
    highlighter: &Highlighter,
) -> Result<Rendered, Vec<Diagnostic>> {
    let nodes = directives::parse(page.body(), page.body_line, &page.source.shown)?;
    let lowered = lower::Lowered::new(&nodes);
    let ctx = Context {
        links,
        highlighter,
        page_rel: &page.source.rel,
    };
    let md = markdown::render(&lowered, &ctx);
    if !md.problems.is_empty() {
        return Err(md
            .problems
            .iter()
            .map(|p| broken_link(page, &lowered, p))
            .collect());
    }
    let mut html = md.html;
    let mut text = md.text;
    let templates = insert_templates(page, &lowered, &md.headings, &mut html, &mut text);
    let answers = lowered
        .regions
        .iter()
        .filter(|r| r.kind == lower::RegionKind::Answer)
        .count();
    let warnings = lints(page, &lowered, answers);
    Ok(Rendered {
        html,
        headings: md.headings,
        text,
        templates,
        answers,
        rubric_items: md.rubric_items,
        warnings,
    })
}

fn broken_link(page: &Page, lowered: &lower::Lowered, p: &markdown::LinkProblem) -> Diagnostic {
    let (line, col) = lowered.position(p.offset);
    let span = Span::in_text(
        &page.source.shown,
        &page.source.text,
        line,
        col,
        p.target.chars().count(),
    );
    Diagnostic::error(format!("broken link to `{}`", p.target), span).with_label(p.message.clone())
}

/// Puts each template's card into its slot and its text into the search
/// text; card ids stay unique beside the page's heading ids.
fn insert_templates(
    page: &Page,
    lowered: &lower::Lowered,
    headings: &[Heading],
    html: &mut String,
    text: &mut PageText,
) -> Vec<TemplateInfo> {
    let mut used_ids: Vec<String> = headings.iter().map(|h| h.id.clone()).collect();
    let mut templates = Vec::new();
    for (k, t) in lowered.templates.iter().enumerate() {
        let id = markdown::unique_id(&format!("tpl-{}", slug(t.title)), &mut used_ids);
        *html = html.replacen(
            &lower::slot_marker(k),
            &template::card(t, &id, &page.fm.placeholders),
            1,
        );
        for part in [t.title, t.body] {
            text.templates.push_str(part);
            text.templates.push('\n');
        }
        templates.push(TemplateInfo {
            id,
            title: t.title.to_string(),
            format: t.format.to_string(),
        });
    }
    templates
}

/// Authoring warnings: blanks without a placeholder entry, placeholders no
/// template uses, drills without an answer.
fn lints(page: &Page, lowered: &lower::Lowered, answers: usize) -> Vec<Diagnostic> {
    let shown = &page.source.shown;
    let text = &page.source.text;
    let mut warnings = Vec::new();
    let mut used: Vec<&str> = Vec::new();
    for t in &lowered.templates {
        for (i, line) in t.body.lines().enumerate() {
            for name in blanks::names(line) {
                // Each blank is reported once, at its first use.
                if used.contains(&name) {
                    continue;
                }
                used.push(name);
                if page.fm.placeholders.contains_key(name) {
                    continue;
                }
                let col = line
                    .find(&format!("{{{{{name}}}}}"))
                    .map_or(1, |b| line[..b].chars().count() + 1);
                let span =
                    Span::in_text(shown, text, t.body_line + i, col, name.chars().count() + 4);
                warnings.push(
                    Diagnostic::warning(format!("blank `{{{{{name}}}}}` has no `placeholders` entry"), span)
                        .with_label("readers will see the bare name as its label")
                        .with_help(format!("add `{name}: {{ label: …, label_zh: …, example: … }}` under `placeholders:`")),
                );
            }
        }
    }
    for (name, p) in &page.fm.placeholders {
        if !used.contains(&name.as_str()) {
            let span = Span::in_text(shown, text, p.line, 1, 1);
            warnings.push(
                Diagnostic::warning(
                    format!("placeholder `{name}` is not used by any template on this page"),
                    span,
                )
                .with_label(format!("no `{{{{{name}}}}}` in this page's templates")),
            );
        }
    }
    if page.fm.kind == Kind::Drill && answers == 0 {
        warnings.push(
            Diagnostic::warning("drill has no `::: answer`", Span::file(shown))
                .with_label("readers practise against the model answer")
                .with_help("add a `::: answer` block with the model answer"),
        );
    }
    warnings
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}
