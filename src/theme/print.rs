//! Theme stage, print pages. Input: the `Site` through a `Renderer`. Output:
//! `print/index.html` (every page in reading order) and one
//! `print/<module>/index.html` per module, for "print to PDF". A set of more
//! than `PART_MAX_PAGES` pages is split into parts (`index.html`, `2.html`,
//! …); a handbook that big is printed module by module, the whole-handbook
//! page listing the modules' print pages. Each file is its own `Part`
//! (`print_parts`), so an edit re-renders only the file holding the page.
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
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::site::{Site, relative};

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

/// One file of a print set split into parts, as the part links show it.
#[derive(Serialize)]
struct PartLink {
    /// 1-based.
    number: usize,
    /// The file's name in the set's folder (`index.html`, `2.html`, …).
    file: String,
    /// 1-based numbers of its first and last page within the set.
    first: usize,
    last: usize,
    current: bool,
}

#[derive(Serialize)]
struct PrintView<'a> {
    /// The whole handbook (not one module).
    whole: bool,
    sections: Vec<Section<'a>>,
    /// The set's parts when it has more than one (else empty).
    parts: Vec<PartLink>,
    /// Pages in the whole set (all its parts).
    set_pages: usize,
    /// The modules printed on their own print pages because the whole
    /// handbook is too big for one: the whole-handbook page lists them.
    volumes: Vec<ModuleNav<'a>>,
}

/// The most pages one print file holds. A print page of every page of a
/// 10,000-page handbook would be 52 MB that no browser prints, so a bigger
/// set is split into parts of this many pages, each its own file, and the
/// whole handbook is printed module by module.
const PART_MAX_PAGES: usize = 1000;

/// Page `i`'s anchor in a print page.
fn anchor(i: usize) -> String {
    format!("p{i}")
}

/// The file name of part `k` (0-based) of a print set.
fn part_file(k: usize) -> String {
    if k == 0 {
        "index.html".into()
    } else {
        format!("{}.html", k + 1)
    }
}

/// What a print set is, for its title and its contents.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Set {
    /// Every page of the handbook, in one set.
    Whole,
    /// Only the top-level guides; the modules are listed as volumes.
    WholeInVolumes,
    Module,
}

/// One print set: the whole handbook, or one module (by its index into
/// the config's modules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PrintSet {
    Whole,
    Module(usize),
}

/// Every print file of `site`, as (set, part) pairs: each is rendered on its
/// own, so a page's edit re-renders only the part that holds it.
pub fn print_parts(site: &Site) -> Vec<(PrintSet, usize)> {
    let count = |pages: usize| pages.div_ceil(PART_MAX_PAGES).max(1);
    let whole = if site.pages.len() <= PART_MAX_PAGES {
        site.pages.len()
    } else {
        site.guides.len()
    };
    let mut parts: Vec<(PrintSet, usize)> =
        (0..count(whole)).map(|k| (PrintSet::Whole, k)).collect();
    for (m, pages) in site.modules.iter().enumerate() {
        parts.extend((0..count(pages.len())).map(|k| (PrintSet::Module(m), k)));
    }
    parts
}

/// The file part `k` of print set `set` is written to.
pub fn print_path(config: &Config, set: PrintSet, k: usize) -> String {
    match set {
        PrintSet::Whole => format!("print/{}", part_file(k)),
        PrintSet::Module(m) => {
            let id = config.modules.get(m).map_or("", |m| m.id.as_str());
            format!("print/{id}/{}", part_file(k))
        }
    }
}

