//! Template contexts: what each kind of page hands to tera, as serializable
//! structs. URLs in contexts are relative to the site root; templates prefix
//! them with `root` (the way up from the page being rendered), so every link
//! the site writes is relative and works under a sub-path and from disk.

use serde::Serialize;

use super::{Part, Theme};
use crate::config::{Config, Lang};
use crate::content::{Kind, Level, Source};
use crate::diagnostic::Diagnostic;
use crate::output::OutFile;
use crate::render::{Heading, TemplateInfo};
use crate::site::{Site, SitePage, relative, root_of};

/// Build-wide facts the pages show.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Drafts are included (serve's default): pages say so.
    pub drafts: bool,
    /// Serve injects its live-reload script.
    pub live_reload: bool,
}

#[derive(Serialize)]
struct Book<'a> {
    title: &'a str,
    title_zh: &'a str,
    description: &'a str,
    language: Lang,
    /// Namespaces what the browser remembers (all `file://` pages share one
    /// localStorage), derived from the title so two handbooks do not mix.
    storage_key: String,
}

#[derive(Serialize, Clone)]
pub(super) struct ModuleNav<'a> {
    pub(super) id: &'a str,
    pub(super) title: &'a str,
    pub(super) title_zh: &'a str,
    pub(super) description: &'a str,
    pub(super) url: String,
    pub(super) drills: usize,
    pub(super) templates: usize,
    pub(super) guides: usize,
}

#[derive(Serialize, Clone)]
pub(super) struct Item<'a> {
    pub(super) title: &'a str,
    pub(super) title_zh: Option<&'a str>,
    pub(super) kind: Kind,
    pub(super) url: String,
    pub(super) description: Option<&'a str>,
    pub(super) level: Option<Level>,
    pub(super) module: Option<&'a str>,
    pub(super) draft: bool,
}

#[derive(Serialize, Clone)]
pub(super) struct TagLink<'a> {
    pub(super) name: &'a str,
    pub(super) url: String,
    pub(super) count: usize,
}

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    title_zh: Option<&'a str>,
    kind: Kind,
    level: Option<Level>,
    description: Option<&'a str>,
    module: Option<ModuleNav<'a>>,
    tags: Vec<TagLink<'a>>,
    html: Body<'a>,
    headings: &'a [Heading],
    templates: &'a [TemplateInfo],
    answers: usize,
    rubric_items: usize,
    prev: Option<Item<'a>>,
    next: Option<Item<'a>>,
    draft: bool,
    source: &'a str,
    /// Date of the page's last commit, when the handbook is a git repository.
    updated: Option<&'a str>,
    sources: &'a [Source],
}

/// A page's body HTML, or (when only fingerprinting) the digest the build
/// driver keeps of it: hashing every page's HTML on each rebuild would cost
/// more than the fingerprints save.
#[derive(Serialize)]
#[serde(untagged)]
enum Body<'a> {
    Html(&'a str),
    Digest(u64),
}

/// What making an output produces: its file, or only a fingerprint of
/// everything its template is handed (same context, same bytes).
pub enum Made {
    File(OutFile),
    Fingerprint { path: String, hash: u64 },
}

/// A writer into a hasher: `serde_json`'s (or `postcard`'s) output is
/// hashed as it is made, so a value is fingerprinted without building its
/// text. The build driver digests renders with it too.
#[derive(Default)]
pub struct HashWriter(pub std::collections::hash_map::DefaultHasher);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        std::hash::Hasher::write(&mut self.0, buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A hash of `value` as `template` would be handed it (its JSON form, fed
/// straight into the hasher), after the template's name.
fn context_digest<T: Serialize + ?Sized>(template: &str, value: &T) -> Result<u64, Diagnostic> {
    let mut hasher = HashWriter::default();
    std::hash::Hash::hash(template, &mut hasher.0);
    serde_json::to_writer(&mut hasher, value).map_err(|e| context_error(template, &e))?;
    Ok(std::hash::Hasher::finish(&hasher.0))
}

fn context_error(template: &str, e: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic::error(
        format!("theme context: {e}"),
        crate::diagnostic::Span::file(template),
    )
}

/// The context every template gets; `view` names the kind of page.
#[derive(Serialize)]
struct Ctx<'a, T: Serialize> {
    book: &'a Book<'a>,
    modules: &'a [ModuleNav<'a>],
    root: String,
    url: String,
    view: &'static str,
    title: String,
    title_zh: String,
    drafts: bool,
    /// Show the "Drafts are shown" banner: a draft page, or a listing with one.
    drafts_banner: bool,
    live_reload: bool,
    search: bool,
    guides: Vec<Item<'a>>,
    /// This page's absolute URL, when `base_url` is absolute.
    canonical: Option<String>,
    /// A `<base href>` for pages served at any depth (the 404 page), when
    /// `base_url` is absolute.
    base_href: Option<String>,
    data: T,
}

