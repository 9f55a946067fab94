//! Stage: search, step 4 (records). Input: `SearchDoc`s. Output: the result
//! records a results list shows (titles, module, kind, url, snippet text),
//! `RECORDS_PER_CHUNK` per `r/` file, so showing ten results loads little.

use super::SearchDoc;
use super::tokenize::is_cjk;
use serde_json::{Value, json};

/// Records per `r/` file: one, since a first page of results lands in up
/// to ten different files and each record carries its excerpt text.
pub const RECORDS_PER_CHUNK: usize = 1;

/// Bytes of each text field kept for excerpts (cut at a word or character
/// boundary). The index itself keeps every token; only the text an excerpt
/// is cut from is shortened. Ten records of at most ~4.6 kB keep a first
/// query within 30 kB of what it loaded before excerpts (issue 15).
const BODY_BYTES: usize = 3_000;
const ZH_BYTES: usize = 1_050;
const TEMPLATE_BYTES: usize = 450;

/// One record: `[url, title, title_zh, module_title, module_title_zh, kind,
/// body, zh, templates]`; an excerpt is cut from the part that matched.
pub fn record(doc: &SearchDoc) -> Value {
    json!([
        doc.url,
        doc.title,
        doc.title_zh.as_deref().unwrap_or(""),
        doc.module_title,
        doc.module_title_zh,
        doc.kind,
        squash(&doc.body, BODY_BYTES),
        squash(&doc.zh, ZH_BYTES),
        squash(&template_text(&doc.templates), TEMPLATE_BYTES),
    ])
}

/// Template text as read, not as typed: Markdown and Slack markers at the
/// start of a line (`## `, `> `, `- [ ] `) and emphasis marks go, and
/// lines are kept apart with ` · `, so an excerpt never shows `## 1.`.
fn template_text(text: &str) -> String {
    let lines = text.lines().filter_map(|line| {
        let mut l = line.trim();
        l = l.trim_start_matches('#').trim_start();
        l = l.strip_prefix("> ").unwrap_or(l);
        for mark in ["- [ ] ", "- [x] ", "* [ ] "] {
            l = l.strip_prefix(mark).unwrap_or(l);
        }
        if l.starts_with("```") || l.is_empty() {
            return None;
        }
        Some(l.replace("**", "").replace('`', ""))
    });
    lines.collect::<Vec<_>>().join(" · ")
}

/// Runs of whitespace collapsed to one space, cut to at most `max` bytes at
/// a word boundary (or a character boundary inside CJK text).
fn squash(text: &str, max: usize) -> String {
    let mut out = String::new();
    for word in text.split_whitespace() {
        let sep = usize::from(!out.is_empty());
        if out.len() + sep + word.len() > max {
            if out.len() + sep < max {
                // A long CJK run has no spaces: keep what fits of it.
                let room = max - out.len() - sep;
                let cut = word
                    .char_indices()
                    .map(|(i, c)| i + c.len_utf8())
                    .take_while(|&end| end <= room)
                    .last();
                if let Some(end) = cut.filter(|_| word.chars().next().is_some_and(is_cjk)) {
                    if sep == 1 {
                        out.push(' ');
                    }
                    out.push_str(&word[..end]);
                }
            }
            break;
        }
        if sep == 1 {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The record chunks, in doc order: chunk `i` holds docs `i*RC .. (i+1)*RC`.
pub fn chunks<D: std::borrow::Borrow<SearchDoc>>(docs: &[D]) -> Vec<Value> {
    docs.chunks(RECORDS_PER_CHUNK)
        .map(|c| Value::Array(c.iter().map(|d| record(d.borrow())).collect()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_collapsed_and_cut_at_boundaries() {
        let body = "a  b\n\nc ".repeat(2_000);
        let cut = squash(&body, BODY_BYTES);
        assert!(cut.starts_with("a b c a b c") && cut.len() <= BODY_BYTES);
        assert!(!cut.ends_with(' '));
        let zh = squash(&"只读文件系统".repeat(200), ZH_BYTES);
        assert!(
            zh.len() <= ZH_BYTES && zh.len() > ZH_BYTES - 3,
            "{}",
            zh.len()
        );
        assert!(zh.starts_with("只读"));
    }

    /// The excerpt cost: ten records (a first page of results) stay within
    /// 30 kB of the ten 2-record chunks of ~1 kB each they replaced.
    #[test]
    fn a_record_is_bounded_whatever_the_page() {
        let doc = SearchDoc {
            url: "debug/a-long-page-name/index.html".into(),
            title: "A long title about a read-only filesystem".into(),
            title_zh: Some("只读文件系统导致容器写日志失败".into()),
            module_title: "System debug, fast response".into(),
            module_title_zh: "系统排障快速反应".into(),
            kind: "drill".into(),
            body: "overlay mount permission denied ".repeat(1_000),
            zh: "只读文件系统".repeat(1_000),
            templates: "## Heads-up {{team}}\n".repeat(500),
            ..SearchDoc::default()
        };
        let bytes = serde_json::to_string(&record(&doc)).expect("json").len();
        assert!(bytes <= 4_800, "{bytes} bytes");
        assert!(10 * bytes <= 20_000 + 30_000);
    }

    #[test]
    fn templates_lose_their_markup() {
        let t =
            "## 1. Summary\n\n**Impact**: `api` down\n- [ ] add jitter\n> quoted\n```\ncode\n```";
        assert_eq!(
            template_text(t),
            "1. Summary · Impact: api down · add jitter · quoted · code"
        );
    }
}
