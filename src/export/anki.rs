//! `drillbook export anki`: one tab-separated text file that Anki's
//! File → Import reads as it is. Input: the `Config` and the compiled `Site`.
//! Output: `Deck` — the file's text, one note per `::: answer` of each drill.
//! Steps: `parts::split` cuts each drill's rendered body; each answer becomes
//! a row (front: title, scenario and tasks; back: the answer, then the
//! Chinese notes; tags: module and page tags; a stable GUID so a second
//! import updates the notes instead of doubling them).
//!
//! Anki's rules for the file (its manual, "Text Files" → "File Headers"):
//! `#key:value` header lines first, `separator` before `columns`; a field
//! holding the separator, a line break or a `"` is wrapped in `"` with each
//! `"` doubled.

use crate::config::Config;
use crate::content::Kind;
use crate::render::escape;
use crate::site::{Site, SitePage};

use super::parts::{self, Parts};

/// The exported file and what went into it.
#[derive(Debug)]
pub struct Deck {
    pub text: String,
    pub notes: usize,
    pub drills: usize,
}

/// The columns of every row, in order; tags and GUID are named by number in
/// the header, so they must stay third and fourth.
const COLUMNS: [&str; 4] = ["Front", "Back", "Tags", "GUID"];

pub fn deck(config: &Config, site: &Site) -> Deck {
    let mut text = header(&config.title);
    let (mut notes, mut drills) = (0, 0);
    let base = config.absolute_base_url();
    for p in &site.pages {
        if p.page.fm.kind != Kind::Drill {
            continue;
        }
        let html = match &base {
            Some(base) => absolutize(&p.rendered.html, base, &p.url),
            None => p.rendered.html.clone(),
        };
        let parts = parts::split(&html);
        if parts.answers.is_empty() {
            continue;
        }
        drills += 1;
        let tags = tags(p);
        for k in 0..parts.answers.len() {
            let row = [
                front(p, &parts, k),
                back(&parts, k),
                tags.clone(),
                format!(
                    "drillbook:{}:{}#answer-{}",
                    crate::render::slug(&config.title),
                    p.url,
                    k + 1
                ),
            ];
            let fields: Vec<String> = row.iter().map(|f| field(f)).collect();
            text.push_str(&fields.join("\t"));
            text.push('\n');
            notes += 1;
        }
    }
    Deck {
        text,
        notes,
        drills,
    }
}

fn header(title: &str) -> String {
    // A header line cannot be quoted: its value must stay on one line.
    let deck: String = title
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!(
        "#separator:tab\n#html:true\n#notetype:Basic\n#deck:{}\n#columns:{}\n#tags column:3\n#guid column:4\n",
        deck.trim(),
        COLUMNS.join("\t")
    )
}

/// Title, scenario and tasks; for a later answer, also the text just before
/// it (its follow-up question) and which answer of the drill it is.
fn front(p: &SitePage, parts: &Parts, k: usize) -> String {
    let fm = &p.page.fm;
    let mut html = format!("<h1>{}</h1>\n", escape(&fm.title));
    if let Some(zh) = fm.title_zh.as_deref().filter(|zh| *zh != fm.title) {
        html.push_str(&format!("<p lang=\"zh-Hans\">{}</p>\n", escape(zh)));
    }
    html.push_str(parts.segments[0].trim());
    let answer = &parts.answers[k];
    if k > 0 && answer.after_segment > 0 {
        html.push_str("\n<hr>\n");
        html.push_str(parts.segments[answer.after_segment].trim());
    }
    if parts.answers.len() > 1 {
        html.push_str(&format!(
            "\n<p><em>Answer {} of {}</em></p>",
            k + 1,
            parts.answers.len()
        ));
    }
    html
}

/// The model answer, then the page's Chinese notes marked as Chinese.
fn back(parts: &Parts, k: usize) -> String {
    let mut html = parts.answers[k].html.clone();
    if !parts.zh.is_empty() {
        html.push_str("\n<div lang=\"zh-Hans\">\n");
        html.push_str(&parts.zh.join("\n"));
        html.push_str("\n</div>");
    }
    html
}

/// The module id and the page's tags; Anki splits tags at spaces.
fn tags(p: &SitePage) -> String {
    let mut tags: Vec<String> = p.page.module.iter().cloned().collect();
    for tag in &p.page.fm.tags {
        let tag: String = tag.split_whitespace().collect::<Vec<_>>().join("_");
        if !tag.is_empty() && !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags.join(" ")
}

/// One field as Anki reads it: quoted when it holds a tab, a line break or a
/// quote (or starts with `#`, which would make the row a comment).
pub fn field(text: &str) -> String {
    if text.contains(['\t', '\n', '\r', '"']) || text.starts_with('#') {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// Makes the site's relative `href`/`src` values absolute under `base`, so
/// links in a card open the published page instead of nothing.
fn absolutize(html: &str, base: &str, page_url: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = [" href=\"", " src=\""]
        .iter()
        .filter_map(|attr| rest.find(attr).map(|i| (i, attr.len())))
        .min()
    {
        let (i, len) = at;
        out.push_str(&rest[..i + len]);
        rest = &rest[i + len..];
        let end = rest.find('"').unwrap_or(rest.len());
        out.push_str(&resolve(base, page_url, &rest[..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// `value` as written on the page at `page_url`, made absolute under `base`.
fn resolve(base: &str, page_url: &str, value: &str) -> String {
    let scheme = value
        .split_once(':')
        .is_some_and(|(s, _)| !s.is_empty() && !s.contains(['/', '?', '#']));
    if scheme || value.starts_with('/') {
        return value.to_string();
    }
    if value.starts_with('#') {
        return format!("{base}{page_url}{value}");
    }
    let mut segments: Vec<&str> = page_url.split('/').filter(|s| !s.is_empty()).collect();
    for part in value.split('/') {
        match part {
            ".." => {
                segments.pop();
            }
            "." => {}
            other => segments.push(other),
        }
    }
    format!("{base}{}", segments.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_they_must_be() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a\tb"), "\"a\tb\"");
        assert_eq!(field("say \"hi\"\nnow"), "\"say \"\"hi\"\"\nnow\"");
        assert_eq!(field("#not a comment"), "\"#not a comment\"");
    }

    #[test]
    fn relative_links_become_absolute() {
        let base = "https://example.com/book/";
        let html = r##"<a href="../../code-review/x/index.html">x</a><a href="#scenario">s</a><img src="diagram.png"><a href="https://other.org/">o</a>"##;
        assert_eq!(
            absolutize(html, base, "debug/y/"),
            r##"<a href="https://example.com/book/code-review/x/index.html">x</a><a href="https://example.com/book/debug/y/#scenario">s</a><img src="https://example.com/book/debug/y/diagram.png"><a href="https://other.org/">o</a>"##
        );
    }

    #[test]
    fn the_deck_name_stays_on_its_header_line() {
        assert!(header("Ops\nbook").contains("#deck:Ops book\n"));
    }
}
