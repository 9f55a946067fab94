//! Routes: where every page and asset lands, and how one page links another.
//! Input: the parsed pages and assets. Output: `Routes`, which implements the
//! render stage's `Links`. Pages are written as `<dir>/index.html` and linked
//! to that file (not the folder) so links open pages from `file://` too.

use std::collections::{HashMap, HashSet};

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

use crate::config::Config;
use crate::content::Page;
use crate::diagnostic::{Diagnostic, Span};
use crate::render::Links;

/// Characters encoded in hrefs: the URL specials, space and all non-ASCII.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\'');

/// Equal routes resolve every link the same way (the build driver skips
/// re-checking cached renders' links when the routes did not change).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Routes {
    /// Source path (`debug/x.md`) → output folder (`debug/x/`).
    pages: HashMap<String, String>,
    assets: HashSet<String>,
    /// Pages left out of this build because they are drafts.
    drafts: HashSet<String>,
    /// Module ids: a link to a module's folder goes to its module page.
    modules: HashSet<String>,
    raw_html: crate::render::RawHtml,
}

impl Routes {
    /// Pages that failed to parse get a URL from their file name, so links
    /// to them are not reported as broken on top of their own error.
    pub fn new(
        config: &Config,
        content: &crate::content::Content,
    ) -> Result<Self, Vec<Diagnostic>> {
        let mut owners: HashMap<String, String> = HashMap::new();
        for m in &config.modules {
            owners.insert(format!("{}/", m.id), format!("the `{}` module page", m.id));
        }
        let mut routes = Routes {
            assets: content.assets.iter().cloned().collect(),
            drafts: content.drafts.iter().cloned().collect(),
            modules: config.modules.iter().map(|m| m.id.clone()).collect(),
            raw_html: config.raw_html,
            pages: content
                .failed
                .iter()
                .map(|rel| (rel.clone(), format!("{}/", crate::source::page_stem(rel))))
                .collect(),
        };
        let mut errors = unreadable_assets(config, &content.assets);
        for page in &content.pages {
            if let Err(mut e) = check_names(page) {
                errors.append(&mut e);
                continue;
            }
            let url = url_of(page);
            if let Some(owner) = owners.get(&url) {
                errors.push(
                    Diagnostic::error(
                        format!("two pages would be written to `{url}`"),
                        page.slug_span(),
                    )
                    .with_label(format!("`{url}` is already taken by {owner}"))
                    .with_help("rename the file or set a different `slug:` in its front matter"),
                );
                continue;
            }
            let at = page.slug_span();
            owners.insert(url.clone(), format!("`{}:{}`", at.path, at.line));
            routes.pages.insert(page.source.rel.clone(), url);
        }
        if errors.is_empty() {
            Ok(routes)
        } else {
            Err(errors)
        }
    }

    /// The output folder of a page, e.g. `debug/read-only-logs/`.
    pub fn url(&self, rel: &str) -> &str {
        self.pages.get(rel).map_or("", String::as_str)
    }
}

/// `<folders>/<slug>/` for a page: the slug is its `slug:` or its file stem.
fn url_of(page: &Page) -> String {
    let (dir, slug) = dir_and_slug(page);
    if dir.is_empty() {
        format!("{slug}/")
    } else {
        format!("{dir}/{slug}/")
    }
}

/// Assets `build` could not copy, found here so `check` fails on them too:
/// a name that is not UTF-8 (read lossily, so no such file) or a file that
/// cannot be opened.
fn unreadable_assets(config: &Config, assets: &[String]) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for rel in assets {
        let path = crate::source::join_rel(&config.content_dir, rel);
        let shown = config.display_path(&path);
        let problem = if rel.contains('\u{FFFD}') && !path.exists() {
            "its name is not valid UTF-8".to_string()
        } else if let Err(e) = std::fs::File::open(&path) {
            e.to_string()
        } else {
            continue;
        };
        errors.push(
            Diagnostic::error(
                format!("cannot read the file `{shown}`"),
                Span::file(&shown),
            )
            .with_label(problem)
            .with_help("rename it, fix its permissions, or move it out of the content folder"),
        );
    }
    errors
}

/// A page's folder under `content/` and the last segment of its URL.
fn dir_and_slug(page: &Page) -> (&str, &str) {
    let rel = &page.source.rel;
    let (dir, file) = rel
        .rsplit_once('/')
        .map_or(("", rel.as_str()), |(d, f)| (d, f));
    let stem = crate::source::page_stem(file);
    (dir, page.fm.slug.as_deref().unwrap_or(stem))
}

