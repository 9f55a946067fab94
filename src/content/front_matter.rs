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
    "sources",
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
    #[serde(default)]
    sources: Vec<RawSource>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    #[serde(default, deserialize_with = "scalar")]
    title: Option<String>,
    url: Option<String>,
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

/// A reference the page was checked against, listed at its foot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub title: String,
    pub url: String,
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
    pub sources: Vec<Source>,
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
    let sources = sources(source, block, raw.sources)?;
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
        sources,
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
        if !crate::content::is_blank_name(&name) {
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

/// Each entry needs a title and an absolute http(s) URL: the list is printed
/// as links at the page's foot, where a relative URL would point into the site.
fn sources(
    source: &SourceFile,
    block: &Block,
    raw: Vec<RawSource>,
) -> Result<Vec<Source>, Diagnostic> {
    let mut out = Vec::with_capacity(raw.len());
    for (i, entry) in raw.into_iter().enumerate() {
        let at = |key: &str| source_entry_span(source, block, i, key);
        let title = entry
            .title
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| {
                Diagnostic::error("a source has no `title`", at("title"))
                    .with_label("expected `{ title: …, url: https://… }`")
            })?;
        let url = entry.url.map(|u| u.trim().to_string()).unwrap_or_default();
        if !is_absolute_http(&url) {
            let message = if url.is_empty() {
                "a source has no `url`".to_string()
            } else {
                format!("invalid source url `{url}`")
            };
            return Err(Diagnostic::error(message, at("url")).with_label(
                "expected an absolute http(s) URL, e.g. `https://docs.aws.amazon.com/…`",
            ));
        }
        out.push(Source { title, url });
    }
    Ok(out)
}

fn is_absolute_http(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && !url.contains(char::is_whitespace)
    })
}

/// The span of `key:`'s value in entry `index` of the `sources:` list
/// (block or flow style); the entry's `-` line, or the `sources:` key, when
/// the key is not written there.
fn source_entry_span(source: &SourceFile, block: &Block, index: usize, key: &str) -> Span {
    let lines: Vec<&str> = block.yaml.lines().collect();
    let Some(start) = lines.iter().position(|l| l.starts_with("sources:")) else {
        return key_span(source, block, "sources");
    };
    let end = lines[start + 1..]
        .iter()
        .position(|l| !l.starts_with([' ', '-']) && !l.trim().is_empty())
        .map_or(lines.len(), |n| start + 1 + n);
    let items: Vec<usize> = (start + 1..end)
        .filter(|&i| lines[i].trim_start().starts_with('-'))
        .collect();
    let Some(&first) = items.get(index) else {
        return key_span(source, block, "sources");
    };
    let last = items.get(index + 1).copied().unwrap_or(end);
    let needle = format!("{key}:");
    for (i, line) in lines.iter().enumerate().take(last).skip(first) {
        let Some(pos) = line
            .find(&needle)
            .filter(|&p| p == 0 || line[..p].ends_with([' ', '{', ',', '-']))
        else {
            continue;
        };
        let after = &line[pos + needle.len()..];
        let value_at = pos + needle.len() + (after.len() - after.trim_start().len());
        let value = line[value_at..]
            .split([',', '}'])
            .next()
            .unwrap_or("")
            .trim_end();
        return Span::new(
            &source.shown,
            block.first_line + i,
            line[..value_at].chars().count() + 1,
            value.chars().count().max(1),
            line,
        );
    }
    let line = lines[first];
    let col = line.len() - line.trim_start().len();
    Span::new(&source.shown, block.first_line + first, col + 1, 1, line)
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
