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
use crate::site::{Site, relative, root_of};

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

#[derive(Serialize)]
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

/// Feeds `serde_json`'s output straight into a hasher, so a context is
/// fingerprinted without building its JSON text.
struct HashWriter(std::collections::hash_map::DefaultHasher);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        std::hash::Hasher::write(&mut self.0, buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
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

pub struct Renderer<'a> {
    pub(super) config: &'a Config,
    pub(super) site: &'a Site,
    theme: &'a Theme,
    options: &'a Options,
    book: Book<'a>,
    pub(super) modules: Vec<ModuleNav<'a>>,
    /// `base_url` when it is absolute (for canonical links and the sitemap).
    base: Option<String>,
    /// Only fingerprints are asked for (see `Made`).
    pub(super) fingerprint: bool,
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
        Renderer {
            config,
            site,
            theme,
            options,
            book,
            modules,
            base: config.absolute_base_url(),
            fingerprint: false,
        }
    }

    /// A renderer that fingerprints outputs instead of rendering them.
    pub fn fingerprinting(mut self) -> Self {
        self.fingerprint = true;
        self
    }

    /// Makes one output of the site (see `super::parts`).
    pub fn make(&self, part: Part) -> Result<Vec<Made>, Diagnostic> {
        let one = |made: Made| vec![made];
        Ok(match part {
            Part::Page(i) => one(self.page(i)?),
            Part::Home => one(self.home()?),
            Part::Module(m) => self.module(m)?,
            Part::TagIndex => one(self.tag_index()?),
            Part::Tag(t) => self.tag(t)?,
            Part::NotFound => one(self.not_found()?),
            Part::Review => one(self.review()?),
            Part::Drills => one(self.file(super::review::drills_js(self.config, self.site)?)),
            Part::Toc => one(self.file(self.toc())),
            Part::Print => self.print_pages()?,
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
            guides: self.site.guides.iter().map(|&i| self.item(i)).collect(),
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
        let context_error = |e: &dyn std::fmt::Display| {
            Diagnostic::error(
                format!("theme context: {e}"),
                crate::diagnostic::Span::file(template),
            )
        };
        if self.fingerprint {
            let mut hasher = HashWriter(Default::default());
            std::hash::Hash::hash(template, &mut hasher.0);
            serde_json::to_writer(&mut hasher, &ctx).map_err(|e| context_error(&e))?;
            let hash = std::hash::Hasher::finish(&hasher.0);
            return Ok(Made::Fingerprint { path, hash });
        }
        let ctx = tera::Context::from_serialize(&ctx).map_err(|e| context_error(&e))?;
        let html = self.theme.render(template, &ctx)?;
        Ok(Made::File(OutFile {
            path,
            bytes: html.into_bytes(),
        }))
    }

    pub(super) fn item(&self, i: usize) -> Item<'a> {
        let p = &self.site.pages[i];
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

    fn page(&self, i: usize) -> Result<Made, Diagnostic> {
        let p = &self.site.pages[i];
        let fm = &p.page.fm;
        let module = p
            .page
            .module
            .as_deref()
            .and_then(|id| self.modules.iter().find(|m| m.id == id))
            .cloned();
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
        let view = PageView {
            title: &fm.title,
            title_zh: fm.title_zh.as_deref(),
            kind: fm.kind,
            level: fm.level,
            description: fm.description.as_deref(),
            module,
            tags,
            html: if self.fingerprint {
                Body::Digest(p.digest)
            } else {
                Body::Html(&p.rendered.html)
            },
            headings: &p.rendered.headings,
            templates: &p.rendered.templates,
            answers: p.rendered.answers,
            rubric_items: p.rendered.rubric_items,
            prev: p.prev.map(|i| self.item(i)),
            next: p.next.map(|i| self.item(i)),
            draft: fm.draft,
            source: &p.page.source.rel,
            updated: p.updated.as_deref(),
            sources: &fm.sources,
        };
        let title_zh = fm.title_zh.as_deref().unwrap_or(&fm.title);
        let titles = (fm.title.as_str(), title_zh);
        self.render("page.html", &p.url, "page", titles, view, fm.draft)
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
