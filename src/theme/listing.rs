//! Theme stage, listings. Input: the `Site` through a `Renderer`. Output:
//! the home page, module pages, the tag index, tag pages and the 404 page.
//! Module and tag listings are paginated (`PER_PAGE` items each, page 1 at
//! `<dir>/index.html`, page k at `<dir>/page-k.html`) so no listing grows
//! with the size of the handbook.

use serde::Serialize;

use super::Made;
use super::context::{Item, ModuleNav, Renderer, TagLink};
use crate::content::Kind;
use crate::diagnostic::Diagnostic;
use crate::site::relative;

/// Items on one listing page: ~60 kB of HTML, well under the 200 kB a
/// listing may weigh at 10,000 pages.
pub const PER_PAGE: usize = 100;

/// A link to one page of a paginated listing.
#[derive(Serialize)]
struct PageLink {
    number: usize,
    /// Root-relative, like every URL in a context.
    url: String,
    current: bool,
}

/// Where a listing page sits among its siblings (empty `pages` when one).
#[derive(Serialize)]
struct Pager {
    number: usize,
    count: usize,
    /// Items before this page, so a page can number its items.
    offset: usize,
    total: usize,
    pages: Vec<PageLink>,
    prev: Option<String>,
    next: Option<String>,
}

/// The file of page `k` (1-based) of the listing in folder `dir`.
pub fn page_path(dir: &str, k: usize) -> String {
    if k <= 1 {
        dir.to_string()
    } else {
        format!("{dir}page-{k}.html")
    }
}

fn pager(dir: &str, k: usize, total: usize) -> Pager {
    let count = total.div_ceil(PER_PAGE).max(1);
    let url = |n: usize| {
        let p = page_path(dir, n);
        if p.ends_with(".html") {
            relative("", &p)
        } else {
            format!("{}index.html", relative("", &p))
        }
    };
    Pager {
        number: k,
        count,
        offset: (k - 1) * PER_PAGE,
        total,
        pages: if count > 1 {
            (1..=count)
                .map(|n| PageLink {
                    number: n,
                    url: url(n),
                    current: n == k,
                })
                .collect()
        } else {
            Vec::new()
        },
        prev: (k > 1).then(|| url(k - 1)),
        next: (k < count).then(|| url(k + 1)),
    }
}

#[derive(Serialize)]
struct ModuleView<'a> {
    module: ModuleNav<'a>,
    drills: Vec<Item<'a>>,
    templates: Vec<Item<'a>>,
    guides: Vec<Item<'a>>,
    pager: Pager,
}

#[derive(Serialize)]
struct TagsView<'a> {
    tags: Vec<TagLink<'a>>,
}

#[derive(Serialize)]
struct TagView<'a> {
    name: &'a str,
    items: Vec<Item<'a>>,
    pager: Pager,
}

fn of_kind<'a>(items: &[Item<'a>], kind: Kind) -> Vec<Item<'a>> {
    items.iter().filter(|i| i.kind == kind).cloned().collect()
}

impl Renderer<'_> {
    pub fn home(&self) -> Result<Made, Diagnostic> {
        let book = (self.config.title.as_str(), self.config.title_zh.as_str());
        let drafts = self
            .site
            .guides
            .iter()
            .any(|&i| self.site.pages[i].page.fm.draft);
        self.render("home.html", "", "home", book, (), drafts)
    }

    /// Every page of the listing of module `m` (an index into the config's
    /// modules), in reading order.
    pub fn module(&self, m: usize) -> Result<Vec<Made>, Diagnostic> {
        let nav = &self.modules[m];
        let dir = format!("{}/", nav.id);
        let all = &self.site.modules[m];
        let count = all.len().div_ceil(PER_PAGE).max(1);
        let mut files = Vec::with_capacity(count);
        for k in 1..=count {
            let slice = all.iter().skip((k - 1) * PER_PAGE).take(PER_PAGE);
            let items: Vec<Item> = slice.map(|&i| self.item(i)).collect();
            let drafts = items.iter().any(|i| i.draft);
            let data = ModuleView {
                module: nav.clone(),
                drills: of_kind(&items, Kind::Drill),
                templates: of_kind(&items, Kind::Template),
                guides: of_kind(&items, Kind::Guide),
                pager: pager(&dir, k, all.len()),
            };
            let titles = (nav.title, nav.title_zh);
            let url = page_path(&dir, k);
            files.push(self.render("module.html", &url, "module", titles, data, drafts)?);
        }
        Ok(files)
    }

    pub fn tag_index(&self) -> Result<Made, Diagnostic> {
        let tags: Vec<TagLink> = self
            .site
            .tags
            .iter()
            .map(|t| TagLink {
                name: &t.name,
                url: format!("{}index.html", relative("", &t.url)),
                count: t.pages.len(),
            })
            .collect();
        let data = TagsView { tags };
        self.render("tags.html", "tags/", "tags", ("Tags", "标签"), data, false)
    }

    /// Every page of the listing of tag `t` (an index into `Site::tags`).
    pub fn tag(&self, t: usize) -> Result<Vec<Made>, Diagnostic> {
        let tag = &self.site.tags[t];
        let count = tag.pages.len().div_ceil(PER_PAGE).max(1);
        let mut files = Vec::with_capacity(count);
        for k in 1..=count {
            let slice = tag.pages.iter().skip((k - 1) * PER_PAGE).take(PER_PAGE);
            let items: Vec<Item> = slice.map(|&i| self.item(i)).collect();
            let drafts = items.iter().any(|i| i.draft);
            let data = TagView {
                name: &tag.name,
                items,
                pager: pager(&tag.url, k, tag.pages.len()),
            };
            let url = page_path(&tag.url, k);
            let titles = (tag.name.as_str(), tag.name.as_str());
            files.push(self.render("tag.html", &url, "tag", titles, data, drafts)?);
        }
        Ok(files)
    }

    /// A page whose template needs only what every page gets (no `data`).
    pub(super) fn render_view(
        &self,
        template: &str,
        url: &str,
        view: &'static str,
        titles: (&str, &str),
    ) -> Result<Made, Diagnostic> {
        self.render(template, url, view, titles, (), false)
    }

    pub fn not_found(&self) -> Result<Made, Diagnostic> {
        let titles = ("Page not found", "页面不存在");
        self.render("404.html", "404.html", "404", titles, (), false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_of_a_listing() {
        assert_eq!(page_path("debug/", 1), "debug/");
        assert_eq!(page_path("debug/", 3), "debug/page-3.html");
        let p = pager("debug/", 2, 250);
        assert_eq!((p.count, p.offset), (3, 100));
        assert_eq!(p.prev.as_deref(), Some("debug/index.html"));
        assert_eq!(p.next.as_deref(), Some("debug/page-3.html"));
        assert!(p.pages[1].current && !p.pages[0].current);
        assert!(pager("debug/", 1, 100).pages.is_empty());
        assert_eq!(pager("debug/", 1, 0).count, 1);
    }
}
