//! Cuts a drill's rendered body HTML into the parts an export needs: the
//! text around the directives (scenario, tasks, follow-up questions), each
//! model answer's inner HTML and the Chinese notes. Input: `Rendered::html`.
//! Output: `Parts`. A small tag scanner rather than a second Markdown pass,
//! so the export shows exactly what the site shows (highlighting included).

/// A drill's body, by part.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Parts {
    /// Directive-free HTML, cut at each top-level answer: segment 0 is what
    /// comes before the first answer (the scenario and tasks).
    pub segments: Vec<String>,
    pub answers: Vec<Answer>,
    /// The inner HTML of each `::: zh` note outside the answers.
    pub zh: Vec<String>,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Answer {
    /// The answer's body, without its "Model answer" heading.
    pub html: String,
    /// The segment that ends where this answer starts.
    pub after_segment: usize,
}

/// What a directive element found in the HTML is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cut {
    Answer,
    Zh,
    /// Rubrics and template cards: interactive, left out of an export.
    Drop,
}

/// Elements that never have an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

pub fn split(html: &str) -> Parts {
    let mut parts = Parts {
        segments: vec![String::new()],
        ..Parts::default()
    };
    // Open elements outside any captured directive, by name.
    let mut open: Vec<String> = Vec::new();
    // The directive being captured: its kind, its nesting depth, its HTML.
    let mut capture: Option<(Cut, usize, String, bool)> = None;
    for token in tokens(html) {
        if let Some((cut, depth, text, top)) = capture.as_mut() {
            text.push_str(token.text);
            match token.tag {
                Some(Tag::Start(name)) if !VOID.contains(&name.as_str()) => *depth += 1,
                Some(Tag::End(_)) => *depth -= 1,
                _ => {}
            }
            if *depth == 0 {
                let (cut, top, text) = (*cut, *top, std::mem::take(text));
                capture = None;
                finish(&mut parts, cut, top, &text);
            }
            continue;
        }
        match token.tag {
            Some(Tag::Start(name)) => {
                if let Some(cut) = directive(token.text) {
                    capture = Some((cut, 1, token.text.to_string(), open.is_empty()));
                    continue;
                }
                if !VOID.contains(&name.as_str()) {
                    open.push(name);
                }
            }
            Some(Tag::End(name)) => {
                // Raw HTML may leave elements open; close up to the match.
                if let Some(at) = open.iter().rposition(|n| *n == name) {
                    open.truncate(at);
                }
            }
            Some(Tag::SelfClosing) | None => {}
        }
        if let Some(last) = parts.segments.last_mut() {
            last.push_str(token.text);
        }
    }
    parts
}

fn finish(parts: &mut Parts, cut: Cut, top: bool, html: &str) {
    match cut {
        Cut::Answer => {
            parts.answers.push(Answer {
                html: answer_body(html).trim().to_string(),
                after_segment: parts.segments.len() - 1,
            });
            if top {
                parts.segments.push(String::new());
            }
        }
        Cut::Zh => parts.zh.push(inner(html).trim().to_string()),
        Cut::Drop => {}
    }
}

/// The kind of directive element a start tag opens, if it opens one.
fn directive(start_tag: &str) -> Option<Cut> {
    if start_tag.contains(r#"data-directive="answer""#) {
        Some(Cut::Answer)
    } else if start_tag.contains(r#"data-directive="zh""#) {
        Some(Cut::Zh)
    } else if start_tag.contains(r#"data-directive="rubric""#)
        || (start_tag.starts_with("<section") && start_tag.contains(r#"class="template""#))
    {
        Some(Cut::Drop)
    } else {
        None
    }
}

/// The content of an answer section's body `<div>`, without the heading.
fn answer_body(section: &str) -> &str {
    let Some(start) = section.find(r#"class="answer-body""#) else {
        return inner(section);
    };
    let open_end = section[start..]
        .find('>')
        .map_or(section.len(), |i| start + i + 1);
    let close = section
        .rfind("</div>")
        .unwrap_or(section.len())
        .max(open_end);
    &section[open_end..close]
}

/// The content of an element: after its start tag, before its end tag.
fn inner(element: &str) -> &str {
    let open_end = element.find('>').map_or(element.len(), |i| i + 1);
    let close = element.rfind("</").unwrap_or(element.len()).max(open_end);
    &element[open_end..close]
}

#[derive(Debug, PartialEq, Eq)]
enum Tag {
    Start(String),
    End(String),
    SelfClosing,
}

struct Token<'a> {
    text: &'a str,
    tag: Option<Tag>,
}

/// Splits HTML into tags, comments and text runs. Quoted attribute values
/// may hold `>`; comments are passed through as text.
fn tokens(html: &str) -> Vec<Token<'_>> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < html.len() {
        if bytes[i] != b'<' {
            let end = html[i..].find('<').map_or(html.len(), |j| i + j);
            out.push(Token {
                text: &html[i..end],
                tag: None,
            });
            i = end;
            continue;
        }
        if html[i..].starts_with("<!--") {
            let end = html[i..].find("-->").map_or(html.len(), |j| i + j + 3);
            out.push(Token {
                text: &html[i..end],
                tag: None,
            });
            i = end;
            continue;
        }
        let end = tag_end(html, i);
        let text = &html[i..end];
        out.push(Token {
            tag: classify(text),
            text,
        });
        i = end;
    }
    out
}

