//! Front matter: splits the `---` block off a page and types it.
//! Input: a `SourceFile` and its module. Output: a `Page` or a `Diagnostic`.
//! The YAML is read as written (`RawFrontMatter`, unknown keys rejected) and
//! then validated into `FrontMatter`; YAML positions are shifted by the
//! opening `---` line so every line number is the file's own.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use super::{Page, SourceFile, yaml};
use crate::config::{Config, expected_modules};
use crate::diagnostic::{Diagnostic, Span, did_you_mean, one_of};
use diagnose::{key_span, yaml_error};

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
];
const KINDS: &[&str] = &["drill", "template", "guide"];
const LEVELS: &[&str] = &["junior", "mid", "senior", "staff"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrontMatter {
    #[serde(default, deserialize_with = "scalar")]
    title: Option<String>,
    #[serde(default, deserialize_with = "scalar")]
    title_zh: Option<String>,
    kind: Option<String>,
    module: Option<String>,
    #[serde(default, deserialize_with = "scalar_list")]
    tags: Vec<String>,
    level: Option<String>,
    #[serde(default)]
    placeholders: BTreeMap<String, RawPlaceholder>,
    #[serde(default)]
    draft: bool,
    order: Option<i64>,
    slug: Option<String>,
    description: Option<String>,
}

/// Every front-matter key, then every key of a `placeholders` entry, as
/// the structs that parse them declare (for the docs test).
pub fn keys() -> (Vec<&'static str>, Vec<&'static str>) {
    (
        crate::keys::fields_of::<RawFrontMatter>(),
        crate::keys::fields_of::<RawPlaceholder>(),
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlaceholder {
    #[serde(default, deserialize_with = "scalar")]
    label: Option<String>,
    #[serde(default, deserialize_with = "scalar")]
    label_zh: Option<String>,
    #[serde(default, deserialize_with = "scalar")]
    example: Option<String>,
}

/// Reads a YAML scalar of any type as text, so `title: 2024` and
/// `example: 8080` are accepted as the strings an author meant.
fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<Scalar>::deserialize(d)?.map(|s| s.0))
}

fn scalar_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(Vec::<Scalar>::deserialize(d)?
        .into_iter()
        .map(|s| s.0)
        .collect())
}

struct Scalar(String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged, expecting = "a string")]
        enum Any {
            S(String),
            I(i64),
            F(f64),
            B(bool),
        }
        Ok(Scalar(match Any::deserialize(d)? {
            Any::S(s) => s,
            Any::I(i) => i.to_string(),
            Any::F(f) => f.to_string(),
            Any::B(b) => b.to_string(),
        }))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Junior,
    Mid,
    Senior,
    Staff,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Placeholder {
    pub label: String,
    pub label_zh: String,
    pub example: String,
    /// 1-based line of the entry, for "unused placeholder" warnings.
    #[serde(skip)]
    pub line: usize,
}

/// Validated front matter.
#[derive(Debug, Clone)]
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
}

/// Where the front matter sits in the file.
struct Block<'a> {
    yaml: &'a str,
    /// 1-based line of the first YAML line.
    first_line: usize,
    body_offset: usize,
    body_line: usize,
}

