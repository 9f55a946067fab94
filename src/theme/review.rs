//! The practice loop's generated files (theme stage). Input: the `Site` and
//! the config. Output: the Review page `review/index.html` (template
//! `review.html`), `review/drills.js` — every drill's id, titles and module,
//! in module order, the one list the Review page needs (loaded by a
//! `<script>`, so it works from `file://`; no other page loads it, so page
//! weight does not grow with the handbook) — and the Review page's search doc.

use serde::Serialize;

use super::OutFile;
use super::context::Renderer;
use crate::config::Config;
use crate::content::Kind;
use crate::diagnostic::{Diagnostic, Span};
use crate::search::SearchDoc;
use crate::site::Site;

/// Where the Review page lives, relative to the site root.
pub const REVIEW_URL: &str = "review/";
/// Its data file, beside it.
pub const DRILLS_JS: &str = "review/drills.js";

#[derive(Serialize)]
struct Drills<'a> {
    modules: Vec<ModuleRef<'a>>,
    /// `[id, title, title_zh or "", module index]` per drill: arrays, not
    /// objects, since at 10,000 drills the repeated keys would weigh ~40 %.
    /// The id is the page's folder below the root, which practice.js keys
    /// progress by; the module index points into `modules` (-1: none).
    drills: Vec<(&'a str, &'a str, &'a str, i64)>,
}

#[derive(Serialize)]
struct ModuleRef<'a> {
    id: &'a str,
    title: &'a str,
    title_zh: &'a str,
}

/// `review/drills.js`: `window.drillbookDrills = {modules, drills};`.
pub fn drills_js(config: &Config, site: &Site) -> Result<OutFile, Diagnostic> {
    let modules = config
        .modules
        .iter()
        .map(|m| ModuleRef {
            id: &m.id,
            title: &m.title,
            title_zh: &m.title_zh,
        })
        .collect();
    // `site.pages` is in reading order: modules in book.toml order, then `order`.
    let drills = site
        .pages
        .iter()
        .filter(|p| p.page.fm.kind == Kind::Drill)
        .map(|p| {
            let module = p.page.module.as_deref();
            let index = config
                .modules
                .iter()
                .position(|m| Some(m.id.as_str()) == module);
            (
                p.url.as_str(),
                p.page.fm.title.as_str(),
                p.page.fm.title_zh.as_deref().unwrap_or(""),
                index.map_or(-1, |i| i as i64),
            )
        })
        .collect();
    let json = serde_json::to_string(&Drills { modules, drills }).map_err(|e| {
        Diagnostic::error(
            format!("cannot write `{DRILLS_JS}`: {e}"),
            Span::file(DRILLS_JS),
        )
    })?;
    // `</` cannot end a script here, and U+2028/9 are line breaks to old parsers.
    let json = json
        .replace("</", "<\\/")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    Ok(OutFile {
        path: DRILLS_JS.to_string(),
        bytes: format!("window.drillbookDrills = {json};\n").into_bytes(),
    })
}

/// The Review page as the search index sees it: a page named "Review / 复习".
pub fn search_doc() -> SearchDoc {
    SearchDoc {
        url: format!("{REVIEW_URL}index.html"),
        title: "Review".into(),
        title_zh: Some("复习".into()),
        module: String::new(),
        module_title: String::new(),
        module_title_zh: String::new(),
        kind: String::new(),
        tags: Vec::new(),
        headings: vec![
            "Due today".into(),
            "New drills".into(),
            "Coming up this week".into(),
            "Keep your progress".into(),
        ],
        body: "Practise what is due: drills due today, new drills never practised and \
               reviews coming up this week, scheduled from your grades. Export progress, \
               import progress or reset progress."
            .into(),
        zh: "复习：今日到期的演练、新演练和本周待复习。导出进度、导入进度、重置进度。".into(),
        templates: String::new(),
    }
}

impl Renderer<'_> {
    /// `review/index.html`.
    pub fn review(&self) -> Result<super::Made, Diagnostic> {
        self.render_view("review.html", REVIEW_URL, "review", ("Review", "复习"))
    }
}
