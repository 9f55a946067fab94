//! `drillbook build` with its cache on disk equals a build without it, byte
//! for byte. The random walk of `common::edits` (the one serve's test walks)
//! edits a handbook; after every step the same tree is built twice — into
//! `public/` with the persistent cache (`.drillbook-cache/`, as the previous
//! step left it) and into `fresh/` with `--no-cache` — and the two folders
//! must hold the same files and folders with the same bytes. When the edit
//! breaks the build, both fail with the same errors and `public/` stays as
//! it was. Now and then a file is deleted from `public/` or one added to it
//! between builds, which the cached build must undo as a whole build does.
//! Then the cache's own promises: a warm build rewrites only what
//! changed, `--no-cache` writes no cache, `clean` removes it, and a damaged
//! or foreign cache file is ignored, never an error.
//!
//! `cargo test --test warm` walks 150 steps over 3 seeds; `DRILLBOOK_SOAK=N`
//! and `DRILLBOOK_SEED=S` as in `tests/incremental.rs`.

#![allow(
    clippy::unwrap_used,
    reason = "a failing step of a test helper should panic the test"
)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::Fixture;
use common::edits::Walk;
use drillbook::build::{BuildOptions, Caching, Target, build_sharing};
use drillbook::output::Overwrite;
use drillbook::render::Highlighter;

/// Every file (with its bytes) and folder under `dir`, by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(Result::unwrap)
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            let bytes = e
                .file_type()
                .is_file()
                .then(|| std::fs::read(e.path()).unwrap());
            (rel.to_string_lossy().into_owned(), bytes)
        })
        .collect()
}

fn options(root: &Path, out: Option<PathBuf>, cache: Caching, drafts: bool) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        target: Target::Write {
            out,
            overwrite: Overwrite::OwnOnly,
            cache,
        },
        drafts,
    }
}

/// Builds `root` with `cache` (into `out`, or book.toml's folder); the
/// errors as printed, if it failed.
fn build(
    root: &Path,
    out: Option<PathBuf>,
    cache: Caching,
    highlighter: &Arc<Highlighter>,
) -> Result<(), Vec<String>> {
    let options = options(root, out, cache, false);
    build_sharing(&options, Some(highlighter.clone()))
        .map(|_| ())
        .map_err(|f| f.errors.iter().map(|d| d.render(false)).collect())
}

fn walk(seed: u64, steps: usize, highlighter: &Arc<Highlighter>) {
    let fixture = Fixture::new("serve");
    let root = fixture.dir.path().canonicalize().unwrap();
    let mut walk = Walk::new(root.clone(), seed);
    let public = root.join("public");
    let fresh = root.join("fresh");
    build(&root, None, Caching::Persistent, highlighter).unwrap();
    for step in 0..steps {
        walk.step();
        // Now and then a hand in the output: a whole build would undo it.
        if step % 5 == 0 {
            std::fs::write(public.join(format!("stray-{step}.html")), "not the site's").unwrap();
        }
        if step % 7 == 0 {
            let pages = tree(&public);
            let mut made = pages
                .iter()
                .filter(|(p, b)| b.is_some() && p.ends_with(".html"));
            if let Some((page, _)) = made.next_back() {
                walk.log.push(format!("(deleted public/{page})"));
                std::fs::remove_file(public.join(page)).unwrap();
            }
        }
        let context = || format!("seed {seed}, after:\n  {}", walk.log.join("\n  "));
        let before = tree(&public);
        let cached = build(&root, None, Caching::Persistent, highlighter);
        let _ = std::fs::remove_dir_all(&fresh);
        let uncached = build(&root, Some(fresh.clone()), Caching::Off, highlighter);
        match (&cached, &uncached) {
            (Ok(()), Ok(())) => {
                let (a, b) = (tree(&public), tree(&fresh));
                let only: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
                let missing: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
                assert!(
                    only.is_empty() && missing.is_empty(),
                    "the cached build has {only:?} that a --no-cache build has not, lacks {missing:?}; {}",
                    context()
                );
                for (path, bytes) in &a {
                    assert!(
                        *bytes == b[path],
                        "`{path}` differs from a --no-cache build:\n--- cached\n{}\n--- fresh\n{}\n; {}",
                        String::from_utf8_lossy(bytes.as_deref().unwrap_or_default()),
                        String::from_utf8_lossy(b[path].as_deref().unwrap_or_default()),
                        context()
                    );
                }
            }
            (Err(a), Err(b)) => {
                assert_eq!(a, b, "different errors; {}", context());
                assert!(
                    tree(&public) == before,
                    "a failed build changed the output; {}",
                    context()
                );
            }
            (a, b) => panic!(
                "with the cache the build {a:?}, without it {b:?}; {}",
                context()
            ),
        }
    }
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

#[test]
fn a_cached_build_after_random_edits_equals_a_build_without_the_cache() {
    let highlighter = Arc::new(Highlighter::default());
    let steps = env_number("DRILLBOOK_SOAK").map_or(150, |n| n as usize);
    let seeds: Vec<u64> = match env_number("DRILLBOOK_SEED") {
        Some(seed) => vec![seed],
        None => vec![1, 2, 12],
    };
    for seed in seeds {
        walk(seed, steps, &highlighter);
    }
}

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).unwrap().ino()
}

