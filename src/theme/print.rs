//! Theme stage, print pages. Input: the `Site` through a `Renderer`. Output:
//! `print/index.html` (every page in reading order) and one
//! `print/<module>/index.html` per module, for "print to PDF".
//! Steps: each page's HTML has its ids prefixed with the page's anchor (so
//! two pages' `#scenario` do not clash), links to pages in the same print
//! page turned into in-document anchors and other links re-based on the
//! print page's folder, and the reader's controls (forms, inputs,
//! buttons) removed; answers, notes and templates are plain HTML already.

use std::collections::HashMap;

use percent_encoding::percent_decode_str;
use serde::Serialize;

use super::Made;
use super::context::{Item, ModuleNav, Renderer};
use crate::diagnostic::Diagnostic;
use crate::site::relative;

#[derive(Serialize)]
struct PrintPage<'a> {
    anchor: String,
    item: Item<'a>,
    updated: Option<&'a str>,
    html: String,
}

#[derive(Serialize)]
struct Section<'a> {
    /// `None` for the top-level guides.
    module: Option<ModuleNav<'a>>,
    anchor: String,
    pages: Vec<PrintPage<'a>>,
}

#[derive(Serialize)]
struct PrintView<'a> {
    /// The whole handbook (not one module).
    whole: bool,
    sections: Vec<Section<'a>>,
}

/// The most pages one print page holds. Past it a print page would be tens
/// of megabytes (52 MB for 10,000 pages) that no browser prints, and would
/// double the build's output, so it is not written and not linked.
const PRINT_MAX_PAGES: usize = 1000;

/// Whether a print page of `pages` pages is written.
pub(super) fn printable(pages: usize) -> bool {
    pages <= PRINT_MAX_PAGES
}

/// Page `i`'s anchor in a print page.
fn anchor(i: usize) -> String {
    format!("p{i}")
}

impl Renderer<'_> {
    /// The whole-handbook print page, then one per module.
    pub fn print_pages(&self) -> Result<Vec<Made>, Diagnostic> {
        let mut all: Vec<(Option<usize>, &[usize])> = (0..self.modules.len())
            .map(|m| (Some(m), self.site.modules[m].as_slice()))
            .collect();
        all.push((None, self.site.guides.as_slice()));
        let mut files = Vec::new();
        if printable(self.site.pages.len()) {
            files.push(self.print("print/", &all, true)?);
        }
        for (m, pages) in all.iter().take(self.modules.len()) {
            if !printable(pages.len()) {
                continue;
            }
            let dir = format!("print/{}/", self.modules[m.unwrap_or(0)].id);
            files.push(self.print(&dir, &[(*m, pages)], false)?);
        }
        Ok(files)
    }

    /// The print page in folder `dir` holding `sections` (module, pages).
    fn print(
        &self,
        dir: &str,
        sections: &[(Option<usize>, &[usize])],
        whole: bool,
    ) -> Result<Made, Diagnostic> {
        let inside: HashMap<&str, usize> = sections
            .iter()
            .flat_map(|(_, pages)| pages.iter())
            .map(|&i| (self.site.pages[i].url.as_str(), i))
            .collect();
        let sections: Vec<Section> = sections
            .iter()
            .filter(|(_, pages)| !pages.is_empty())
            .map(|&(m, pages)| Section {
                module: m.map(|m| self.modules[m].clone()),
                anchor: m.map_or_else(|| "guides".into(), |m| format!("m-{}", self.modules[m].id)),
                pages: pages
                    .iter()
                    .map(|&i| {
                        let p = &self.site.pages[i];
                        let links = Rebase {
                            page_url: &p.url,
                            dir,
                            inside: &inside,
                            prefix: anchor(i),
                        };
                        PrintPage {
                            anchor: anchor(i),
                            item: self.item(i),
                            updated: p.updated.as_deref(),
                            // Fingerprinting needs no rewritten HTML: the
                            // rewrite follows from the body (its digest) and
                            // the urls and anchors the context holds.
                            html: if self.fingerprint {
                                format!("{:x}", p.digest)
                            } else {
                                links.rewrite(&p.rendered.html)
                            },
                        }
                    })
                    .collect(),
            })
            .collect();
        let drafts = sections
            .iter()
            .any(|s| s.pages.iter().any(|p| p.item.draft));
        let (title, title_zh) = match (whole, sections.first().and_then(|s| s.module.as_ref())) {
            (false, Some(m)) => (m.title, m.title_zh),
            _ => (self.config.title.as_str(), self.config.title_zh.as_str()),
        };
        let data = PrintView { whole, sections };
        self.render("print.html", dir, "print", (title, title_zh), data, drafts)
    }
}

/// Rewrites one page's HTML for a print page.
struct Rebase<'a> {
    /// The page's own folder (`debug/x/`).
    page_url: &'a str,
    /// The print page's folder (`print/`).
    dir: &'a str,
    /// Folder URL → page index, for the pages on this print page.
    inside: &'a HashMap<&'a str, usize>,
    /// This page's anchor, put before each of its ids.
    prefix: String,
}

