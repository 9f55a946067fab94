//! Front matter diagnostics: serde_yaml's errors translated into the
//! project's voice (the key named, what was expected, a suggestion), and the
//! file positions of top-level keys, which serde_yaml does not report for a
//! value that parsed but is not allowed (an unknown `module`, say).

use super::{Block, KEYS};
use crate::content::{SourceFile, yaml};
use crate::diagnostic::{Diagnostic, Span, did_you_mean, one_of};

/// Turns a serde_yaml error into a diagnostic at the file's own line.
pub(super) fn yaml_error(source: &SourceFile, block: &Block, err: yaml::YamlError) -> Diagnostic {
    let (line, col) = err.location.map_or((block.first_line, 1), |(l, c)| {
        (l + block.first_line - 1, c)
    });
    let span = Span::in_text(&source.shown, &source.text, line, col, 1);
    let (path, message) = split_path(&err.message);
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or("");
        let span = Span {
            len: key.chars().count().max(1),
            ..span
        };
        let known: &[&str] = if path.is_empty() {
            KEYS
        } else if path.starts_with("sources") {
            &["title", "url"]
        } else {
            &["label", "label_zh", "example"]
        };
        let mut diag = Diagnostic::error(format!("unknown key `{key}` in front matter"), span)
            .with_label(format!("expected one of {}", one_of(known)));
        if let Some(help) = did_you_mean(key, known.iter().copied()) {
            diag = diag.with_help(help);
        }
        return diag;
    }
    if let Some(found) = message.strip_prefix("invalid type: ") {
        let key = path.split(['.', '[']).next().unwrap_or(path);
        let found = found.split(", expected").next().unwrap_or(found);
        // Inside a list entry (`sources[0].url`) the field itself is wrong.
        let expected = if path.contains("].") {
            "a string"
        } else {
            expected_for(key)
        };
        return Diagnostic::error(format!("wrong type for `{key}` in front matter"), span)
            .with_label(format!("found {found}, expected {expected}"));
    }
    let what = if span.source_line.contains('\t') {
        format!("{message}: YAML indents with spaces, not tabs")
    } else {
        message.to_string()
    };
    Diagnostic::error(format!("invalid YAML in front matter: {what}"), span)
}

/// serde_yaml prefixes messages with the key path (`tags: invalid type…`).
fn split_path(message: &str) -> (&str, &str) {
    match message.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') => (path, rest),
        _ => ("", message),
    }
}

fn expected_for(key: &str) -> &'static str {
    match key {
        "tags" => "a list of strings, e.g. `tags: [ebs, logging]`",
        "placeholders" => "a map of blank names to `{ label, label_zh, example }`",
        "draft" => "`true` or `false`",
        "order" => "a whole number, e.g. `order: 3`",
        "sources" => "a list of `{ title: …, url: https://… }` entries",
        _ => "a string",
    }
}

/// The position of a top-level `key:` line in the YAML and of its value.
pub(super) fn key_span(source: &SourceFile, block: &Block, key: &str) -> Span {
    for (i, line) in block.yaml.lines().enumerate() {
        if let Some(rest) = line.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
            let value = rest.trim();
            let value_col = line.len() - rest.trim_start().len();
            let col = line[..value_col].chars().count() + 1;
            let value = value.split(" #").next().unwrap_or(value).trim_end();
            return Span::new(
                &source.shown,
                block.first_line + i,
                col,
                value.chars().count(),
                line,
            );
        }
    }
    Span::in_text(&source.shown, &source.text, 1, 1, 3)
}