#[cfg(unix)]
#[test]
fn a_warm_build_rewrites_only_the_files_that_changed() {
    let f = Fixture::new("basic");
    assert_eq!(f.run(&["build"]).code, 0);
    assert!(f.path(".drillbook-cache").is_dir(), "build keeps a cache");
    let stamp = inode(&f.path("public/.drillbook"));
    let other = inode(&f.path("public/debug/rca/index.html"));
    let edited = f.read("content/debug/read-only-logs.md");
    f.write(
        "content/debug/read-only-logs.md",
        edited.replace("## Scenario", "A warm sentence.\n\n## Scenario"),
    );
    // An asset edited in place, its size kept: copied again all the same.
    let mut png = std::fs::read(f.path("content/debug/diagram.png")).unwrap();
    let last = png.len() - 1;
    png[last] ^= 1;
    f.write("content/debug/diagram.png", &png);
    let run = f.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read(f.path("public/debug/diagram.png")).unwrap(),
        png
    );
    let page = f.read("public/debug/read-only-logs/index.html");
    assert!(page.contains("A warm sentence."), "the edit is published");
    assert_eq!(
        inode(&f.path("public/.drillbook")),
        stamp,
        "the output was updated in place, not replaced"
    );
    assert_eq!(
        inode(&f.path("public/debug/rca/index.html")),
        other,
        "an unchanged page is not rewritten"
    );
}

