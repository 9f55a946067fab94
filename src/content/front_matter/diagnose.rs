//! YAML syntax errors in drillbook's words: the parser's message (whose own
//! "at line N column M" would contradict the file's line numbers) becomes a
//! plain sentence, with the caret on the character that is wrong — or, for
//! a list, map or quote never closed, on the character that opened it.

use super::Block;
use crate::content::{SourceFile, yaml};
use crate::diagnostic::{Diagnostic, Span};

/// Turns a YAML parse error into a diagnostic at the file's own line.
pub(super) fn yaml_error(source: &SourceFile, block: &Block, err: yaml::YamlError) -> Diagnostic {
    let in_file = |(l, c): (usize, usize)| (l + block.first_line - 1, c);
    let (line, col) = err.location.map_or((block.first_line, 1), in_file);
    let opened = err
        .context
        .as_ref()
        .map(|(what, at)| (what.as_str(), in_file(*at)));
    let at = |(line, col): (usize, usize)| Span::in_text(&source.shown, &source.text, line, col, 1);
    let message = err.message.as_str();
    let (what, span, label, help): (String, Span, &str, Option<&str>) = match (message, opened) {
        (m, Some((_, start))) if m.starts_with("did not find expected ',' or ']'") => (
            "a `[` list is never closed".into(),
            at(start),
            "this `[` has no matching `]`",
            Some("close the list with `]`, or quote a value that starts with `[`"),
        ),
        (m, Some((_, start))) if m.starts_with("did not find expected ',' or '}'") => (
            "a `{` map is never closed".into(),
            at(start),
            "this `{` has no matching `}`",
            Some("close the map with `}`, or quote a value that starts with `{`"),
        ),
        (m, Some((ctx, start)))
            if m.starts_with("found unexpected end of stream") && ctx.contains("quoted") =>
        {
            (
                "a quoted value is never closed".into(),
                at(start),
                "this quote has no closing quote",
                None,
            )
        }
        (m, _) if m.contains("tab character") || source_line(source, line).contains('\t') => (
            "a tab indents this line".into(),
            at((line, col)),
            "YAML indents with spaces, not tabs",
            Some("replace the tab with spaces"),
        ),
        (m, _) if m.starts_with("mapping values are not allowed") => (
            "unexpected `:` in a value".into(),
            at((line, col)),
            "a value with `: ` in it must be quoted",
            Some("quote the value, e.g. `title: \"Disk: full\"`"),
        ),
        (m, _) if m.starts_with("found character that cannot start any token") => {
            let ch = source_line(source, line)
                .chars()
                .nth(col - 1)
                .unwrap_or('?');
            (
                format!("a value cannot start with `{ch}`"),
                at((line, col)),
                "this character is reserved in YAML",
                Some("quote the value"),
            )
        }
        (m, _) if m.starts_with("control character") => (
            format!("a {m}"),
            at((line, col)),
            "YAML does not allow control characters",
            Some("delete it (most editors do not show it)"),
        ),
        (m, _) if m.starts_with("lists and maps nested") => (
            m.to_string(),
            at((line, col)),
            "front matter nests a few levels at most",
            None,
        ),
        (m, _) if m.starts_with("did not find expected key") => (
            "this line is not a `key: value` line of the map around it".into(),
            at((line, col)),
            "check its indentation",
            None,
        ),
        (m, _) if m.starts_with("unknown anchor") => (
            "`*` refers to an anchor that is not defined".into(),
            at((line, col)),
            "quote a value that starts with `*`",
            None,
        ),
        (m, _) if m.contains("duplicate entry with key") => (
            format!("duplicate key {}", m.split("key ").nth(1).unwrap_or("")),
            at((line, col)),
            "keep one of the two",
            None,
        ),
        (m, _) => (
            m.to_string(),
            at((line, col)),
            "the YAML parser stopped here",
            None,
        ),
    };
    let mut diag =
        Diagnostic::error(format!("invalid YAML in front matter: {what}"), span).with_label(label);
    if let Some(help) = help {
        diag = diag.with_help(help);
    }
    diag
}

fn source_line(source: &SourceFile, line: usize) -> &str {
    source
        .text
        .lines()
        .nth(line.saturating_sub(1))
        .unwrap_or("")
}