/// Names the site writes at its root: a top-level page may not take them.
const RESERVED_TOP: [(&str, &str); 8] = [
    ("static", "the theme's files"),
    ("search", "the search index"),
    ("tags", "the tag index"),
    ("review", "the review page"),
    ("print", "the print page"),
    ("__drillbook", "serve's live-reload files"),
    ("sitemap.xml", "the sitemap"),
    ("404.html", "the not-found page"),
];
/// The longest file name most filesystems take, in bytes.
const MAX_NAME: usize = 255;

/// Refuses a page whose URL segment (its `slug:` or file name) or a tag's
/// cannot be written or is a name the site itself uses, at the line that
/// sets it (or the file, for a file name).
fn check_names(page: &Page) -> Result<(), Vec<Diagnostic>> {
    let (dir, slug) = dir_and_slug(page);
    let mut errors = Vec::new();
    let span = || page.slug_span();
    let fix = if page.fm.slug.is_some() {
        "choose another `slug:`"
    } else {
        "rename the file, or set a `slug:` in its front matter"
    };
    let shown = slug.escape_debug().to_string();
    let problem = if slug.is_empty() || slug == "." || slug == ".." {
        Some("it is not a folder name".to_string())
    } else if slug.contains(['\0', '/', '\\']) {
        Some("a page name cannot contain NUL, `/` or `\\`".to_string())
    } else if slug.len() > MAX_NAME {
        Some(format!(
            "it is {} bytes long; file names take at most {MAX_NAME}",
            slug.len()
        ))
    } else if slug.eq_ignore_ascii_case("index.html") || slug.starts_with('.') {
        Some("the site writes that name itself in every folder".to_string())
    } else if dir.is_empty() {
        RESERVED_TOP
            .iter()
            .find(|(name, _)| slug.eq_ignore_ascii_case(name))
            .map(|(name, what)| format!("the site writes `{name}` for {what}"))
    } else {
        None
    };
    if let Some(problem) = problem {
        errors.push(
            Diagnostic::error(
                format!("reserved or impossible page name `{shown}`"),
                span(),
            )
            .with_label(problem)
            .with_help(fix),
        );
    }
    for tag in &page.fm.tags {
        let folder = crate::render::slug(tag);
        if folder.len() > MAX_NAME {
            errors.push(
                Diagnostic::error(
                    format!("tag too long for a folder name ({} bytes)", folder.len()),
                    front_matter_span(page, "tags:", tag),
                )
                .with_label(format!("tags become folders of at most {MAX_NAME} bytes"))
                .with_help("shorten the tag"),
            );
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The span of `needle` on the first front-matter line holding it (a tag of
/// a block list, or of a flow list on one line); else the line of `key`
/// (a flow list over several lines folds its text, so the tag as written
/// is on no line); else the file.
fn front_matter_span(page: &Page, key: &str, needle: &str) -> Span {
    let text = &page.source.text;
    let head = || {
        text.lines()
            .take(page.body_line.saturating_sub(1))
            .enumerate()
    };
    let at = |i: usize, line: &str, col: usize, len: usize| {
        let col = line[..col].chars().count() + 1;
        Span::in_text(&page.source.shown, text, i + 1, col, len)
    };
    if let Some((i, line, col)) =
        head().find_map(|(i, line)| line.find(needle).map(|col| (i, line, col)))
    {
        return at(i, line, col, needle.chars().count());
    }
    if let Some((i, line)) = head().find(|(_, line)| line.trim_start().starts_with(key)) {
        let col = line.len() - line.trim_start().len();
        return at(i, line, col, key.trim_end_matches(':').chars().count());
    }
    Span::file(&page.source.shown)
}

impl Links for Routes {
    fn resolve(&self, from_rel: &str, target: &str) -> Result<Option<String>, String> {
        if is_external(target) {
            return Ok(None);
        }
        let (path, fragment) = match target.find(['#', '?']) {
            Some(at) => target.split_at(at),
            None => (target, ""),
        };
        let decoded = percent_decode_str(path).decode_utf8_lossy();
        let from_dir = crate::source::rel_dir(from_rel);
        let resolved =
            normalize(from_dir, &decoded).ok_or("it points outside the content folder")?;
        let from_url = self.url(from_rel);
        if crate::source::is_page(&resolved) {
            if let Some(url) = self.pages.get(&resolved) {
                return Ok(Some(format!(
                    "{}index.html{fragment}",
                    relative(from_url, url)
                )));
            }
            if self.drafts.contains(&resolved) {
                return Err(format!(
                    "`{resolved}` is a draft, left out of this build (build with `--drafts` to include it)"
                ));
            }
            return Err(format!("no page `{resolved}` in the content folder"));
        }
        if self.assets.contains(&resolved) {
            return Ok(Some(format!("{}{fragment}", relative(from_url, &resolved))));
        }
        if self.modules.contains(&resolved) {
            let module = format!("{resolved}/");
            return Ok(Some(format!(
                "{}index.html{fragment}",
                relative(from_url, &module)
            )));
        }
        Err(format!("no file `{resolved}` in the content folder"))
    }

    fn raw_html(&self) -> crate::render::RawHtml {
        self.raw_html
    }

    fn target_page(&self, from_rel: &str, path: &str) -> Option<String> {
        let decoded = percent_decode_str(path).decode_utf8_lossy();
        let resolved = normalize(crate::source::rel_dir(from_rel), &decoded)?;
        self.pages.contains_key(&resolved).then_some(resolved)
    }
}

fn is_external(target: &str) -> bool {
    target.is_empty()
        || target.starts_with('#')
        || target.starts_with('/')
        || target
            .split_once(':')
            .is_some_and(|(scheme, _)| !scheme.contains('/') && !scheme.is_empty())
}

/// Joins `target` onto `dir` and folds `.` and `..`; `None` if it climbs out.
pub fn normalize(dir: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// The href from output folder `from` (`a/b/`) to path `to` (`a/c/` or a
/// file), percent-encoded segment by segment. From a folder it starts with
/// `./` or `../`, so no page name (`javascript:x`) can read as a scheme;
/// from the root (`from` empty) it is a path to put after `root_of`, which
/// always ends in `./` or `../` for the same reason.
pub fn relative(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').filter(|p| !p.is_empty()).collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from.len() - common);
    if out.is_empty() && !from.is_empty() && common < to_parts.len() {
        out.push_str("./");
    }
    let rest: Vec<String> = to_parts[common..]
        .iter()
        .map(|p| utf8_percent_encode(p, SEGMENT).to_string())
        .collect();
    out.push_str(&rest.join("/"));
    if to.ends_with('/') && !rest.is_empty() {
        out.push('/');
    }
    out
}

/// The path from an output folder up to the site root: `../../`, or `./`
/// at the root itself (never empty, so `root + url` cannot start with a
/// page name that reads as a scheme).
pub fn root_of(url: &str) -> String {
    match url.split('/').filter(|p| !p.is_empty()).count() {
        0 => "./".to_string(),
        depth => "../".repeat(depth),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_hrefs() {
        let cases = [
            ("debug/x/", "debug/y/", "../y/"),
            ("debug/x/", "code-review/z/", "../../code-review/z/"),
            ("", "debug/x/", "debug/x/"),
            ("debug/x/", "debug/diagram.png", "../diagram.png"),
            (
                "debug/",
                "debug/javascript:alert(1)/",
                "./javascript:alert(1)/",
            ),
            ("debug/x/", "debug/x/a.png", "./a.png"),
            (
                "debug/x/",
                "debug/只读 日志/",
                "../%E5%8F%AA%E8%AF%BB%20%E6%97%A5%E5%BF%97/",
            ),
            ("debug/x/", "debug/x/", ""),
        ];
        for (from, to, want) in cases {
            assert_eq!(relative(from, to), want, "{from} → {to}");
        }
        assert_eq!(root_of("debug/x/"), "../../");
        assert_eq!(root_of(""), "./");
    }

    #[test]
    fn normalizes_and_refuses_escapes() {
        assert_eq!(
            normalize("debug", "../code-review/a.md").as_deref(),
            Some("code-review/a.md")
        );
        assert_eq!(normalize("debug", "./a.md").as_deref(), Some("debug/a.md"));
        assert_eq!(normalize("debug", "../../a.md"), None);
        assert!(
            is_external("https://x.dev/a.md") && is_external("#top") && is_external("mailto:a@b")
        );
        assert!(!is_external("a.md") && !is_external("../x/a:b.md"));
    }
}