/// What every output of the site is handed besides its own data: the
/// book, the module navigation and the guides. It holds no `Site`, so
/// whatever is made from it and a `PageInputs` reads nothing else.
pub struct Shared<'a> {
    pub(super) config: &'a Config,
    theme: &'a Theme,
    options: &'a Options,
    book: Book<'a>,
    pub(super) modules: Vec<ModuleNav<'a>>,
    /// The top-level guides, which every page's navigation lists.
    guides: Vec<Item<'a>>,
    /// `base_url` when it is absolute (for canonical links and the sitemap).
    base: Option<String>,
    /// Only fingerprints are asked for (see `Made`).
    pub(super) fingerprint: bool,
}

/// Makes the site's outputs: `Shared` plus the site they are made from.
pub struct Renderer<'a> {
    shared: Shared<'a>,
    pub(super) site: &'a Site,
}

impl<'a> std::ops::Deref for Renderer<'a> {
    type Target = Shared<'a>;
    fn deref(&self) -> &Shared<'a> {
        &self.shared
    }
}

/// Page fingerprints kept between builds (by source path), each with the
/// inputs it was worked out from: a page whose inputs are the same (the
/// same parse and render, URL, neighbours and tags, under the same
/// `Shared`) is not fingerprinted again. Forget it when the theme changes.
#[derive(Default)]
pub struct Fingerprints {
    pub(super) pages: std::collections::HashMap<String, (PageKey, String, u64)>,
}

/// What one page's fingerprint was worked out from.
pub(super) struct PageKey {
    shared: u64,
    /// A hash of the page's tag links.
    tags: u64,
    page: PageId,
    prev: Option<PageId>,
    next: Option<PageId>,
}

/// A placed page as far as its own output and its neighbours' read it:
/// every field of `SitePage`, its parse and render by identity (held, so
/// the address cannot be reused by another).
struct PageId {
    page: std::sync::Arc<crate::content::Page>,
    rendered: std::sync::Arc<crate::render::Rendered>,
    digest: u64,
    url: String,
    updated: Option<String>,
}

impl PageId {
    fn of(p: &SitePage) -> PageId {
        // Every field, so a new one must be decided on here. Indices into
        // the site are left out: `PageInputs` holds what they point at.
        let SitePage {
            page,
            rendered,
            digest,
            url,
            prev: _,
            next: _,
            tags: _,
            updated,
        } = p;
        PageId {
            page: page.clone(),
            rendered: rendered.clone(),
            digest: *digest,
            url: url.clone(),
            updated: updated.clone(),
        }
    }

    fn matches(&self, p: &SitePage) -> bool {
        std::sync::Arc::ptr_eq(&self.page, &p.page)
            && std::sync::Arc::ptr_eq(&self.rendered, &p.rendered)
            && self.digest == p.digest
            && self.url == p.url
            && self.updated == p.updated
    }

    fn all_match(id: &Option<PageId>, p: Option<&SitePage>) -> bool {
        match (id, p) {
            (Some(id), Some(p)) => id.matches(p),
            (None, None) => true,
            _ => false,
        }
    }
}

/// What a page's output is made from besides `Shared`: its placed page,
/// its neighbours (as they are linked) and its tags. `Shared::page` is
/// handed only this, so equal inputs (`PageKey`) make equal outputs.
pub(super) struct PageInputs<'a> {
    page: &'a SitePage,
    prev: Option<&'a SitePage>,
    next: Option<&'a SitePage>,
    tags: Vec<TagLink<'a>>,
}

