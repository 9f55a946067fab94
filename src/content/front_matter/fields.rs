//! Front matter fields: each key of the parsed YAML checked on its own, so
//! one run reports every unknown key, bad value, wrong type and missing key,
//! each at the line and column `Keys` found for it. Input: the YAML value
//! tree. Output: a validated `FrontMatter` or every problem found.

use std::collections::{BTreeMap, HashMap};

use super::keys::{KeyLine, Keys};
use super::{
    FrontMatter, KEYS, KINDS, Kind, LEVELS, Level, PLACEHOLDER_KEYS, Placeholder, SOURCE_KEYS,
    Source,
};
use crate::config::{Config, expected_modules};
use crate::content::SourceFile;
use crate::content::yaml::{Mapping, Value};
use crate::diagnostic::{Diagnostic, Span, did_you_mean, one_of};

pub(super) fn validate(
    config: &Config,
    source: &SourceFile,
    keys: &Keys,
    value: Value,
    module: Option<&str>,
) -> Result<FrontMatter, Vec<Diagnostic>> {
    let mut c = Checker {
        source,
        keys,
        errors: Vec::new(),
    };
    c.duplicates();
    let map = match value {
        Value::Mapping(map) => map,
        Value::Null => Mapping::new(),
        _ => {
            let line = keys.lines.first().copied().unwrap_or("");
            c.errors.push(
                Diagnostic::error(
                    "front matter must be `key: value` lines",
                    Span::new(
                        &source.shown,
                        keys.first_line,
                        1,
                        line.chars().count(),
                        line,
                    ),
                )
                .with_label("expected a line like `title: …`"),
            );
            return Err(c.errors);
        }
    };
    let mut fields: HashMap<&str, &Value> = HashMap::new();
    for (key, value) in &map {
        match key.as_str() {
            Some(k) if KEYS.contains(&k) => {
                fields.insert(k, value);
            }
            Some(k) => c.unknown_key(k, keys.top.get(k), KEYS, "front matter"),
            None => c.error(
                "a front matter key must be a name".into(),
                c.line_one(),
                "expected a line like `title: …`",
            ),
        }
    }
    let get = |key: &str| fields.get(key).copied();
    let title = c
        .text("title", get("title"))
        .filter(|t| !t.trim().is_empty());
    // A misspelt `title:` already says what is missing.
    let misspelt = |e: &Diagnostic| e.help.iter().any(|h| h == "did you mean `title`?");
    if title.is_none()
        && !c
            .errors
            .iter()
            .any(|e| e.message.contains("`title`") || misspelt(e))
    {
        c.errors.push(
            Diagnostic::error("missing `title` in front matter", c.line_one())
                .with_label("front matter starts here")
                .with_help("add a line `title: …` to the front matter"),
        );
    }
    let kind = c.kind(get("kind"), module);
    c.module(config, get("module"), module);
    let fm = FrontMatter {
        title: title.unwrap_or_default(),
        title_zh: c
            .text("title_zh", get("title_zh"))
            .filter(|t| !t.trim().is_empty()),
        kind,
        tags: c.tags(get("tags")),
        level: c.level(get("level")),
        placeholders: c.placeholders(get("placeholders")),
        draft: c.boolean("draft", get("draft")),
        order: c.integer("order", get("order")),
        slug: c.slug(get("slug")),
        description: c.text("description", get("description")),
        sources: c.sources(get("sources")),
    };
    if c.errors.is_empty() {
        Ok(fm)
    } else {
        Err(c.errors)
    }
}

struct Checker<'a, 'k> {
    source: &'a SourceFile,
    keys: &'a Keys<'k>,
    errors: Vec<Diagnostic>,
}

