//! Serve's watcher: notify (debounced by notify-debouncer-full) on the
//! handbook root, `content/`, `themes/` and `static/`. Each batch of events is
//! reduced by `classify` (pure, table-tested) to the one `Change` the rebuild
//! needs, and handed to the single `on_change` callback where serve and watch
//! meet. Editors' scratch files are ignored; the rebuild rescans anyway, so
//! every save pattern (rename, truncate, delete + create) ends the same way.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::RecommendedWatcher;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

/// What a changed file asks of the rebuild, from least to most work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    Ignored,
    /// A non-page file under `content/` or `static/`: copied, not rendered.
    Asset,
    /// A page: re-parse it, re-render it and the listings that show it.
    Content,
    /// A template or theme static: re-render without re-parsing.
    Theme,
    /// `book.toml`: everything.
    Config,
}

/// Where things are, relative to the handbook root.
#[derive(Debug, Clone)]
pub struct Layout {
    pub content: PathBuf,
    pub output: PathBuf,
}

/// The change one path (relative to the root) stands for.
pub fn classify(rel: &Path, layout: &Layout) -> Change {
    let scratch = rel
        .components()
        .any(|c| crate::source::is_ignored(&c.as_os_str().to_string_lossy()));
    if scratch || rel.as_os_str().is_empty() || rel.starts_with(&layout.output) {
        return Change::Ignored;
    }
    if rel == Path::new("book.toml") {
        Change::Config
    } else if rel.starts_with(&layout.content) {
        if rel
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"))
        {
            Change::Content
        } else {
            Change::Asset
        }
    } else if rel.starts_with("themes") {
        Change::Theme
    } else if rel.starts_with("static") {
        Change::Asset
    } else {
        Change::Ignored
    }
}

/// The paths of one batch that matter, with the change they add up to.
#[derive(Debug, Default)]
pub struct Batch {
    pub change: Option<Change>,
    /// Changed paths relative to the root, for the rebuild's summary line.
    pub paths: Vec<PathBuf>,
}

pub fn reduce(root: &Path, layout: &Layout, paths: &[PathBuf]) -> Batch {
    let mut batch = Batch::default();
    for path in paths {
        let rel = path.strip_prefix(root).unwrap_or(path);
        let change = classify(rel, layout);
        if change == Change::Ignored {
            continue;
        }
        batch.change = batch.change.max(Some(change));
        if !batch.paths.iter().any(|p| p == rel) {
            batch.paths.push(rel.to_path_buf());
        }
    }
    batch
}

/// A watcher set up before the first build, so no save is missed between
/// that build and the watch loop: events queue in the channel meanwhile.
pub struct Watcher {
    root: PathBuf,
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: mpsc::Receiver<DebounceEventResult>,
    watched: Vec<PathBuf>,
}

impl Watcher {
    /// Watches `root` (which must be absolute) and the folders in `layout`.
    pub fn new(root: &Path, layout: &Layout) -> notify::Result<Self> {
        let (tx, events) = mpsc::channel::<DebounceEventResult>();
        // 100 ms gathers an editor's write + rename into one batch and still
        // leaves most of the one-second budget for the rebuild and reload.
        let mut debouncer = new_debouncer(Duration::from_millis(100), None, tx)?;
        // The root itself only non-recursively: it may hold `target/` or
        // `node_modules/`; `book.toml` changes are seen as entries of it.
        debouncer.watch(root, RecursiveMode::NonRecursive)?;
        let mut watcher = Watcher {
            root: root.to_path_buf(),
            debouncer,
            events,
            watched: Vec::new(),
        };
        watcher.watch_folders(layout)?;
        Ok(watcher)
    }

    /// Watches the content, themes and static folders that exist now (a
    /// folder created later is picked up on the next batch).
    fn watch_folders(&mut self, layout: &Layout) -> notify::Result<()> {
        self.watched.retain(|d| d.is_dir());
        for dir in [
            self.root.join(&layout.content),
            self.root.join("themes"),
            self.root.join("static"),
        ] {
            if dir.is_dir() && !self.watched.contains(&dir) {
                self.debouncer.watch(&dir, RecursiveMode::Recursive)?;
                self.watched.push(dir);
            }
        }
        Ok(())
    }

    /// Calls `on_change` for every batch that matters, until the watcher
    /// fails. `layout` is asked again after each batch since a `book.toml`
    /// change may move the content folder.
    pub fn run(
        mut self,
        layout: &dyn Fn() -> Layout,
        on_change: &mut dyn FnMut(Batch),
    ) -> notify::Result<()> {
        loop {
            let current = layout();
            self.watch_folders(&current)?;
            let Ok(events) = self.events.recv() else {
                return Ok(());
            };
            // Reads are events too (inotify's open/access); the rebuild reads
            // every file, so counting them would rebuild forever. Watcher
            // errors (e.g. a removed folder) are not fatal: the rebuild
            // rescans and the loop re-watches.
            let paths: Vec<PathBuf> = events
                .unwrap_or_default()
                .into_iter()
                .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
                .flat_map(|e| e.event.paths)
                .collect();
            let batch = reduce(&self.root, &current, &paths);
            if batch.change.is_some() {
                on_change(batch);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_events_map_to_rebuild_kinds() {
        let layout = Layout {
            content: "content".into(),
            output: "public".into(),
        };
        let cases = [
            ("content/debug/x.md", Change::Content),
            ("content/new-folder/y.md", Change::Content),
            ("content/debug/diagram.png", Change::Asset),
            ("content/debug/LOUD.MD", Change::Content),
            ("content/debug", Change::Asset),
            ("static/logo.svg", Change::Asset),
            ("themes/default/templates/page.html", Change::Theme),
            ("themes/default/static/style.css", Change::Theme),
            ("book.toml", Change::Config),
            ("public/index.html", Change::Ignored),
            ("content/debug/.x.md.swp", Change::Ignored),
            ("content/debug/x.md~", Change::Ignored),
            ("content/debug/4913", Change::Ignored),
            ("content/debug/x.md___jb_tmp___", Change::Ignored),
            ("content/debug/x.md___jb_old___", Change::Ignored),
            ("content/debug/#x.md#", Change::Ignored),
            ("content/debug/.#x.md", Change::Ignored),
            (".git/index", Change::Ignored),
            ("target/debug/drillbook", Change::Ignored),
            ("README.md", Change::Ignored),
            ("book.toml~", Change::Ignored),
        ];
        for (path, want) in cases {
            assert_eq!(classify(Path::new(path), &layout), want, "{path}");
        }
    }

    #[test]
    fn a_batch_needs_its_largest_change() {
        let layout = Layout {
            content: "content".into(),
            output: "public".into(),
        };
        let root = Path::new("/h");
        let paths: Vec<PathBuf> = ["/h/content/a.md", "/h/themes/t/x.html", "/h/content/.a.swp"]
            .iter()
            .map(PathBuf::from)
            .collect();
        let batch = reduce(root, &layout, &paths);
        assert_eq!(batch.change, Some(Change::Theme));
        assert_eq!(batch.paths.len(), 2);
        assert_eq!(reduce(root, &layout, &paths[2..]).change, None);
    }
}