impl Renderer<'_> {
    /// Part `part` (0-based) of print set `set`.
    pub fn print_page(&self, set: PrintSet, part: usize) -> Result<Made, Diagnostic> {
        let modules: Vec<(Option<usize>, &[usize])> = (0..self.modules.len())
            .map(|m| (Some(m), self.site.modules[m].as_slice()))
            .collect();
        let guides = (None, self.site.guides.as_slice());
        match set {
            PrintSet::Whole if self.site.pages.len() <= PART_MAX_PAGES => {
                let mut all = modules;
                all.push(guides);
                self.print_set("print/", &all, Set::Whole, part)
            }
            PrintSet::Whole => self.print_set("print/", &[guides], Set::WholeInVolumes, part),
            PrintSet::Module(m) => {
                let dir = format!("print/{}/", self.modules[m].id);
                self.print_set(&dir, &[modules[m]], Set::Module, part)
            }
        }
    }

    /// Part `k` of the print files in folder `dir` holding `sections`
    /// (module, pages), split into parts of at most `PART_MAX_PAGES` pages.
    /// A link to a page of the set becomes an anchor in its part.
    fn print_set(
        &self,
        dir: &str,
        sections: &[(Option<usize>, &[usize])],
        set: Set,
        k: usize,
    ) -> Result<Made, Diagnostic> {
        let flat: Vec<(Option<usize>, usize)> = sections
            .iter()
            .flat_map(|&(m, pages)| pages.iter().map(move |&i| (m, i)))
            .collect();
        let chunks: Vec<&[(Option<usize>, usize)]> = if flat.is_empty() {
            vec![&[]]
        } else {
            flat.chunks(PART_MAX_PAGES).collect()
        };
        let inside: HashMap<&str, (usize, usize)> = chunks
            .iter()
            .enumerate()
            .flat_map(|(k, chunk)| chunk.iter().map(move |&(_, i)| (k, i)))
            .map(|(k, i)| (self.site.pages[i].url.as_str(), (k, i)))
            .collect();
        let mut first = 1;
        let bounds: Vec<(usize, usize)> = chunks
            .iter()
            .map(|c| {
                let b = (first, first + c.len().max(1) - 1);
                first += c.len();
                b
            })
            .collect();
        let volumes: Vec<ModuleNav> = match set {
            Set::WholeInVolumes => self.modules.clone(),
            _ => Vec::new(),
        };
        let chunk = chunks.get(k).copied().unwrap_or(&[]);
        let parts = if chunks.len() > 1 {
            (bounds.iter().enumerate())
                .map(|(n, &(first, last))| PartLink {
                    number: n + 1,
                    file: part_file(n),
                    first,
                    last,
                    current: n == k,
                })
                .collect()
        } else {
            Vec::new()
        };
        let view = PrintView {
            whole: set != Set::Module,
            sections: self.sections(dir, chunk, k, &inside),
            parts,
            set_pages: flat.len(),
            volumes,
        };
        let drafts = (view.sections.iter()).any(|s| s.pages.iter().any(|p| p.item.draft));
        let (title, title_zh) = match (set, sections.first().and_then(|s| s.0)) {
            (Set::Module, Some(m)) => (self.modules[m].title, self.modules[m].title_zh),
            _ => (self.config.title.as_str(), self.config.title_zh.as_str()),
        };
        let url = format!("{dir}{}", if k == 0 { String::new() } else { part_file(k) });
        self.render("print.html", &url, "print", (title, title_zh), view, drafts)
    }

    /// The sections of part `part`: its pages grouped by module, in order,
    /// each page's HTML rebased on the print folder.
    fn sections(
        &self,
        dir: &str,
        chunk: &[(Option<usize>, usize)],
        part: usize,
        inside: &HashMap<&str, (usize, usize)>,
    ) -> Vec<Section<'_>> {
        let mut sections: Vec<Section> = Vec::new();
        for &(m, i) in chunk {
            if sections
                .last()
                .is_none_or(|s| s.module.as_ref().map(|n| n.id) != m.map(|m| self.modules[m].id))
            {
                sections.push(Section {
                    module: m.map(|m| self.modules[m].clone()),
                    anchor: m
                        .map_or_else(|| "guides".into(), |m| format!("m-{}", self.modules[m].id)),
                    pages: Vec::new(),
                });
            }
            let p = &self.site.pages[i];
            let links = Rebase {
                page_url: &p.url,
                dir,
                inside,
                part,
                prefix: anchor(i),
            };
            let page = PrintPage {
                anchor: anchor(i),
                item: self.item(i),
                updated: p.updated.as_deref(),
                // Fingerprinting needs no rewritten HTML: the rewrite
                // follows from the body (its digest) and the urls and
                // anchors the context holds.
                html: if self.fingerprint {
                    format!("{:x}", p.digest)
                } else {
                    links.rewrite(&p.rendered.html)
                },
            };
            if let Some(section) = sections.last_mut() {
                section.pages.push(page);
            }
        }
        sections
    }
}

/// Rewrites one page's HTML for a print page.
struct Rebase<'a> {
    /// The page's own folder (`debug/x/`).
    page_url: &'a str,
    /// The print page's folder (`print/`).
    dir: &'a str,
    /// Folder URL → (part, page index), for the pages of this print set.
    inside: &'a HashMap<&'a str, (usize, usize)>,
    /// The part being written.
    part: usize,
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
        if let Some(&(part, i)) = self.inside.get(folder) {
            let file = if part == self.part {
                String::new()
            } else {
                part_file(part)
            };
            return match frag.strip_prefix('#') {
                Some(f) if !f.is_empty() => format!("{file}#{}--{f}", anchor(i)),
                _ => format!("{file}#{}", anchor(i)),
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
        let inside: HashMap<&str, (usize, usize)> = [("debug/y/", (0, 7)), ("debug/w/", (1, 9))]
            .into_iter()
            .collect();
        let r = Rebase {
            page_url: "debug/x/",
            dir: "print/",
            inside: &inside,
            part: 0,
            prefix: "p3".into(),
        };
        let html = r##"<h2 id="scenario">S</h2><a href="#scenario">a</a><a href="../y/index.html#tasks">b</a><a href="../../code-review/z/index.html">c</a><img src="../diagram.png" alt=""><a href="https://x.dev/a">d</a><a href="../w/">e</a>"##;
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
        // A page in another part of the set: that part's file.
        assert!(out.contains(r##"href="2.html#p9""##), "{out}");
    }

    #[test]
    fn controls_are_removed() {
        let html = r#"<p>a</p><form class="template-form" data-template-form><input id="x"></form><li><input disabled="" type="checkbox"/> task</li><button type="button">B</button>z"#;
        assert_eq!(strip_controls(html), "<p>a</p><li> task</li>z");
    }
}
