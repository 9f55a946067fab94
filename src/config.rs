//! Stage 1, config. Input: the handbook root. Output: a validated `Config`.
//! `book.toml` is read as written (`RawBookToml`, unknown keys rejected by
//! serde) and then resolved: defaults filled, module ids checked, paths made
//! absolute. Every problem becomes a `Diagnostic` at its line and column.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Span, did_you_mean, one_of};

/// Names a module id may not take: the site uses them for its own pages.
const RESERVED_IDS: &[&str] = &["static", "search", "tags", "404", "index.html"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBookToml {
    book: RawBook,
    #[serde(default)]
    build: RawBuild,
    #[serde(default)]
    modules: Vec<RawModule>,
    #[serde(default)]
    search: RawSearch,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBook {
    title: String,
    title_zh: Option<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    base_url: String,
    language: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBuild {
    content: Option<String>,
    output: Option<String>,
    theme: Option<String>,
    raw_html: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModule {
    id: Spanned<String>,
    title: String,
    title_zh: Option<String>,
    #[serde(default)]
    description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSearch {
    #[serde(default = "yes")]
    enabled: bool,
}

impl Default for RawSearch {
    fn default() -> Self {
        RawSearch { enabled: true }
    }
}

fn yes() -> bool {
    true
}

/// The UI language a handbook opens in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Zh,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Module {
    pub id: String,
    pub title: String,
    pub title_zh: String,
    pub description: String,
}

/// The resolved configuration every later stage reads.
#[derive(Debug, Clone)]
pub struct Config {
    /// The handbook root as the user named it (used to show paths).
    pub root: PathBuf,
    pub title: String,
    pub title_zh: String,
    pub description: String,
    pub base_url: String,
    pub language: Lang,
    pub content_dir: PathBuf,
    pub output_dir: PathBuf,
    pub theme: String,
    pub modules: Vec<Module>,
    pub search: bool,
    /// What raw HTML in page bodies may do (`[build] raw_html`).
    pub raw_html: RawHtml,
}

/// `[build] raw_html`: `"filter"` (the default) escapes the tags GFM's
/// tagfilter names (`<script>`, `<style>`, `<iframe>`, …); `"allow"` passes
/// every tag through as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RawHtml {
    #[default]
    Filter,
    Allow,
}

impl Config {
    pub fn module(&self, id: &str) -> Option<&Module> {
        self.modules.iter().find(|m| m.id == id)
    }

    pub fn module_ids(&self) -> Vec<&str> {
        self.modules.iter().map(|m| m.id.as_str()).collect()
    }

    /// `base_url` with a final `/` when it is an absolute `http(s)` URL,
    /// which is what sitemaps, canonical links and exports need.
    pub fn absolute_base_url(&self) -> Option<String> {
        let rest = self
            .base_url
            .strip_prefix("https://")
            .or_else(|| self.base_url.strip_prefix("http://"))?;
        if rest.is_empty() || rest.starts_with('/') || self.base_url.contains(char::is_whitespace) {
            return None;
        }
        let mut base = self.base_url.clone();
        if !base.ends_with('/') {
            base.push('/');
        }
        Some(base)
    }

    /// How a path under the root is shown in diagnostics: `root/rel`, with a
    /// root of `.` left out so paths read like `content/debug/x.md`.
    pub fn display_path(&self, path: &Path) -> String {
        display_under(&self.root, path)
    }
}

/// `root.join(rel)` as shown to the user, without a leading `./`.
pub fn display_under(root: &Path, rel: &Path) -> String {
    let rel = rel.strip_prefix(root).unwrap_or(rel);
    let joined = if root == Path::new(".") || root.as_os_str().is_empty() {
        rel.to_path_buf()
    } else {
        root.join(rel)
    };
    joined.to_string_lossy().replace('\\', "/")
}

/// Every `book.toml` key, as `(table, key)`: `("book", "title")`,
/// `("modules", "id")` for `[[modules]]`. Read from the structs that parse
/// the file, so the docs test sees what the code accepts.
pub fn book_toml_keys() -> Vec<(&'static str, &'static str)> {
    let tables = [
        ("book", crate::keys::fields_of::<RawBook>()),
        ("build", crate::keys::fields_of::<RawBuild>()),
        ("modules", crate::keys::fields_of::<RawModule>()),
        ("search", crate::keys::fields_of::<RawSearch>()),
    ];
    let mut keys = Vec::new();
    for (table, fields) in tables {
        keys.extend(fields.into_iter().map(|f| (table, f)));
    }
    keys
}

/// Reads and validates `<root>/book.toml`.
pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
    let path = root.join("book.toml");
    let shown = display_under(root, Path::new("book.toml"));
    if !path.is_file() {
        let shown_root = if root == Path::new(".") {
            "the current directory".to_string()
        } else {
            format!("`{}`", root.display())
        };
        return Err(vec![
            Diagnostic::error(
                format!("no `book.toml` in {shown_root}: this is not a drillbook handbook"),
                Span::file(&shown),
            )
            .with_help("start one with `drillbook init`, or point at one with `--root DIR`"),
        ]);
    }
    let text = std::fs::read(&path).map_err(|e| {
        vec![Diagnostic::error(
            format!("cannot read `book.toml`: {e}"),
            Span::file(&shown),
        )]
    })?;
    let text = crate::source::decode_text(&text, &shown).map_err(|d| vec![d])?;
    let raw: RawBookToml =
        toml::from_str(&text).map_err(|e| vec![toml_error(&e, &text, &shown)])?;
    resolve(root, raw, &text, &shown)
}

fn toml_error(err: &toml::de::Error, text: &str, shown: &str) -> Diagnostic {
    let message = err.message().trim().to_string();
    let Some(range) = err.span() else {
        return Diagnostic::error(format!("invalid `book.toml`: {message}"), Span::file(shown));
    };
    let span = span_of_range(shown, text, range);
    let mut diag = Diagnostic::error(
        format!("invalid `book.toml`: {}", first_clause(&message)),
        span,
    );
    if let Some(expected) = message.split_once("expected ").map(|(_, e)| e) {
        diag = diag.with_label(format!("expected {expected}"));
        if let Some(word) = backticked(&message) {
            let options: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            if let Some(help) = did_you_mean(word, options) {
                diag = diag.with_help(help);
            }
        }
    }
    diag
}

fn first_clause(message: &str) -> &str {
    message.split(", expected").next().unwrap_or(message)
}

fn backticked(message: &str) -> Option<&str> {
    message.split('`').nth(1)
}

/// A span covering a byte range of `text` (clamped to its first line).
pub fn span_of_range(shown: &str, text: &str, range: std::ops::Range<usize>) -> Span {
    let start = range.start.min(text.len());
    let before = &text[..floor_char(text, start)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    let line_text = text[line_start..].lines().next().unwrap_or("");
    let end = range.end.min(line_start + line_text.len()).max(start);
    let len = text[floor_char(text, start)..floor_char(text, end)]
        .chars()
        .count();
    Span::new(shown, line, col, len, line_text)
}

fn floor_char(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn resolve(
    root: &Path,
    raw: RawBookToml,
    text: &str,
    shown: &str,
) -> Result<Config, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let language = resolve_language(raw.book.language.as_ref(), text, shown, &mut errors);
    let modules = resolve_modules(raw.modules, text, shown, &mut errors);
    let raw_html = resolve_raw_html(raw.build.raw_html.as_ref(), text, shown, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let build = raw.build;
    Ok(Config {
        root: root.to_path_buf(),
        title_zh: raw.book.title_zh.unwrap_or_else(|| raw.book.title.clone()),
        title: raw.book.title,
        description: raw.book.description,
        base_url: raw.book.base_url,
        language,
        content_dir: root.join(build.content.as_deref().unwrap_or("content")),
        output_dir: root.join(build.output.as_deref().unwrap_or("public")),
        theme: build.theme.unwrap_or_else(|| "default".to_string()),
        modules,
        search: raw.search.enabled,
        raw_html,
    })
}

fn resolve_raw_html(
    value: Option<&Spanned<String>>,
    text: &str,
    shown: &str,
    errors: &mut Vec<Diagnostic>,
) -> RawHtml {
    let Some(value) = value else {
        return RawHtml::Filter;
    };
    match value.get_ref().as_str() {
        "filter" => RawHtml::Filter,
        "allow" => RawHtml::Allow,
        other => {
            let span = span_of_range(shown, text, value.span());
            let mut diag = Diagnostic::error(format!("unknown `raw_html` value `{other}`"), span)
                .with_label("expected `filter` or `allow`");
            if let Some(help) = did_you_mean(other, ["filter", "allow"]) {
                diag = diag.with_help(help);
            }
            errors.push(diag);
            RawHtml::Filter
        }
    }
}

fn resolve_language(
    lang: Option<&Spanned<String>>,
    text: &str,
    shown: &str,
    errors: &mut Vec<Diagnostic>,
) -> Lang {
    let Some(lang) = lang else { return Lang::En };
    match lang.get_ref().as_str() {
        "en" => Lang::En,
        "zh" => Lang::Zh,
        other => {
            let span = span_of_range(shown, text, lang.span());
            errors.push(
                Diagnostic::error(format!("unknown language `{other}`"), span)
                    .with_label("expected `en` or `zh`"),
            );
            Lang::En
        }
    }
}

/// Modules in book.toml order; a bad or repeated id is an error at its line.
fn resolve_modules(
    raw: Vec<RawModule>,
    text: &str,
    shown: &str,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Module> {
    let mut modules: Vec<Module> = Vec::new();
    for m in raw {
        let id = m.id.get_ref().clone();
        let span = span_of_range(shown, text, m.id.span());
        if let Some(problem) = module_id_problem(&id) {
            errors.push(
                Diagnostic::error(format!("module id `{id}` {problem}"), span).with_label(
                    "expected lowercase ASCII letters, digits and `-`, e.g. `system-design`",
                ),
            );
        } else if modules.iter().any(|prev| prev.id == id) {
            errors.push(
                Diagnostic::error(format!("module `{id}` is defined twice"), span)
                    .with_label("second definition"),
            );
        }
        modules.push(Module {
            title_zh: m.title_zh.unwrap_or_else(|| m.title.clone()),
            id,
            title: m.title,
            description: m.description,
        });
    }
    modules
}

fn module_id_problem(id: &str) -> Option<&'static str> {
    if id.is_empty() {
        Some("is empty")
    } else if RESERVED_IDS.contains(&id) {
        Some("is reserved for the site's own pages")
    } else if !id
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        Some("is not a valid folder name")
    } else {
        None
    }
}

/// The ids a module may be named, for messages.
pub fn expected_modules(config: &Config) -> String {
    one_of(&config.module_ids())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let raw: RawBookToml =
            toml::from_str(text).map_err(|e| vec![toml_error(&e, text, "book.toml")])?;
        resolve(Path::new("."), raw, text, "book.toml")
    }

    #[test]
    fn unknown_key_names_its_line_and_suggests() {
        let errs = parse("[book]\ntitle = \"x\"\ntittle = \"y\"\n").unwrap_err();
        assert_eq!(errs[0].span.line, 3, "{errs:?}");
        assert_eq!(errs[0].span.col, 1);
        assert!(
            errs[0].message.contains("unknown field `tittle`"),
            "{errs:?}"
        );
        assert_eq!(errs[0].help, vec!["did you mean `title`?".to_string()]);
    }

    #[test]
    fn module_ids_are_checked_at_their_line() {
        let text = "[book]\ntitle = \"x\"\n[[modules]]\nid = \"Debug Stuff\"\ntitle = \"D\"\n";
        let errs = parse(text).unwrap_err();
        assert_eq!((errs[0].span.line, errs[0].span.col), (4, 6));
        let ok =
            parse("[book]\ntitle = \"x\"\n[[modules]]\nid = \"debug\"\ntitle = \"D\"\n").unwrap();
        assert_eq!(ok.modules[0].title_zh, "D");
        assert!(ok.search);
    }

    #[test]
    fn every_table_of_book_toml_is_listed() {
        let tables: Vec<&str> = crate::keys::fields_of::<RawBookToml>();
        let keys = book_toml_keys();
        for table in tables {
            assert!(keys.iter().any(|(t, _)| *t == table), "{table}");
        }
        assert!(keys.contains(&("book", "base_url")));
    }

    #[test]
    fn syntax_errors_have_a_line() {
        let errs = parse("[book]\ntitle = \n").unwrap_err();
        assert_eq!(errs[0].span.line, 2, "{errs:?}");
    }
}
