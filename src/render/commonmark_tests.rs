//! CommonMark conformance of the render stage: every example of the spec
//! (`tests/commonmark/spec.json`, CommonMark 0.31.2) rendered by drillbook
//! plain, wrapped in `::: answer`, wrapped in `::: zh`, and followed by a
//! directive, against pulldown-cmark's own HTML for the same Markdown under
//! the same options. Each must come out the same, or drillbook must have
//! said why (an error or a warning) — never differ in silence.
//!
//! Normalisation before comparing: heading `id`s are dropped (pulldown-cmark
//! writes none), code blocks lose drillbook's `class="code"`, `data-lang` and
//! highlighting spans, and `&quot;` in code is read as `"`; the line break
//! between a tag and a following `<pre>` is dropped. Links are left
//! as written (a stub `Links`) and raw HTML passes (`raw_html = "allow"`).

use super::directives;
use super::lower::{self, Lowered, RegionKind};
use super::markdown::{self, options};
use super::test_links::AsWritten;
use super::{Context, Highlighter, RawHtml};

#[derive(Debug, PartialEq)]
enum Outcome {
    Html(String),
    /// drillbook refused or warned, with this message.
    Said(String),
}

fn drillbook(body: &str, highlighter: &Highlighter) -> Outcome {
    let parsed = match directives::parse(body, 1, "t.md") {
        Ok(parsed) => parsed,
        Err(e) => return Outcome::Said(e[0].message.clone()),
    };
    let lowered = Lowered::new(&parsed.parts);
    let ctx = Context {
        links: &AsWritten(RawHtml::Allow),
        highlighter,
        page_rel: "debug/t.md",
        raw_html: RawHtml::Allow,
    };
    let md = markdown::render(&lowered, &ctx);
    if let Some(p) = md.problems.first() {
        return Outcome::Said(p.message.clone());
    }
    if let Some(w) = parsed.warnings.first() {
        return Outcome::Said(w.message.clone());
    }
    Outcome::Html(normalize(&md.html))
}

fn pulldown(markdown: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(markdown, options()),
    );
    normalize(&html)
}

fn normalize(html: &str) -> String {
    // A code block becomes one HTML event, so the writer's line break
    // before `<pre>` inside a list item is not written: whitespace only.
    let html = html.replace(">\n<pre", "><pre");
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let code_block = rest.starts_with("<pre><code") || rest.starts_with("<pre class=\"code\"");
        if let Some(tail) = rest.strip_prefix("<pre").filter(|_| code_block) {
            let end = tail
                .find("</pre>")
                .map_or(tail.len(), |e| e + "</pre>".len());
            let block = &rest[..4 + end];
            let open_end = block.find("<code").unwrap_or(block.len());
            let mut code = block[open_end..].to_string();
            let mut cleaned = String::new();
            let mut c = code.as_str();
            while let Some(s) = c.find("<span class=\"h") {
                cleaned.push_str(&c[..s]);
                c = &c[s..];
                c = &c[c.find('>').map_or(c.len(), |e| e + 1)..];
            }
            cleaned.push_str(c);
            code = cleaned.replace("</span>", "").replace("&quot;", "\"");
            out.push_str("<pre>");
            out.push_str(&code);
            rest = &rest[4 + end..];
            continue;
        }
        let heading = rest.len() > 3
            && rest.as_bytes()[1] == b'h'
            && (b'1'..=b'6').contains(&rest.as_bytes()[2])
            && rest[3..].starts_with(" id=\"");
        if heading {
            out.push_str(&rest[..3]);
            let after = &rest[8..];
            rest = &after[after.find('"').map_or(after.len(), |e| e + 1)..];
            continue;
        }
        out.push('<');
        rest = &rest[1..];
    }
    out.push_str(rest);
    out
}

#[derive(serde::Deserialize)]
struct Example {
    number: usize,
    markdown: String,
}

fn examples() -> Vec<Example> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/commonmark/spec.json");
    let text = std::fs::read_to_string(path).expect("tests/commonmark/spec.json");
    serde_json::from_str(&text).expect("spec.json is a list of examples")
}

#[test]
fn every_spec_example_renders_as_pulldown_cmark_does_or_is_reported() {
    let highlighter = Highlighter::default();
    let examples = examples();
    assert_eq!(examples.len(), 652);
    let answer = |md: &str| format!("::: answer\n{md}:::\n");
    let zh = |md: &str| format!("::: zh\n{md}:::\n");
    let followed = |md: &str| format!("{md}::: zh\nafter\n:::\n");
    let wrap = |kind, inner: &str| {
        format!(
            "{}\n{inner}{}\n",
            lower::open_tag(kind, 1),
            lower::close_tag(kind)
        )
    };
    let mut silent = Vec::new();
    let mut said = Vec::new();
    for ex in &examples {
        let reference = pulldown(&ex.markdown);
        let variants: [(&str, String, String); 4] = [
            ("plain", ex.markdown.clone(), reference.clone()),
            (
                "answer",
                answer(&ex.markdown),
                wrap(RegionKind::Answer, &reference),
            ),
            ("zh", zh(&ex.markdown), wrap(RegionKind::Zh, &reference)),
            (
                "followed",
                followed(&ex.markdown),
                format!("{reference}{}", wrap(RegionKind::Zh, "<p>after</p>\n")),
            ),
        ];
        for (variant, body, want) in variants {
            let want = normalize(&want);
            match drillbook(&body, &highlighter) {
                Outcome::Html(got) if got == want => {}
                Outcome::Html(got) => silent.push(format!(
                    "example {} ({variant}):\n{:?}\nwant {want:?}\ngot  {got:?}",
                    ex.number, ex.markdown
                )),
                Outcome::Said(message) => said.push(format!("{} {variant}: {message}", ex.number)),
            }
        }
    }
    assert!(
        silent.is_empty(),
        "{} of {} renders differ without a diagnostic:\n{}",
        silent.len(),
        examples.len() * 4,
        silent.join("\n\n")
    );
    // What drillbook refuses or warns about (unclosed fences, raw HTML that
    // swallows a `:::` line, anchors to no heading, unsafe schemes), pinned
    // so that a change shows in review.
    assert_eq!(said.len(), 42, "{}", said.join("\n"));
}
