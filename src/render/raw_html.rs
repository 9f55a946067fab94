//! Raw HTML in page bodies. Input: the event stream and the handbook's
//! `raw_html` policy. Output: the same stream, where under the default
//! policy GFM's tagfilter has escaped the opening `<` of the tags that
//! could take over a page (`<script>`, `<style>`, `<iframe>`, `<title>`,
//! `<textarea>`, `<xmp>`, `<noembed>`, `<noframes>`, `<plaintext>`). All
//! other raw HTML passes through as written.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

pub use crate::config::RawHtml;

const FILTERED: &[&str] = &[
    "title",
    "textarea",
    "style",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "script",
    "plaintext",
];

type Ev<'a> = (Event<'a>, Range<usize>);

pub fn filter(mut events: Vec<Ev<'_>>, policy: RawHtml) -> Vec<Ev<'_>> {
    if policy == RawHtml::Allow {
        return events;
    }
    for (event, _) in &mut events {
        if let Event::Html(html) | Event::InlineHtml(html) = event
            && needs_filter(html)
        {
            *html = CowStr::from(tagfilter(html));
        }
    }
    events
}

fn needs_filter(html: &str) -> bool {
    html.match_indices('<')
        .any(|(at, _)| filtered_tag_at(html, at))
}

/// Whether `html[at..]` (at a `<`) opens or closes a filtered tag.
fn filtered_tag_at(html: &str, at: usize) -> bool {
    let rest = &html[at + 1..];
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    FILTERED.iter().any(|tag| {
        rest.get(..tag.len())
            .is_some_and(|name| name.eq_ignore_ascii_case(tag))
            && rest[tag.len()..]
                .chars()
                .next()
                .is_none_or(|c| c.is_ascii_whitespace() || c == '>' || c == '/')
    })
}

/// GFM's tagfilter: `<script>` → `&lt;script>`.
pub fn tagfilter(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 8);
    let mut last = 0;
    for (at, _) in html.match_indices('<') {
        if filtered_tag_at(html, at) {
            out.push_str(&html[last..at]);
            out.push_str("&lt;");
            last = at + 1;
        }
    }
    out.push_str(&html[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_only_the_filtered_tags() {
        let cases = [
            (
                "<script>alert(1)</script>",
                "&lt;script>alert(1)&lt;/script>",
            ),
            ("<SCRIPT src=x>", "&lt;SCRIPT src=x>"),
            ("<iframe/>", "&lt;iframe/>"),
            ("<scripts>", "<scripts>"),
            ("<div><style>", "<div>&lt;style>"),
            ("<strong>ok</strong>", "<strong>ok</strong>"),
            ("<plaintext", "&lt;plaintext"),
        ];
        for (input, want) in cases {
            assert_eq!(tagfilter(input), want, "{input}");
        }
    }
}