pub fn parse(
    config: &Config,
    source: SourceFile,
    module: Option<String>,
) -> Result<Page, Diagnostic> {
    let block = split(&source)?;
    let raw: RawFrontMatter =
        yaml::from_str(block.yaml).map_err(|e| yaml_error(&source, &block, e))?;
    let fm = validate(config, &source, &block, raw, module.as_deref())?;
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

fn validate(
    config: &Config,
    source: &SourceFile,
    block: &Block,
    raw: RawFrontMatter,
    module: Option<&str>,
) -> Result<FrontMatter, Diagnostic> {
    let at = |key: &str| key_span(source, block, key);
    let title = raw.title.filter(|t| !t.trim().is_empty()).ok_or_else(|| {
        Diagnostic::error(
            "missing `title` in front matter",
            Span::in_text(&source.shown, &source.text, 1, 1, 3),
        )
        .with_label("front matter starts here")
        .with_help("add a line `title: …` to the front matter")
    })?;
    let kind = parse_kind(raw.kind.as_deref(), module, || at("kind"))?;
    check_module(config, raw.module.as_deref(), module, || at("module"))?;
    let level = match raw.level.as_deref() {
        None => None,
        Some(level) => Some(parse_level(level).ok_or_else(|| {
            Diagnostic::error(format!("unknown level `{level}`"), at("level"))
                .with_label(format!("expected {}", one_of(LEVELS)))
        })?),
    };
    if let Some(slug) = raw.slug.as_deref()
        && (slug.is_empty() || slug.contains(['/', '\\', '?', '#']) || slug.starts_with('.'))
    {
        return Err(
            Diagnostic::error(format!("invalid slug `{slug}`"), at("slug")).with_label(
                "expected one path segment without `/`, `?` or `#`, e.g. `read-only-logs`",
            ),
        );
    }
    let placeholders = placeholders(source, block, raw.placeholders)?;
    Ok(FrontMatter {
        title,
        title_zh: raw.title_zh.filter(|t| !t.trim().is_empty()),
        kind,
        tags: raw
            .tags
            .into_iter()
            .filter(|t| !t.trim().is_empty())
            .collect(),
        level,
        placeholders,
        draft: raw.draft,
        order: raw.order,
        slug: raw.slug,
        description: raw.description,
    })
}

fn parse_kind(
    kind: Option<&str>,
    module: Option<&str>,
    at: impl Fn() -> Span,
) -> Result<Kind, Diagnostic> {
    let parsed = match kind {
        None if module.is_none() => Kind::Guide,
        None | Some("drill") => Kind::Drill,
        Some("template") => Kind::Template,
        Some("guide") => Kind::Guide,
        Some(other) => {
            let mut diag = Diagnostic::error(format!("unknown kind `{other}`"), at())
                .with_label(format!("expected {}", one_of(KINDS)));
            if let Some(help) = did_you_mean(other, KINDS.iter().copied()) {
                diag = diag.with_help(help);
            }
            return Err(diag);
        }
    };
    if module.is_none() && parsed != Kind::Guide {
        return Err(Diagnostic::error(
            format!(
                "a {} cannot live at the top of the content folder",
                parsed.as_str()
            ),
            at(),
        )
        .with_label("only guides may be top-level pages")
        .with_help("move the file into a module folder, e.g. `content/debug/`"));
    }
    Ok(parsed)
}

fn check_module(
    config: &Config,
    declared: Option<&str>,
    folder: Option<&str>,
    at: impl Fn() -> Span,
) -> Result<(), Diagnostic> {
    let Some(declared) = declared else {
        return Ok(());
    };
    if config.module(declared).is_none() {
        let mut diag =
            Diagnostic::error(format!("unknown module `{declared}`"), at()).with_label(format!(
                "expected one of the modules in book.toml: {}",
                expected_modules(config)
            ));
        if let Some(help) = did_you_mean(declared, config.module_ids()) {
            diag = diag.with_help(help);
        }
        return Err(diag);
    }
    match folder {
        Some(folder) if folder == declared => Ok(()),
        Some(folder) => Err(Diagnostic::error(
            format!("the page says `module: {declared}` but lives in `content/{folder}/`"),
            at(),
        )
        .with_label(format!("expected `{folder}`, the page's folder"))
        .with_help(format!(
            "move the file to `content/{declared}/`, or remove the `module` line"
        ))),
        None => Err(
            Diagnostic::error("a top-level page cannot name a module", at())
                .with_label("top-level pages belong to no module")
                .with_help(format!("move the file to `content/{declared}/`")),
        ),
    }
}

fn parse_level(level: &str) -> Option<Level> {
    Some(match level {
        "junior" => Level::Junior,
        "mid" => Level::Mid,
        "senior" => Level::Senior,
        "staff" => Level::Staff,
        _ => return None,
    })
}

fn placeholders(
    source: &SourceFile,
    block: &Block,
    raw: BTreeMap<String, RawPlaceholder>,
) -> Result<BTreeMap<String, Placeholder>, Diagnostic> {
    let mut out = BTreeMap::new();
    for (name, p) in raw {
        let line = placeholder_line(block, &name);
        if !crate::render::is_blank_name(&name) {
            return Err(Diagnostic::error(
                format!("invalid placeholder name `{name}`"),
                Span::in_text(&source.shown, &source.text, line, 1, 1),
            )
            .with_label("expected ASCII letters, digits and `_`, not starting with a digit"));
        }
        let label = p.label.unwrap_or_else(|| name.clone());
        out.insert(
            name,
            Placeholder {
                label_zh: p.label_zh.unwrap_or_else(|| label.clone()),
                label,
                example: p.example.unwrap_or_default(),
                line,
            },
        );
    }
    Ok(out)
}

/// The file line of `  name:` inside the `placeholders:` map.
fn placeholder_line(block: &Block, name: &str) -> usize {
    let mut inside = false;
    for (i, line) in block.yaml.lines().enumerate() {
        if line.starts_with("placeholders:") {
            inside = true;
        } else if inside && !line.starts_with(' ') && !line.trim().is_empty() {
            break;
        } else if inside
            && line
                .trim_start()
                .strip_prefix(name)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        {
            return block.first_line + i;
        }
    }
    block.first_line
}

mod diagnose;

#[cfg(test)]
mod tests;