/// Attributes holding ids (or lists of them) on the page.
const ID_ATTRS: [&str; 5] = [
    "id",
    "for",
    "aria-labelledby",
    "aria-controls",
    "aria-describedby",
];

impl Rebase<'_> {
    fn rewrite(&self, html: &str) -> String {
        let html = strip_controls(html);
        let mut out = String::with_capacity(html.len() + html.len() / 16);
        let mut rest = html.as_str();
        while let Some(at) = rest.find("=\"") {
            let name_start = rest[..at]
                .rfind(|c: char| c.is_ascii_whitespace())
                .map_or(at, |s| s + 1);
            let name = &rest[name_start..at];
            let value_start = at + 2;
            let Some(len) = rest[value_start..].find('"') else {
                break;
            };
            let value = &rest[value_start..value_start + len];
            out.push_str(&rest[..value_start]);
            if ID_ATTRS.contains(&name) {
                let ids: Vec<String> = value
                    .split_ascii_whitespace()
                    .map(|id| format!("{}--{id}", self.prefix))
                    .collect();
                out.push_str(&ids.join(" "));
            } else if name == "href" || name == "src" {
                out.push_str(&self.link(value));
            } else {
                out.push_str(value);
            }
            out.push('"');
            rest = &rest[value_start + len + 1..];
        }
        out.push_str(rest);
        out
    }

    /// One `href`/`src` value as seen from the print page.
    fn link(&self, value: &str) -> String {
        if let Some(frag) = value.strip_prefix('#') {
            return format!("#{}--{frag}", self.prefix);
        }
        let external = value.starts_with('/')
            || value
                .split_once(':')
                .is_some_and(|(scheme, _)| !scheme.contains('/') && !scheme.is_empty());
        if value.is_empty() || external {
            return value.to_string();
        }
        let (path, frag) = value.split_at(value.find(['#', '?']).unwrap_or(value.len()));
        let decoded = percent_decode_str(path).decode_utf8_lossy();
        let Some(target) = join(self.page_url, &decoded) else {
            return value.to_string();
        };
        let folder = target.strip_suffix("index.html").unwrap_or(&target);
        if let Some(&i) = self.inside.get(folder) {
            return match frag.strip_prefix('#') {
                Some(f) if !f.is_empty() => format!("#{}--{f}", anchor(i)),
                _ => format!("#{}", anchor(i)),
            };
        }
        format!("{}{frag}", relative(self.dir, &target))
    }
}

/// `target` resolved against folder `dir` (the link checker's own
/// resolution), keeping a trailing `/`; `None` if it climbs out.
fn join(dir: &str, target: &str) -> Option<String> {
    let mut out = crate::site::normalize(dir, target)?;
    if target.ends_with('/') {
        out.push('/');
    }
    Some(out)
}

/// The page's HTML without the reader's controls: template forms, inputs
/// (rubric checkboxes, task-list boxes) and buttons. A printout has no use
/// for them.
fn strip_controls(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    loop {
        let next = ["<form", "<input", "<button"]
            .iter()
            .filter_map(|tag| rest.find(tag).map(|at| (at, *tag)))
            .min();
        let Some((at, tag)) = next else { break };
        out.push_str(&rest[..at]);
        let close = match tag {
            "<form" => "</form>",
            "<button" => "</button>",
            _ => ">",
        };
        match rest[at..].find(close) {
            Some(end) => rest = &rest[at + end + close.len()..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_links_are_rebased() {
        let inside: HashMap<&str, usize> = [("debug/y/", 7)].into_iter().collect();
        let r = Rebase {
            page_url: "debug/x/",
            dir: "print/",
            inside: &inside,
            prefix: "p3".into(),
        };
        let html = r##"<h2 id="scenario">S</h2><a href="#scenario">a</a><a href="../y/index.html#tasks">b</a><a href="../../code-review/z/index.html">c</a><img src="../diagram.png" alt=""><a href="https://x.dev/a">d</a>"##;
        let out = r.rewrite(html);
        assert!(out.contains(r#"<h2 id="p3--scenario">"#), "{out}");
        assert!(out.contains(r##"href="#p3--scenario""##), "{out}");
        assert!(out.contains(r##"href="#p7--tasks""##), "{out}");
        assert!(
            out.contains(r#"href="../code-review/z/index.html""#),
            "{out}"
        );
        assert!(out.contains(r#"src="../debug/diagram.png""#), "{out}");
        assert!(out.contains(r#"href="https://x.dev/a""#), "{out}");
    }

    #[test]
    fn controls_are_removed() {
        let html = r#"<p>a</p><form class="template-form" data-template-form><input id="x"></form><li><input disabled="" type="checkbox"/> task</li><button type="button">B</button>z"#;
        assert_eq!(strip_controls(html), "<p>a</p><li> task</li>z");
    }
}