#[test]
fn no_cache_writes_no_cache_and_clean_removes_it() {
    let f = Fixture::new("basic");
    let run = f.run(&["build", "--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(f.path("public/index.html").is_file());
    assert!(
        !f.path(".drillbook-cache").exists(),
        "--no-cache wrote a cache"
    );
    assert_eq!(f.run(&["build"]).code, 0);
    assert!(f.path(".drillbook-cache").is_dir());
    let run = f.run(&["clean"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!f.path(".drillbook-cache").exists(), "clean left the cache");
}

/// The one file the cache is kept in.
fn cache_file(f: &Fixture) -> PathBuf {
    let files: Vec<PathBuf> = std::fs::read_dir(f.path(".drillbook-cache"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files.into_iter().next().unwrap()
}

/// A warm build trusts that the output holds what the cache says it wrote,
/// so a hand-edited output file shows whether a build used the cache: one
/// that ignores the cache writes the whole site again.
#[test]
fn a_damaged_or_foreign_cache_is_ignored() {
    let f = Fixture::new("basic");
    assert_eq!(f.run(&["build"]).code, 0);
    let expected = f.read("public/index.html");
    let tamper = || f.write("public/index.html", "edited by hand");
    tamper();
    assert_eq!(f.run(&["build"]).code, 0);
    assert_eq!(
        f.read("public/index.html"),
        "edited by hand",
        "the control: a good cache is used"
    );
    let path = cache_file(&f);
    let good = std::fs::read(&path).unwrap();
    // The magic line, then the key (drillbook's build, the config), then
    // the body's hash, then the body.
    let key_at = good.iter().position(|b| *b == b'\n').unwrap() + 1;
    let mut foreign = good.clone();
    foreign[key_at] ^= 0xff;
    let mut flipped = good.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 0x01;
    let damaged: [(&str, Vec<u8>); 5] = [
        ("another drillbook's (key)", foreign),
        ("a flipped bit", flipped),
        ("cut short", good[..good.len() / 2].to_vec()),
        ("garbage", b"not a cache at all".to_vec()),
        ("empty", Vec::new()),
    ];
    for (what, bytes) in damaged {
        tamper();
        std::fs::write(&path, &bytes).unwrap();
        let run = f.run(&["build"]);
        assert_eq!(run.code, 0, "{what}: {}", run.stderr);
        assert!(run.stderr.is_empty(), "{what}: {}", run.stderr);
        assert_eq!(
            f.read("public/index.html"),
            expected,
            "{what}: the cache was not ignored"
        );
        assert_ne!(std::fs::read(&path).unwrap(), bytes, "{what}: not replaced");
    }
}

/// A named edit, a word, and whether the index holds it after the edit.
type Step<'a> = (&'a str, Box<dyn Fn() + 'a>, &'a str, bool);

/// The search index is rebuilt from the tokens the cache kept, re-reading
/// only the docs that changed: an edit that moves only a title, a page
/// deleted, and one added must each leave `search/` exactly as a
/// `--no-cache` build makes it (every impact moves with the corpus).
#[test]
fn the_search_index_follows_title_edits_deletions_and_additions() {
    let f = Fixture::new("basic");
    let highlighter = Arc::new(Highlighter::default());
    let root = f.dir.path().canonicalize().unwrap();
    let public = root.join("public");
    let fresh = root.join("fresh");
    build(&root, None, Caching::Persistent, &highlighter).unwrap();
    let page = "content/debug/read-only-logs.md";
    let original = f.read(page);
    // What each step does, and a word the index then holds (or lost).
    let steps: [Step; 4] = [
        (
            "a title edited",
            Box::new(|| {
                f.write(
                    page,
                    original.replace(
                        "title: Containers crash writing logs",
                        "title: Pods crash writing journald logs",
                    ),
                );
            }),
            "journald",
            true,
        ),
        (
            "a page deleted",
            Box::new(|| std::fs::remove_file(f.path("content/how-to.md")).unwrap()),
            "how-to/index.html",
            false,
        ),
        (
            "a page added",
            Box::new(|| {
                f.write(
                    "content/debug/zz-added.md",
                    "---\ntitle: Added page about quorum loss\nkind: guide\nmodule: debug\n---\n\nEtcd quorum loss, step by step.\n",
                );
            }),
            "quorum",
            true,
        ),
        ("nothing changed", Box::new(|| {}), "quorum", true),
    ];
    for (what, change, word, held) in &steps {
        change();
        build(&root, None, Caching::Persistent, &highlighter).unwrap();
        let _ = std::fs::remove_dir_all(&fresh);
        build(&root, Some(fresh.clone()), Caching::Off, &highlighter).unwrap();
        let (a, b) = (tree(&public.join("search")), tree(&fresh.join("search")));
        assert!(!a.is_empty(), "{what}: no index");
        assert_eq!(
            a.keys().collect::<Vec<_>>(),
            b.keys().collect::<Vec<_>>(),
            "{what}: the index files"
        );
        for (path, bytes) in &a {
            assert!(*bytes == b[path], "{what}: search/{path} differs");
        }
        let holds = (a.values().flatten()).any(|b| String::from_utf8_lossy(b).contains(word));
        assert_eq!(holds, *held, "{what}: `{word}` in the index");
    }
}
