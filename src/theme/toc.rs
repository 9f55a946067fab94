//! Theme stage, the book's table of contents. Input: the `Site`. Output:
//! `static/toc.js`, one shared script every page loads (as mdBook 0.5 does
//! with its `toc.js`), so the sidebar costs each page one cached request
//! instead of bytes that grow with the number of pages. A `<script>`, not
//! JSON, so it loads from `file://` too.

use serde::Serialize;

use super::OutFile;
use super::context::Renderer;
use crate::content::Kind;

/// Where the table of contents is written.
pub const TOC_PATH: &str = "static/toc.js";

/// One page: `[folder, title, title_zh or "", kind]`, plus a final `1` for
/// a draft. The folder is relative to its module's (`x` for `debug/x/`),
/// and arrays stand in for objects: the file names every page.
type Entry = Vec<serde_json::Value>;

#[derive(Serialize)]
struct Module<'a> {
    id: &'a str,
    t: &'a str,
    z: &'a str,
    /// Folder of the module page, relative to the root.
    u: String,
    p: Vec<Entry>,
}

#[derive(Serialize)]
struct Toc<'a> {
    m: Vec<Module<'a>>,
    /// Top-level guides.
    g: Vec<Entry>,
}

impl Renderer<'_> {
    /// The entries of `indices`, their folders relative to `dir`.
    fn entries(&self, indices: &[usize], dir: &str) -> Vec<Entry> {
        indices
            .iter()
            .map(|&i| {
                let p = &self.site.pages[i];
                let kind = match p.page.fm.kind {
                    Kind::Drill => "d",
                    Kind::Template => "t",
                    Kind::Guide => "g",
                };
                let zh = p.page.fm.title_zh.as_deref().unwrap_or("");
                let folder = p.url.strip_prefix(dir).unwrap_or(&p.url);
                let mut e = vec![
                    folder.trim_end_matches('/').into(),
                    p.page.fm.title.as_str().into(),
                    zh.into(),
                    kind.into(),
                ];
                if p.page.fm.draft {
                    e.push(1.into());
                }
                e
            })
            .collect()
    }

    /// `static/toc.js`: `window.__drillbookToc = {m: [...], g: [...]}`.
    pub fn toc(&self) -> OutFile {
        let toc = Toc {
            m: self
                .modules
                .iter()
                .zip(&self.site.modules)
                .map(|(m, pages)| Module {
                    id: m.id,
                    t: m.title,
                    z: m.title_zh,
                    u: format!("{}/", m.id),
                    p: self.entries(pages, &format!("{}/", m.id)),
                })
                .collect(),
            g: self.entries(&self.site.guides, ""),
        };
        let json = serde_json::to_string(&toc).expect("strings and numbers always serialize");
        OutFile {
            path: TOC_PATH.to_string(),
            bytes: format!("window.__drillbookToc={json};\n").into_bytes(),
        }
    }
}
