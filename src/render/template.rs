//! Template cards: the build-time HTML of a `::: template` block.
//! Input: a `TemplateSource` and the page's placeholders. Output: a card with
//! the title, format badge, a labelled field per blank, the verbatim text
//! (blanks wrapped in spans, so the text's `textContent` is the exact source)
//! and, for Markdown formats, a preview rendered now. Scripts only add live
//! filling and copying; without them the whole template is still there.

use std::collections::BTreeMap;
use std::fmt::Write;

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};

use super::blanks::{self, Piece};
use super::directives::TemplateSource;
use super::escape;
use super::raw_html::RawHtml;
use crate::content::Placeholder;

pub fn card(
    t: &TemplateSource,
    id: &str,
    placeholders: &BTreeMap<String, Placeholder>,
    raw_html: RawHtml,
) -> String {
    let names = blanks::names(t.body);
    let mut html = String::with_capacity(t.body.len() * 2 + 512);
    let format = escape(t.format);
    let _ = write!(
        html,
        r#"<section class="template" id="{id}" data-format="{format}" aria-labelledby="{id}-title"><div class="template-head"><h3 class="template-title" id="{id}-title">{title}</h3> <span class="template-format">{format}</span></div>"#,
        title = escape(t.title),
    );
    if !names.is_empty() {
        html.push_str(r#"<form class="template-form" data-template-form>"#);
        for name in &names {
            field(&mut html, id, name, placeholders.get(*name));
        }
        html.push_str("</form>");
    }
    html.push_str(r#"<pre class="template-text" data-template-text><code>"#);
    text_with_blanks(&mut html, t.body);
    html.push_str("</code></pre>");
    if matches!(t.format, "github" | "markdown") {
        let _ = write!(
            html,
            r#"<p class="template-preview-label" id="{id}-preview" data-i18n="preview">Preview</p><div class="template-preview" data-template-preview aria-labelledby="{id}-preview" role="group">"#
        );
        html.push_str(&preview(t.body, raw_html));
        html.push_str("</div>");
    }
    html.push_str("</section>\n");
    html
}

fn field(html: &mut String, id: &str, name: &str, placeholder: Option<&Placeholder>) {
    let label = placeholder.map_or(name, |p| p.label.as_str());
    let label_zh = placeholder.map_or(name, |p| p.label_zh.as_str());
    let example = placeholder.map_or("", |p| p.example.as_str());
    let _ = write!(
        html,
        r#"<div class="template-field"><label for="{id}-{name}" data-label-en="{en}" data-label-zh="{zh}">{en}</label><input type="text" id="{id}-{name}" name="{name}" data-blank="{name}" placeholder="{example}" autocomplete="off" spellcheck="false"></div>"#,
        en = escape(label),
        zh = escape(label_zh),
        example = escape(example),
    );
}

/// Escaped text with each blank wrapped so scripts can fill it in place.
fn text_with_blanks(html: &mut String, text: &str) {
    for piece in blanks::split(text) {
        match piece {
            Piece::Text(t) => html.push_str(&escape(t)),
            Piece::Blank(name) => {
                let _ = write!(
                    html,
                    r#"<span class="blank" data-blank="{name}">{{{{{name}}}}}</span>"#
                );
            }
        }
    }
}

/// The body rendered as Markdown; blanks in text and code spans become
/// spans, except in an image's alt text, which stays plain text. Raw HTML
/// follows the handbook's policy, and a link with an unsafe scheme loses
/// its target (the template's text keeps it; only the preview is inert).
fn preview(body: &str, raw_html: RawHtml) -> String {
    let mut in_image = 0usize;
    let events = Parser::new_ext(body, super::markdown::options()).map(|event| match event {
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            in_image += 1;
            Event::Start(Tag::Image {
                link_type,
                dest_url: inert(dest_url, true),
                title,
                id,
            })
        }
        Event::End(TagEnd::Image) => {
            in_image = in_image.saturating_sub(1);
            event
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: inert(dest_url, false),
            title,
            id,
        }),
        Event::Text(t) | Event::Code(t) if in_image > 0 => Event::Text(t),
        Event::Html(t) | Event::InlineHtml(t) if raw_html == RawHtml::Filter => {
            Event::InlineHtml(CowStr::from(super::raw_html::tagfilter(&t)))
        }
        Event::Text(t) if t.contains("{{") => {
            let mut html = String::new();
            text_with_blanks(&mut html, &t);
            Event::InlineHtml(CowStr::from(html))
        }
        Event::Code(t) if t.contains("{{") => {
            let mut html = String::from("<code>");
            text_with_blanks(&mut html, &t);
            html.push_str("</code>");
            Event::InlineHtml(CowStr::from(html))
        }
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// A preview's link target, emptied when its scheme is not a safe one.
fn inert(dest: CowStr, image: bool) -> CowStr {
    if super::links::safe(&dest, image) {
        dest
    } else {
        CowStr::from("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_keeps_the_text_exact_and_escaped() {
        let t = TemplateSource {
            format: "github",
            title: "Review <x>",
            body: "**Ask:** {{ask}} & `{{ask}}`\n  indented",
            body_line: 1,
        };
        let html = card(&t, "tpl-review", &BTreeMap::new(), RawHtml::Filter);
        assert!(html.contains("Review &lt;x&gt;"), "{html}");
        assert!(
            html.contains(r#"<span class="blank" data-blank="ask">{{ask}}</span> &amp; `"#),
            "{html}"
        );
        assert!(html.contains("\n  indented</code></pre>"), "{html}");
        assert!(html.contains(r#"<strong>Ask:</strong>"#), "{html}");
        assert!(html.contains(r#"<label for="tpl-review-ask""#), "{html}");
    }

    #[test]
    fn preview_alt_text_is_plain_and_unsafe_links_are_inert() {
        let t = TemplateSource {
            format: "markdown",
            title: "T",
            body: "![{{node}} disk](d.png) [x](javascript:alert(1)) <script>x</script>",
            body_line: 1,
        };
        let html = card(&t, "tpl-t", &BTreeMap::new(), RawHtml::Filter);
        assert!(html.contains(r#"alt="{{node}} disk""#), "{html}");
        assert!(!html.contains("javascript:alert(1)\""), "{html}");
        assert!(html.contains(r#"<a href="">x</a>"#), "{html}");
        assert!(html.contains("&lt;script>"), "{html}");
    }
}