impl<'a> Renderer<'a> {
    pub fn new(config: &'a Config, site: &'a Site, theme: &'a Theme, options: &'a Options) -> Self {
        let modules = config
            .modules
            .iter()
            .zip(&site.modules)
            .map(|(m, pages)| {
                let [drills, templates, guides] = site.counts(pages);
                ModuleNav {
                    id: &m.id,
                    title: &m.title,
                    title_zh: &m.title_zh,
                    description: &m.description,
                    url: format!("{}/index.html", m.id),
                    drills,
                    templates,
                    guides,
                }
            })
            .collect();
        let storage_key = format!("drillbook:{}:", crate::render::slug(&config.title));
        let book = Book {
            title: &config.title,
            title_zh: &config.title_zh,
            description: &config.description,
            language: config.language,
            storage_key,
        };
        let guides = (site.guides.iter())
            .map(|&i| item_of(&site.pages[i]))
            .collect();
        Renderer {
            shared: Shared {
                config,
                theme,
                options,
                book,
                modules,
                guides,
                base: config.absolute_base_url(),
                fingerprint: false,
            },
            site,
        }
    }

    /// A renderer that fingerprints outputs instead of rendering them.
    pub fn fingerprinting(mut self) -> Self {
        self.shared.fingerprint = true;
        self
    }

    /// A hash of everything in `Shared` that outputs are handed (the
    /// config, options and theme are fixed for one build cache).
    pub(super) fn shared_digest(&self) -> Result<u64, Diagnostic> {
        let Shared {
            config,
            theme: _,
            options,
            book,
            modules,
            guides,
            base,
            fingerprint: _,
        } = &self.shared;
        let all = (book, modules, guides, options.drafts, options.live_reload);
        context_digest("page.html", &(all, config.search, base))
    }

    pub(super) fn item(&self, i: usize) -> Item<'a> {
        item_of(&self.site.pages[i])
    }

    /// Page `i`'s path and fingerprint, from `kept` if it was made from the
    /// same inputs; a fresh key is returned when it was worked out again.
    pub(super) fn page_fingerprint(
        &self,
        i: usize,
        shared: u64,
        kept: &Fingerprints,
    ) -> Result<(String, u64, Option<PageKey>), Diagnostic> {
        let inputs = self.page_inputs(i);
        let tags = context_digest("page.html", &inputs.tags)?;
        let rel = &inputs.page.page.source.rel;
        if let Some((key, path, hash)) = kept.pages.get(rel)
            && key.shared == shared
            && key.tags == tags
            && key.page.matches(inputs.page)
            && PageId::all_match(&key.prev, inputs.prev)
            && PageId::all_match(&key.next, inputs.next)
        {
            return Ok((path.clone(), *hash, None));
        }
        let Made::Fingerprint { path, hash } = self.shared.page(&inputs)? else {
            unreachable!("a fingerprinting renderer makes fingerprints");
        };
        let key = PageKey {
            shared,
            tags,
            page: PageId::of(inputs.page),
            prev: inputs.prev.map(PageId::of),
            next: inputs.next.map(PageId::of),
        };
        Ok((path, hash, Some(key)))
    }

    /// What page `i` is made from.
    pub(super) fn page_inputs(&self, i: usize) -> PageInputs<'a> {
        let p = &self.site.pages[i];
        let tags = p
            .tags
            .iter()
            .map(|&t| &self.site.tags[t])
            .map(|t| TagLink {
                name: &t.name,
                url: format!("{}index.html", relative("", &t.url)),
                count: t.pages.len(),
            })
            .collect();
        PageInputs {
            page: p,
            prev: p.prev.map(|i| &self.site.pages[i]),
            next: p.next.map(|i| &self.site.pages[i]),
            tags,
        }
    }

    /// Makes one output of the site (see `super::parts`).
    pub fn make(&self, part: Part) -> Result<Vec<Made>, Diagnostic> {
        let one = |made: Made| vec![made];
        Ok(match part {
            Part::Page(i) => one(self.shared.page(&self.page_inputs(i))?),
            Part::Home => one(self.home()?),
            Part::Module(m) => self.module(m)?,
            Part::TagIndex => one(self.tag_index()?),
            Part::Tag(t) => self.tag(t)?,
            Part::NotFound => one(self.not_found()?),
            Part::Review => one(self.review()?),
            Part::Drills => one(self.file(super::review::drills_js(self.config, self.site)?)),
            Part::Toc => one(self.file(self.toc())),
            Part::Print(set, k) => one(self.print_page(set, k)?),
            Part::Sitemap => match self.sitemap() {
                Some(file) => one(self.file(file)),
                None => {
                    return Err(Diagnostic::error(
                        "a sitemap needs an absolute `base_url`",
                        crate::diagnostic::Span::file("book.toml"),
                    ));
                }
            },
        })
    }

    /// `sitemap.xml`, when `base_url` is absolute (a sitemap lists absolute
    /// URLs only).
    pub fn sitemap(&self) -> Option<OutFile> {
        let base = self.base.as_deref()?;
        let ids: Vec<&str> = self.modules.iter().map(|m| m.id).collect();
        Some(OutFile {
            path: "sitemap.xml".to_string(),
            bytes: super::sitemap::sitemap(base, &ids, self.site).into_bytes(),
        })
    }
}

