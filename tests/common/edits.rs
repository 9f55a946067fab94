//! A seeded random walk of edits to a handbook, the ways an author makes
//! them (titles, tags, modules, bodies, links, placeholders, order, slugs,
//! drafts; pages added, deleted, renamed, broken and fixed; static files and
//! assets; `book.toml`), starting from `tests/fixtures/serve/` plus
//! generated pages. Shared by the tests that prove a rebuild from a cache
//! (serve's, `build`'s on disk) equals a fresh build.

#![allow(
    clippy::unwrap_used,
    reason = "a failing step of a test helper should panic the test"
)]

use std::path::PathBuf;

/// xorshift64*: a seeded walk must replay exactly, with no crate for it.
pub struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const MODULES: [&str; 2] = ["debug", "expression"];
const TAGS: [&str; 6] = ["ebs", "EBS", "overlayfs", "logging", "k8s", "slack"];
const WORDS: [&str; 8] = [
    "disk", "volume", "retry", "backoff", "rollback", "只读", "回滚", "mount",
];

/// A page the walk manages, written out by `text`.
#[derive(Debug, Clone)]
struct Model {
    module: Option<&'static str>,
    file: String,
    title: String,
    kind: &'static str,
    tags: Vec<&'static str>,
    order: Option<i64>,
    slug: Option<String>,
    draft: bool,
    level: Option<&'static str>,
    description: Option<String>,
    body: Vec<String>,
    /// Link targets, as written (relative `.md` paths).
    links: Vec<String>,
    /// Placeholder names declared; the template uses the first ones.
    placeholders: Vec<&'static str>,
    /// Written as invalid front matter until fixed.
    broken: bool,
}

impl Model {
    fn rel(&self) -> String {
        match self.module {
            Some(m) => format!("{m}/{}", self.file),
            None => self.file.clone(),
        }
    }

    fn text(&self) -> String {
        let mut fm = format!("---\ntitle: \"{}\"\nkind: {}\n", self.title, self.kind);
        if self.broken {
            fm.push_str("tittle: broken\n");
        }
        if !self.tags.is_empty() {
            fm.push_str(&format!("tags: [{}]\n", self.tags.join(", ")));
        }
        if let Some(o) = self.order {
            fm.push_str(&format!("order: {o}\n"));
        }
        if let Some(s) = &self.slug {
            fm.push_str(&format!("slug: {s}\n"));
        }
        if self.draft {
            fm.push_str("draft: true\n");
        }
        if let Some(l) = self.level {
            fm.push_str(&format!("level: {l}\n"));
        }
        if let Some(d) = &self.description {
            fm.push_str(&format!("description: \"{d}\"\n"));
        }
        if !self.placeholders.is_empty() {
            fm.push_str("placeholders:\n");
            for p in &self.placeholders {
                fm.push_str(&format!("  {p}: {{ label: {p} label, example: ex-{p} }}\n"));
            }
        }
        fm.push_str("---\n\n## Scenario\n\n");
        for para in &self.body {
            fm.push_str(para);
            fm.push_str("\n\n");
        }
        for link in &self.links {
            fm.push_str(&format!("See [the other page]({link}).\n\n"));
        }
        if self.kind == "drill" {
            fm.push_str("::: answer\nThe model answer.\n:::\n\n");
        }
        if !self.placeholders.is_empty() {
            fm.push_str("::: template slack \"Heads-up\"\n");
            for p in &self.placeholders {
                fm.push_str(&format!("Node {{{{{p}}}}} is read-only.\n"));
            }
            fm.push_str(":::\n");
        }
        fm
    }
}

pub struct Walk {
    root: PathBuf,
    rng: Rng,
    pages: Vec<Model>,
    next_id: usize,
    book_title: String,
    modules_reversed: bool,
    search: bool,
    /// What each step did, for a failing test's message.
    pub log: Vec<String>,
}

/// What one edit touched, as paths under the root.
pub type Touched = Vec<PathBuf>;