/// The byte after the `>` closing the tag that starts at `start`.
fn tag_end(html: &str, start: usize) -> usize {
    let mut quote: Option<u8> = None;
    for (j, &b) in html.as_bytes()[start + 1..].iter().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return start + 1 + j + 1,
            (None, b'<') => return start + 1 + j,
            _ => {}
        }
    }
    html.len()
}

fn classify(tag: &str) -> Option<Tag> {
    let body = tag.strip_prefix('<')?;
    let (closing, body) = match body.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    let name: String = body
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase();
    if name.is_empty() {
        return None;
    }
    Some(if closing {
        Tag::End(name)
    } else if tag.ends_with("/>") {
        Tag::SelfClosing
    } else {
        Tag::Start(name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANSWER: &str = r#"<section class="answer" id="answer-1" data-directive="answer" aria-labelledby="answer-1-title"><h2 class="answer-title" id="answer-1-title">Model answer</h2><div class="answer-body" id="answer-1-body">"#;

    #[test]
    fn answers_notes_and_segments_are_cut_apart() {
        let html = format!(
            "<h2>Scenario</h2><p>x &lt; y</p>\n<div class=\"zh-note\" lang=\"zh-Hans\" data-directive=\"zh\"><p>笔记</p></div>\n{ANSWER}<p>A1</p><div class=\"zh-note\" lang=\"zh-Hans\" data-directive=\"zh\"><p>内</p></div></div></section>\n<p>Follow-up?</p>{ANSWER}<pre><code>a\n<span>b</span></code></pre></div></section><section class=\"rubric\" data-directive=\"rubric\"><ul><li>r</li></ul></section>"
        );
        let parts = split(&html);
        assert_eq!(parts.segments.len(), 3);
        assert_eq!(parts.segments[0], "<h2>Scenario</h2><p>x &lt; y</p>\n\n");
        assert_eq!(parts.segments[1], "\n<p>Follow-up?</p>");
        assert_eq!(parts.segments[2], "");
        assert_eq!(parts.zh, vec!["<p>笔记</p>".to_string()]);
        assert_eq!(
            parts.answers[0].html,
            "<p>A1</p><div class=\"zh-note\" lang=\"zh-Hans\" data-directive=\"zh\"><p>内</p></div>"
        );
        assert_eq!(
            parts.answers[1].html,
            "<pre><code>a\n<span>b</span></code></pre>"
        );
        assert_eq!(parts.answers[1].after_segment, 1);
    }

    #[test]
    fn an_answer_inside_a_list_item_keeps_the_list_whole() {
        let html = format!("<ol><li>step{ANSWER}<p>A</p></div></section></li></ol><p>after</p>");
        let parts = split(&html);
        assert_eq!(
            parts.segments,
            vec!["<ol><li>step</li></ol><p>after</p>".to_string()]
        );
        assert_eq!(parts.answers[0].after_segment, 0);
    }

    #[test]
    fn quoted_angle_brackets_and_void_elements_do_not_confuse_depth() {
        let html = format!(
            "{ANSWER}<img alt=\"a > b\" src=x><br><hr/><p>ok</p></div></section><p>end</p>"
        );
        let parts = split(&html);
        assert_eq!(
            parts.answers[0].html,
            "<img alt=\"a > b\" src=x><br><hr/><p>ok</p>"
        );
        assert_eq!(parts.segments[1], "<p>end</p>");
    }
}
