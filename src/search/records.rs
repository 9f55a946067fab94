//! Stage: search, step 4 (records). Input: `SearchDoc`s. Output: the result
//! records a results list shows (titles, module, kind, url, snippet text),
//! `RECORDS_PER_CHUNK` per `r/` file, so showing ten results loads little.

use super::SearchDoc;
use serde_json::{Value, json};

/// Records per `r/` file: small, since a first page of results lands in up to
/// ten different chunks.
pub const RECORDS_PER_CHUNK: usize = 2;

/// Characters of each text field kept for snippets. The index itself keeps
/// every token; only the text a snippet is cut from is shortened.
const BODY_CHARS: usize = 360;
const ZH_CHARS: usize = 120;
const TEMPLATE_CHARS: usize = 120;

/// One record: `[url, title, title_zh, module_title, module_title_zh, kind, text]`.
pub fn record(doc: &SearchDoc) -> Value {
    json!([
        doc.url,
        doc.title,
        doc.title_zh.as_deref().unwrap_or(""),
        doc.module_title,
        doc.module_title_zh,
        doc.kind,
        snippet_text(doc),
    ])
}

/// The snippet source: body, then Chinese notes, then templates, each cut
/// short and with runs of whitespace collapsed.
fn snippet_text(doc: &SearchDoc) -> String {
    let parts = [
        squash(&doc.body, BODY_CHARS),
        squash(&doc.zh, ZH_CHARS),
        squash(&doc.templates, TEMPLATE_CHARS),
    ];
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

fn squash(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (n, word) in text.split_whitespace().enumerate() {
        if out.chars().count() >= max {
            break;
        }
        if n > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.chars().count() > max {
        out = out.chars().take(max).collect();
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
    fn snippet_text_is_collapsed_and_cut() {
        let doc = SearchDoc {
            body: "a  b\n\nc ".repeat(400),
            zh: "只读文件系统".repeat(50),
            ..SearchDoc::default()
        };
        let text = snippet_text(&doc);
        assert!(text.starts_with("a b c a b c"));
        assert!(text.chars().count() <= BODY_CHARS + ZH_CHARS + 3);
    }
}