impl<'a> Shared<'a> {
    /// A file made without a template: its bytes are its fingerprint.
    fn file(&self, file: OutFile) -> Made {
        if self.fingerprint {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            std::hash::Hash::hash(&file.bytes, &mut hasher);
            let hash = std::hash::Hasher::finish(&hasher);
            return Made::Fingerprint {
                path: file.path,
                hash,
            };
        }
        Made::File(file)
    }

    /// Renders `template` at `url` (or only fingerprints it); `drafts_banner`
    /// says whether what it shows includes a draft (the banner is shown only
    /// then).
    pub(super) fn render<T: Serialize>(
        &self,
        template: &str,
        url: &str,
        view: &'static str,
        titles: (&str, &str),
        data: T,
        drafts_banner: bool,
    ) -> Result<Made, Diagnostic> {
        let path = if url.is_empty() {
            "index.html".to_string()
        } else if url.ends_with(".html") {
            url.to_string()
        } else {
            format!("{url}index.html")
        };
        let ctx = Ctx {
            book: &self.book,
            modules: &self.modules,
            root: root_of(url.rsplit_once('/').map_or("", |(dir, _)| dir)),
            url: url.to_string(),
            view,
            title: titles.0.to_string(),
            title_zh: titles.1.to_string(),
            drafts: self.options.drafts,
            drafts_banner: self.options.drafts && drafts_banner,
            live_reload: self.options.live_reload,
            search: self.config.search,
            guides: self.guides.clone(),
            canonical: (view != "404")
                .then(|| {
                    self.base
                        .as_ref()
                        .map(|b| format!("{b}{}", relative("", url)))
                })
                .flatten(),
            base_href: (view == "404").then(|| self.base.clone()).flatten(),
            data,
        };
        if self.fingerprint {
            let hash = context_digest(template, &ctx)?;
            return Ok(Made::Fingerprint { path, hash });
        }
        let ctx = tera::Context::from_serialize(&ctx).map_err(|e| context_error(template, &e))?;
        let html = self.theme.render(template, &ctx)?;
        Ok(Made::File(OutFile {
            path,
            bytes: html.into_bytes(),
        }))
    }

    /// A page's output, from its inputs alone (and what all share).
    pub(super) fn page(&self, inputs: &PageInputs<'a>) -> Result<Made, Diagnostic> {
        let p = inputs.page;
        let fm = &p.page.fm;
        let module = p
            .page
            .module
            .as_deref()
            .and_then(|id| self.modules.iter().find(|m| m.id == id))
            .cloned();
        let view = PageView {
            title: &fm.title,
            title_zh: fm.title_zh.as_deref(),
            kind: fm.kind,
            level: fm.level,
            description: fm.description.as_deref(),
            module,
            tags: inputs.tags.clone(),
            html: if self.fingerprint {
                Body::Digest(p.digest)
            } else {
                Body::Html(&p.rendered.html)
            },
            headings: &p.rendered.headings,
            templates: &p.rendered.templates,
            answers: p.rendered.answers,
            rubric_items: p.rendered.rubric_items,
            prev: inputs.prev.map(item_of),
            next: inputs.next.map(item_of),
            draft: fm.draft,
            source: &p.page.source.rel,
            updated: p.updated.as_deref(),
            sources: &fm.sources,
        };
        let title_zh = fm.title_zh.as_deref().unwrap_or(&fm.title);
        let titles = (fm.title.as_str(), title_zh);
        self.render("page.html", &p.url, "page", titles, view, fm.draft)
    }
}

/// A page as listings, neighbours and navigation show it.
fn item_of(p: &SitePage) -> Item<'_> {
    Item {
        title: &p.page.fm.title,
        title_zh: p.page.fm.title_zh.as_deref(),
        kind: p.page.fm.kind,
        url: format!("{}index.html", relative("", &p.url)),
        description: p.page.fm.description.as_deref(),
        level: p.page.fm.level,
        module: p.page.module.as_deref(),
        draft: p.page.fm.draft,
    }
}