impl Walk {
    pub fn new(root: PathBuf, seed: u64) -> Self {
        let mut walk = Walk {
            root,
            rng: Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1),
            pages: Vec::new(),
            next_id: 0,
            book_title: "Serve fixture".into(),
            modules_reversed: false,
            search: true,
            log: Vec::new(),
        };
        for _ in 0..6 {
            let page = walk.new_page();
            walk.pages.push(page);
        }
        for i in 0..walk.pages.len() {
            walk.write_page(i);
        }
        walk.write_book();
        walk
    }

    fn new_page(&mut self) -> Model {
        self.next_id += 1;
        let id = self.next_id;
        let module = if self.rng.chance(15) {
            None
        } else {
            Some(*self.rng.pick(&MODULES))
        };
        let kind = if module.is_none() {
            "guide"
        } else {
            *self.rng.pick(&["drill", "drill", "template", "guide"])
        };
        Model {
            module,
            file: format!("page-{id}.md"),
            title: format!("Page {id} {}", self.rng.pick(&WORDS)),
            kind,
            tags: vec![*self.rng.pick(&TAGS)],
            order: None,
            slug: None,
            draft: false,
            level: None,
            description: None,
            body: vec![format!("Body of page {id}: {}.", self.rng.pick(&WORDS))],
            links: Vec::new(),
            placeholders: if kind == "template" {
                vec!["node"]
            } else {
                Vec::new()
            },
            broken: false,
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join("content").join(rel)
    }

    fn write_page(&self, i: usize) -> PathBuf {
        let page = &self.pages[i];
        let path = self.path(&page.rel());
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, page.text()).unwrap();
        path
    }

    fn write_book(&self) -> PathBuf {
        let mut modules = vec![
            ("debug", "System debug, fast response", "系统排障快速反应"),
            ("expression", "English expression", "英文表达"),
        ];
        if self.modules_reversed {
            modules.reverse();
        }
        let mut text = format!(
            "[book]\ntitle = \"{}\"\ntitle_zh = \"服务测试\"\nbase_url = \"/\"\n\n[build]\ncontent = \"content\"\noutput = \"public\"\n\n",
            self.book_title
        );
        for (id, title, zh) in modules {
            text.push_str(&format!(
                "[[modules]]\nid = \"{id}\"\ntitle = \"{title}\"\ntitle_zh = \"{zh}\"\n\n"
            ));
        }
        text.push_str(&format!("[search]\nenabled = {}\n", self.search));
        let path = self.root.join("book.toml");
        std::fs::write(&path, text).unwrap();
        path
    }

    /// A link target from page `from` to page `to`, as an author writes it.
    fn link(&self, from: usize, to: &str) -> String {
        let depth = usize::from(self.pages[from].module.is_some());
        format!("{}{to}", "../".repeat(depth))
    }

    /// One random edit; returns the paths it touched.
    pub fn step(&mut self) -> Touched {
        if self.pages.is_empty() {
            return self.add();
        }
        let i = self.rng.below(self.pages.len());
        let choice = self.rng.below(100);
        let (what, touched) = match choice {
            0..=9 => {
                self.pages[i].title = format!("Retitled {} {}", i, self.rng.pick(&WORDS));
                ("title", vec![self.write_page(i)])
            }
            10..=19 => {
                let tag = *self.rng.pick(&TAGS);
                let tags = &mut self.pages[i].tags;
                if tags.contains(&tag) {
                    tags.retain(|t| *t != tag);
                } else {
                    tags.push(tag);
                }
                ("tags", vec![self.write_page(i)])
            }
            20..=29 => {
                let word = *self.rng.pick(&WORDS);
                self.pages[i].body.push(format!("More about {word}."));
                ("body", vec![self.write_page(i)])
            }
            30..=36 => {
                let j = self.rng.below(self.pages.len());
                let target = if self.rng.chance(85) {
                    self.link(i, &self.pages[j].rel())
                } else {
                    self.link(i, "debug/nowhere.md")
                };
                let links = &mut self.pages[i].links;
                if links.is_empty() || self.rng.chance(50) {
                    links.push(target);
                } else {
                    links[0] = target;
                }
                ("link", vec![self.write_page(i)])
            }
            37..=41 => self.move_module(i),
            42..=46 => {
                let p = &mut self.pages[i];
                if p.placeholders.is_empty() || p.placeholders.len() > 2 {
                    p.placeholders = vec!["node"];
                } else {
                    p.placeholders.push(if p.placeholders.len() == 1 {
                        "team"
                    } else {
                        "when"
                    });
                }
                ("placeholders", vec![self.write_page(i)])
            }
            47..=51 => {
                self.pages[i].order = if self.rng.chance(70) {
                    Some(self.rng.below(5) as i64)
                } else {
                    None
                };
                ("order", vec![self.write_page(i)])
            }
            52..=54 => {
                let p = &mut self.pages[i];
                p.slug = match p.slug {
                    None => Some(format!("slug-{i}")),
                    Some(_) => None,
                };
                ("slug", vec![self.write_page(i)])
            }
            55..=58 => {
                self.pages[i].draft ^= true;
                ("draft", vec![self.write_page(i)])
            }
            59..=61 => {
                let p = &mut self.pages[i];
                if p.module.is_some() {
                    p.kind = *self.rng.pick(&["drill", "template", "guide"]);
                }
                p.level = *self.rng.pick(&[None, Some("senior"), Some("junior")]);
                p.description = p.description.is_none().then(|| format!("About {i}"));
                ("kind, level, description", vec![self.write_page(i)])
            }
            62..=67 => {
                self.pages[i].broken ^= true;
                ("break or fix", vec![self.write_page(i)])
            }
            68..=74 => return self.add(),
            75..=79 => {
                let page = self.pages.remove(i);
                let path = self.path(&page.rel());
                std::fs::remove_file(&path).unwrap();
                self.log.push(format!("delete {}", page.rel()));
                return vec![path];
            }
            80..=84 => {
                let old = self.path(&self.pages[i].rel());
                self.next_id += 1;
                self.pages[i].file = format!("renamed-{}.md", self.next_id);
                let new = self.path(&self.pages[i].rel());
                std::fs::rename(&old, &new).unwrap();
                ("rename", vec![old, new])
            }
            85..=89 => {
                let path = self.root.join("static/extra.txt");
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                if path.exists() && self.rng.chance(50) {
                    std::fs::remove_file(&path).unwrap();
                } else {
                    std::fs::write(&path, format!("extra {}", self.rng.next())).unwrap();
                }
                ("static file", vec![path])
            }
            90..=92 => {
                let path = self.root.join("content/debug/diagram.txt");
                std::fs::write(&path, format!("asset {}", self.rng.next())).unwrap();
                ("asset", vec![path])
            }
            _ => {
                match self.rng.below(3) {
                    0 => self.book_title = format!("Handbook {}", self.rng.below(100)),
                    1 => self.modules_reversed ^= true,
                    _ => self.search ^= true,
                }
                ("book.toml", vec![self.write_book()])
            }
        };
        self.log.push(format!("{what} on {}", self.pages[i].rel()));
        touched
    }

    fn add(&mut self) -> Touched {
        let mut page = self.new_page();
        if !self.pages.is_empty() && self.rng.chance(50) {
            let j = self.rng.below(self.pages.len());
            let depth = usize::from(page.module.is_some());
            page.links
                .push(format!("{}{}", "../".repeat(depth), self.pages[j].rel()));
        }
        self.pages.push(page);
        let i = self.pages.len() - 1;
        self.log.push(format!("add {}", self.pages[i].rel()));
        vec![self.write_page(i)]
    }

    fn move_module(&mut self, i: usize) -> (&'static str, Touched) {
        let old = self.path(&self.pages[i].rel());
        let p = &mut self.pages[i];
        p.module = match p.module {
            Some("debug") => Some("expression"),
            Some(_) => Some("debug"),
            None => None,
        };
        // Links are written relative to the page's folder: still one level.
        let new = self.path(&self.pages[i].rel());
        std::fs::create_dir_all(new.parent().unwrap()).unwrap();
        std::fs::rename(&old, &new).unwrap();
        ("module", vec![old, new])
    }
}
