//! Front matter: splits the `---` block off a page and types it.
//! Input: a `SourceFile` and its module. Output: a `Page`, or every problem
//! of its front matter. The YAML is parsed to a value tree first (`yaml`),
//! then each key is checked on its own (`fields`), so unknown keys, bad
//! values, wrong types and missing keys are all reported in one run, each
//! at the line and column `keys` found for it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Page, SourceFile, yaml};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Span};
use diagnose::yaml_error;
use keys::Keys;

pub const KEYS: &[&str] = &[
    "title",
    "title_zh",
    "kind",
    "module",
    "tags",
    "level",
    "placeholders",
    "draft",
    "order",
    "slug",
    "description",
    "sources",
];
pub const KINDS: &[&str] = &["drill", "template", "guide"];
pub const LEVELS: &[&str] = &["junior", "mid", "senior", "staff"];
pub const PLACEHOLDER_KEYS: &[&str] = &["label", "label_zh", "example"];
pub const SOURCE_KEYS: &[&str] = &["title", "url"];

/// Every front-matter key (under `""`), then the keys of a `placeholders`
/// entry and of a `sources` entry: the lists the parser checks each key
/// against (for the docs test).
pub fn keys() -> Vec<(&'static str, Vec<&'static str>)> {
    vec![
        ("", KEYS.to_vec()),
        ("placeholders", PLACEHOLDER_KEYS.to_vec()),
        ("sources", SOURCE_KEYS.to_vec()),
    ]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Drill,
    Template,
    Guide,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Drill => "drill",
            Kind::Template => "template",
            Kind::Guide => "guide",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Junior,
    Mid,
    Senior,
    Staff,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placeholder {
    pub label: String,
    pub label_zh: String,
    pub example: String,
    /// 1-based line of the entry, for "unused placeholder" warnings.
    pub line: usize,
}

/// A reference the page was checked against, listed at its foot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub title: String,
    pub url: String,
}

/// Validated front matter.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FrontMatter {
    pub title: String,
    pub title_zh: Option<String>,
    pub kind: Kind,
    pub tags: Vec<String>,
    pub level: Option<Level>,
    pub placeholders: BTreeMap<String, Placeholder>,
    pub draft: bool,
    pub order: Option<i64>,
    pub slug: Option<String>,
    pub description: Option<String>,
    pub sources: Vec<Source>,
}

/// Where the front matter sits in the file.
pub(super) struct Block<'a> {
    pub yaml: &'a str,
    /// 1-based line of the first YAML line.
    pub first_line: usize,
    body_offset: usize,
    body_line: usize,
}

impl Page {
    /// Where a page's URL comes from, for errors about it: its `slug:`
    /// value, or line 1 when the URL comes from the file name.
    pub fn slug_span(&self) -> Span {
        let front = &self.source.text[..self.body_offset];
        for (i, line) in front.lines().enumerate() {
            if let Some(rest) = line.strip_prefix("slug:") {
                let value = rest.trim();
                let col = line.len() - rest.trim_start().len();
                return Span::new(
                    &self.source.shown,
                    i + 1,
                    line[..col].chars().count() + 1,
                    value.chars().count(),
                    line,
                );
            }
        }
        let first = front.lines().next().unwrap_or("");
        Span::new(&self.source.shown, 1, 1, first.chars().count(), first)
    }
}

/// Parses and validates a page's front matter; every problem it has is
/// reported, each at its own line.
pub fn parse(
    config: &Config,
    source: SourceFile,
    module: Option<String>,
) -> Result<Page, Vec<Diagnostic>> {
    let block = split(&source).map_err(|e| vec![e])?;
    let keys = Keys::scan(block.yaml, block.first_line);
    let cleaned = keys.without_duplicates();
    let value = yaml::parse(cleaned.as_deref().unwrap_or(block.yaml))
        .map_err(|e| vec![yaml_error(&source, &block, e)])?;
    let fm = fields::validate(config, &source, &keys, value, module.as_deref())?;
    Ok(Page {
        fm,
        module,
        body_offset: block.body_offset,
        body_line: block.body_line,
        source,
    })
}

fn split(source: &SourceFile) -> Result<Block<'_>, Diagnostic> {
    let text = &source.text;
    if text.trim().is_empty() {
        return Err(
            Diagnostic::error("the page is empty", Span::file(&source.shown))
                .with_label("a page starts with front matter between `---` lines")
                .with_help("run `drillbook new drill <module> \"Title\"` for a skeleton"),
        );
    }
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Diagnostic::error(
            "the page has no front matter",
            Span::new(&source.shown, 1, 1, first.chars().count(), first),
        )
        .with_label("expected a first line of `---`")
        .with_help("start the page with `---`, a line `title: …`, and another `---`"));
    }
    let yaml_start = first.len() + 1;
    let mut offset = yaml_start.min(text.len());
    for (i, line) in text[offset..].split_inclusive('\n').enumerate() {
        if matches!(line.trim_end(), "---" | "...") {
            let body_offset = offset + line.len();
            return Ok(Block {
                yaml: &text[yaml_start..offset],
                first_line: 2,
                body_offset,
                body_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        "the front matter is never closed",
        Span::new(&source.shown, 1, 1, 3, first),
    )
    .with_label("opened here")
    .with_help("end the front matter with a line of `---`"))
}

mod diagnose;
mod fields;
mod keys;

#[cfg(test)]
mod tests;