impl<'k> Checker<'_, 'k> {
    fn span(&self, at: &KeyLine, col: usize, len: usize) -> Span {
        Span::new(&self.source.shown, at.line, col, len, at.text)
    }

    fn line_one(&self) -> Span {
        let first = self.source.text.lines().next().unwrap_or("");
        Span::new(&self.source.shown, 1, 1, 3, first)
    }

    /// The value of top-level `key`, or line 1 when it is not written.
    fn at(&self, key: &str) -> Span {
        match self.keys.top.get(key) {
            Some(at) => self.span(at, at.value_col, at.value_len),
            None => self.line_one(),
        }
    }

    fn error(&mut self, message: String, span: Span, label: &str) {
        self.errors
            .push(Diagnostic::error(message, span).with_label(label));
    }

    fn duplicates(&mut self) {
        for d in &self.keys.duplicates {
            let place = d
                .parent
                .map_or("front matter".to_string(), |p| format!("`{p}`"));
            let span = self.span(&d.at, d.at.key_col, d.key.chars().count());
            self.errors.push(
                Diagnostic::error(format!("duplicate key `{}` in {place}", d.key), span)
                    .with_label(format!("first written at line {}", d.first_line))
                    .with_help("keep one of the two"),
            );
        }
    }

    fn unknown_key(&mut self, key: &str, at: Option<&KeyLine>, known: &[&str], place: &str) {
        let span = match at {
            Some(at) => self.span(at, at.key_col, key.chars().count()),
            None => self.line_one(),
        };
        let mut diag = Diagnostic::error(format!("unknown key `{key}` in {place}"), span)
            .with_label(format!("expected one of {}", one_of(known)));
        if let Some(help) = did_you_mean(key, known.iter().copied()) {
            diag = diag.with_help(help);
        }
        self.errors.push(diag);
    }

    fn wrong_type(&mut self, key: &str, value: &Value, span: Span) {
        let diag =
            Diagnostic::error(format!("wrong type for `{key}` in front matter"), span).with_label(
                format!("found {}, expected {}", describe(value), expected_for(key)),
            );
        self.errors.push(diag);
    }

    /// A scalar read as text (`title: 2024` is the string an author meant).
    fn text(&mut self, key: &str, value: Option<&Value>) -> Option<String> {
        let span = self.at(key);
        self.text_at(key, value?, span)
    }

    fn text_at(&mut self, key: &str, value: &Value, span: Span) -> Option<String> {
        match value {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            other => {
                self.wrong_type(key, other, span);
                None
            }
        }
    }

    /// A value from a closed set, with "did you mean" for near misses.
    fn choice<'s>(&mut self, key: &str, value: Option<&Value>, set: &[&'s str]) -> Option<&'s str> {
        let text = self.text(key, value)?;
        if let Some(found) = set.iter().find(|s| **s == text) {
            return Some(found);
        }
        let mut diag = Diagnostic::error(format!("unknown {key} `{text}`"), self.at(key))
            .with_label(format!("expected {}", one_of(set)));
        if let Some(help) = did_you_mean(&text, set.iter().copied()) {
            diag = diag.with_help(help);
        }
        self.errors.push(diag);
        None
    }

    fn kind(&mut self, value: Option<&Value>, module: Option<&str>) -> Kind {
        let kind = match self.choice("kind", value, KINDS) {
            Some("template") => Kind::Template,
            Some("guide") => Kind::Guide,
            Some(_) => Kind::Drill,
            None if module.is_none() => Kind::Guide,
            None => Kind::Drill,
        };
        if module.is_none() && kind != Kind::Guide {
            self.errors.push(
                Diagnostic::error(
                    format!(
                        "a {} cannot live at the top of the content folder",
                        kind.as_str()
                    ),
                    self.at("kind"),
                )
                .with_label("only guides may be top-level pages")
                .with_help("move the file into a module folder, e.g. `content/debug/`"),
            );
        }
        kind
    }

    fn level(&mut self, value: Option<&Value>) -> Option<Level> {
        Some(match self.choice("level", value, LEVELS)? {
            "junior" => Level::Junior,
            "mid" => Level::Mid,
            "senior" => Level::Senior,
            _ => Level::Staff,
        })
    }

    fn module(&mut self, config: &Config, value: Option<&Value>, folder: Option<&str>) {
        let Some(declared) = self.text("module", value) else {
            return;
        };
        let at = self.at("module");
        if config.module(&declared).is_none() {
            let mut diag = Diagnostic::error(format!("unknown module `{declared}`"), at)
                .with_label(format!(
                    "expected one of the modules in book.toml: {}",
                    expected_modules(config)
                ));
            if let Some(help) = did_you_mean(&declared, config.module_ids()) {
                diag = diag.with_help(help);
            }
            self.errors.push(diag);
            return;
        }
        match folder {
            Some(folder) if folder == declared => {}
            Some(folder) => self.errors.push(
                Diagnostic::error(
                    format!("the page says `module: {declared}` but lives in `content/{folder}/`"),
                    at,
                )
                .with_label(format!("expected `{folder}`, the page's folder"))
                .with_help(format!(
                    "move the file to `content/{declared}/`, or remove the `module` line"
                )),
            ),
            None => self.errors.push(
                Diagnostic::error("a top-level page cannot name a module", at)
                    .with_label("top-level pages belong to no module")
                    .with_help(format!("move the file to `content/{declared}/`")),
            ),
        }
    }

    fn tags(&mut self, value: Option<&Value>) -> Vec<String> {
        match value {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Sequence(items)) => {
                let span = self.at("tags");
                items
                    .iter()
                    .filter_map(|v| self.text_at("tags", v, span.clone()))
                    .filter(|t| !t.trim().is_empty())
                    .collect()
            }
            Some(other) => {
                let span = self.at("tags");
                self.wrong_type("tags", other, span);
                Vec::new()
            }
        }
    }

    fn boolean(&mut self, key: &str, value: Option<&Value>) -> bool {
        match value {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                let span = self.at(key);
                self.wrong_type(key, other, span);
                false
            }
        }
    }

    fn integer(&mut self, key: &str, value: Option<&Value>) -> Option<i64> {
        match value? {
            Value::Null => None,
            Value::Number(n) if n.as_i64().is_some() => n.as_i64(),
            other => {
                let span = self.at(key);
                self.wrong_type(key, other, span);
                None
            }
        }
    }

    fn slug(&mut self, value: Option<&Value>) -> Option<String> {
        let slug = self.text("slug", value)?;
        if slug.is_empty() || slug.contains(['/', '\\', '?', '#']) || slug.starts_with('.') {
            let span = self.at("slug");
            self.error(
                format!("invalid slug `{slug}`"),
                span,
                "expected one path segment without `/`, `?` or `#`, e.g. `read-only-logs`",
            );
            return None;
        }
        Some(slug)
    }

    fn placeholders(&mut self, value: Option<&Value>) -> BTreeMap<String, Placeholder> {
        let mut out = BTreeMap::new();
        let map = match value {
            None | Some(Value::Null) => return out,
            Some(Value::Mapping(map)) => map,
            Some(other) => {
                let span = self.at("placeholders");
                self.wrong_type("placeholders", other, span);
                return out;
            }
        };
        for (name, entry) in map {
            let Some(name) = name.as_str() else {
                let span = self.at("placeholders");
                self.error(
                    "a placeholder name must be text".into(),
                    span,
                    "expected a blank's name, e.g. `node:`",
                );
                continue;
            };
            let at = self.keys.placeholders.get(name).copied();
            let line = at.map_or(self.keys.first_line, |a| a.line);
            let name_span = match &at {
                Some(at) => self.span(at, at.key_col, name.chars().count()),
                None => self.at("placeholders"),
            };
            if !crate::content::is_blank_name(name) {
                self.error(
                    format!("invalid placeholder name `{name}`"),
                    name_span.clone(),
                    "expected ASCII letters, digits and `_`, not starting with a digit",
                );
            }
            let mut fields: HashMap<&str, String> = HashMap::new();
            match entry {
                Value::Null => {}
                Value::Mapping(entry) => {
                    for (key, value) in entry {
                        let key = key.as_str().unwrap_or("");
                        let key_at = at.map(|a| self.keys.nested(&a, key));
                        if !PLACEHOLDER_KEYS.contains(&key) {
                            self.unknown_key(
                                key,
                                key_at.as_ref(),
                                PLACEHOLDER_KEYS,
                                "front matter",
                            );
                            continue;
                        }
                        let span = key_at.map_or(name_span.clone(), |k| {
                            self.span(&k, k.value_col, k.value_len)
                        });
                        if let Some(text) = self.text_at("placeholders", value, span) {
                            fields.insert(key, text);
                        }
                    }
                }
                other => self.wrong_type("placeholders", other, name_span.clone()),
            }
            let label = fields.remove("label").unwrap_or_else(|| name.to_string());
            out.insert(
                name.to_string(),
                Placeholder {
                    label_zh: fields.remove("label_zh").unwrap_or_else(|| label.clone()),
                    label,
                    example: fields.remove("example").unwrap_or_default(),
                    line,
                },
            );
        }
        out
    }

    /// Each entry needs a title and an absolute http(s) URL: the list is
    /// printed as links at the page's foot, where a relative URL would point
    /// into the site.
    fn sources(&mut self, value: Option<&Value>) -> Vec<Source> {
        let items = match value {
            None | Some(Value::Null) => return Vec::new(),
            Some(Value::Sequence(items)) => items,
            Some(other) => {
                let span = self.at("sources");
                self.wrong_type("sources", other, span);
                return Vec::new();
            }
        };
        let entries = self.source_entries();
        let mut out = Vec::with_capacity(items.len());
        for (i, entry) in items.iter().enumerate() {
            let at = |c: &Self, key: &str| c.source_entry_span(entries.get(i), key);
            let Value::Mapping(map) = entry else {
                let span = at(self, "title");
                self.wrong_type("sources", entry, span);
                continue;
            };
            let mut title = None;
            let mut url = None;
            for (key, value) in map {
                let key = key.as_str().unwrap_or("");
                let span = at(self, key);
                match key {
                    "title" => title = self.text_at("sources", value, span),
                    "url" => url = self.text_at("sources", value, span),
                    _ => {
                        let key_at = entries.get(i).map(|e| self.keys.nested(e, key));
                        self.unknown_key(key, key_at.as_ref(), SOURCE_KEYS, "front matter");
                    }
                }
            }
            let Some(title) = title.filter(|t| !t.trim().is_empty()) else {
                let span = at(self, "title");
                self.error(
                    "a source has no `title`".into(),
                    span,
                    "expected `{ title: …, url: https://… }`",
                );
                continue;
            };
            let url = url.map(|u| u.trim().to_string()).unwrap_or_default();
            if !is_absolute_http(&url) {
                let message = if url.is_empty() {
                    "a source has no `url`".to_string()
                } else {
                    format!("invalid source url `{url}`")
                };
                let span = at(self, "url");
                self.error(
                    message,
                    span,
                    "expected an absolute http(s) URL, e.g. `https://docs.aws.amazon.com/…`",
                );
                continue;
            }
            out.push(Source { title, url });
        }
        out
    }

    /// The `- ` line of each entry of a block-style `sources:` list.
    fn source_entries(&self) -> Vec<KeyLine<'k>> {
        let Some(start) = self.keys.top.get("sources") else {
            return Vec::new();
        };
        let lines: &[&'k str] = &self.keys.lines;
        (start.index + 1..lines.len())
            .take_while(|&i| lines[i].starts_with([' ', '-']) || lines[i].trim().is_empty())
            .filter(|&i| lines[i].trim_start().starts_with('-'))
            .map(|i| {
                let line = lines[i];
                let dash = line.len() - line.trim_start().len();
                let after = &line[dash + 1..];
                let value = dash + 1 + (after.len() - after.trim_start().len());
                KeyLine {
                    line: self.keys.first_line + i,
                    key_col: dash + 1,
                    value_col: value + 1,
                    value_len: line[value..].trim_end().chars().count(),
                    text: line,
                    index: i,
                }
            })
            .collect()
    }

    /// The value of `key` in one `sources` entry, or the entry's `-` line,
    /// or the `sources:` key.
    fn source_entry_span(&self, entry: Option<&KeyLine>, key: &str) -> Span {
        let Some(entry) = entry else {
            return self.at("sources");
        };
        let found = self.keys.nested(entry, key);
        if found.index == entry.index && !entry.text.contains(&format!("{key}:")) {
            return self.span(entry, entry.key_col, 1);
        }
        self.span(&found, found.value_col, found.value_len)
    }
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

/// A YAML value as an author would name it.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "nothing".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(s) => format!("the text `{s}`"),
        Value::Sequence(_) => "a list".into(),
        Value::Mapping(_) => "a map".into(),
        Value::Tagged(t) => format!("a value tagged `{}`", t.tag),
    }
}

fn expected_for(key: &str) -> &'static str {
    match key {
        "tags" => "a list of strings, e.g. `tags: [ebs, logging]`",
        "placeholders" => "a map of blank names to `{ label, label_zh, example }`",
        "sources" => "a list of `{ title: …, url: https://… }` entries",
        "draft" => "`true` or `false`",
        "order" => "a whole number, e.g. `order: 3`",
        _ => "a string",
    }
}
