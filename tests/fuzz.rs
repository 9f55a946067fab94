//! Mutation fuzzing for a bounded time: pages and `book.toml` from the
//! fixtures and the project's own handbook, mutated (ranges cut, doubled,
//! swapped; pieces authors and attackers type spliced in; bytes flipped into
//! invalid UTF-8), then checked in process. Each run must give a site or
//! diagnostics: no panic, no crash, and no error about a file without a line
//! where the file has lines (except errors about the file as a whole).
//!
//! `DRILLBOOK_FUZZ_SECS` (default 45) bounds the time and
//! `DRILLBOOK_FUZZ_RUNS` (default `MAX_RUNS`) the number of runs;
//! `DRILLBOOK_FUZZ_SEED` picks another sequence. A failure prints the seed,
//! the file and its text.

#![allow(
    clippy::unwrap_used,
    reason = "a failing step of a test helper should panic the test"
)]

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::Fixture;

/// Pieces spliced into inputs: structure authors type, and what breaks parsers.
const PIECES: &[&str] = &[
    "---\n",
    "\n---\n",
    ":::",
    "::: answer\n",
    "::: zh\n",
    "::: rubric\n- a\n",
    "::: template slack \"T\"\n",
    "::: template\n",
    ":::: answer\n",
    "\n:::\n",
    "```\n",
    "```sh\n",
    "~~~\n",
    "{{",
    "}}",
    "{{node}}",
    "{{ 1x }}",
    "[[",
    "]]",
    "[x](",
    "](../",
    "](x.md)",
    "](../code-review/retry.md#frag)",
    "](javascript:alert(1))",
    "![i](diagram.png)",
    "<script>",
    "&amp;",
    "title: ",
    "title_zh: ",
    "slug: ",
    "slug: index.html\n",
    "slug: static\n",
    "tags: [",
    "tags:\n  - ",
    "kind: template\n",
    "kind: nope\n",
    "module: code-review\n",
    "placeholders:\n  ",
    "{ label: L, example: e }",
    "order: 99999999999999999999\n",
    "draft: maybe\n",
    "&a [1]\n",
    "*a\n",
    "<<: *a\n",
    "!!binary x\n",
    "? complex\n",
    "- ",
    "\t",
    "\r\n",
    "\r",
    "\u{feff}",
    "\u{0}",
    "\u{7}",
    "\u{202e}",
    "只读文件系统",
    "> > > ",
    "| a | b |\n|---|---|\n",
    "[^1]\n\n[^1]: note\n",
    "# ",
    "## Same\n",
    "\\",
    "\"",
    "'",
    "[[modules]]\nid = \"x\"\ntitle = \"X\"\n",
    "[book]\n",
    "[build]\ncontent = \"../\"\n",
    "language = \"fr\"\n",
    "id = \"\"\n",
    "= ",
    "\"\"\"",
];

/// Errors about a file as a whole: they have no line to point at.
const WHOLE_FILE: &[&str] = &[
    "the page is empty",
    "cannot read",
    "folder `",
    "reserved or impossible page name",
    "two pages would be written",
    "no `book.toml`",
];

/// xorshift: reproducible without a crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as usize
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { self.next() % n }
    }
}

/// A random range of `len` bytes (possibly empty).
fn range(rng: &mut Rng, len: usize) -> (usize, usize) {
    let a = rng.below(len + 1);
    let b = (a + rng.below(64)).min(len);
    (a, b)
}

fn mutate(rng: &mut Rng, mut bytes: Vec<u8>) -> Vec<u8> {
    for _ in 0..1 + rng.below(4) {
        let len = bytes.len();
        match rng.below(7) {
            0 => {
                let (a, b) = range(rng, len);
                bytes.drain(a..b);
            }
            1 => {
                let (a, b) = range(rng, len);
                let copy = bytes[a..b].to_vec();
                let at = rng.below(bytes.len() + 1);
                bytes.splice(at..at, copy);
            }
            2 | 3 => {
                let piece = PIECES[rng.below(PIECES.len())].as_bytes().to_vec();
                let at = line_start(&bytes, rng.below(len + 1), rng.below(2) == 0);
                bytes.splice(at..at, piece);
            }
            4 if len > 0 => {
                // An invalid UTF-8 byte, a control byte or an ASCII one.
                let at = rng.below(len);
                bytes[at] = [0xff, 0xc3, 0x80, 0x00, b':', b'-', b'{'][rng.below(7)];
            }
            5 => {
                // A run: what the pathological pages are made of, small.
                let piece = PIECES[rng.below(PIECES.len())].as_bytes();
                let at = rng.below(len + 1);
                let run: Vec<u8> = piece.repeat(1 + rng.below(200));
                bytes.splice(at..at, run);
            }
            _ => {
                let (a, b) = range(rng, len);
                let (c, d) = range(rng, len);
                if b <= c {
                    let second = bytes[c..d].to_vec();
                    let first = bytes[a..b].to_vec();
                    bytes.splice(c..d, first);
                    bytes.splice(a..b, second);
                }
            }
        }
    }
    bytes.truncate(256 * 1024);
    bytes
}

/// `at`, moved to the start of its line when `snap` (structure lives there).
fn line_start(bytes: &[u8], at: usize, snap: bool) -> usize {
    if !snap {
        return at;
    }
    bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1)
}

/// The files to mutate: every page and `book.toml` of the fixture, plus a
/// few pages of the project's own handbook copied in.
/// Runs of the default sequence, every one of them checked on this project's
/// machine with `DRILLBOOK_FUZZ_SECS` high enough to reach them all.
const MAX_RUNS: usize = 6000;

fn seeds(f: &Fixture) -> Vec<String> {
    let handbook = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut copied = 0;
    for entry in walkdir::WalkDir::new(&handbook).sort_by_file_name() {
        let entry = entry.unwrap();
        let is_page = entry.path().extension().is_some_and(|e| e == "md");
        if copied < 6 && is_page && entry.path().parent() != Some(&handbook) {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            // Its module may not exist in the fixture: put it under `debug`;
            // its links point at pages the fixture lacks: make them fragments.
            let text = text
                .lines()
                .filter(|l| !l.starts_with("module:"))
                .collect::<Vec<_>>()
                .join("\n")
                .replace("](", "](https://example.invalid/");
            f.write(&format!("content/debug/seed-{copied}.md"), text);
            copied += 1;
        }
    }
    let root = f.dir.path();
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            name.ends_with(".md") || name == "book.toml"
        })
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

/// What checking one mutated file found: `Ok` or every error.
type Checked = Result<(), Vec<drillbook::diagnostic::Diagnostic>>;

/// The fixture, loaded once, for the fast path: one page re-parsed, routed
/// with the others and rendered, as the full pipeline does it, without
/// loading the highlighter and theme again on every run.
struct Loaded {
    config: drillbook::config::Config,
    content: drillbook::content::Content,
    highlighter: drillbook::render::Highlighter,
}

impl Loaded {
    fn new(root: &Path) -> Self {
        let config = drillbook::config::load(root).unwrap();
        let content = drillbook::content::load(&config, true).unwrap();
        Loaded {
            config,
            content,
            highlighter: drillbook::render::Highlighter::default(),
        }
    }

    /// Checks page `rel` (under the root) holding `bytes` against the rest.
    fn check_page(&self, rel: &str, bytes: &[u8]) -> Checked {
        let in_content = rel.strip_prefix("content/").unwrap_or(rel);
        let page = drillbook::content::parse_page(&self.config, in_content, bytes)?;
        let mut pages: Vec<_> = self
            .content
            .pages
            .iter()
            .filter(|p| p.source.rel != in_content)
            .cloned()
            .collect();
        pages.push(std::sync::Arc::new(page.clone()));
        let content = drillbook::content::Content {
            pages,
            assets: self.content.assets.clone(),
            ..Default::default()
        };
        let routes = drillbook::site::Routes::new(&self.config, &content)?;
        drillbook::render::render_page(&page, &routes, &self.highlighter).map(|_| ())
    }
}

#[test]
fn mutated_pages_and_book_toml_never_panic_and_errors_keep_their_lines() {
    let secs = std::env::var("DRILLBOOK_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(45);
    let seed: u64 = std::env::var("DRILLBOOK_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x00f0_22ed_b00c);
    let f = Fixture::new("basic");
    let files = seeds(&f);
    let originals: Vec<Vec<u8>> = files
        .iter()
        .map(|r| std::fs::read(f.path(r)).unwrap())
        .collect();
    let options = drillbook::BuildOptions {
        root: f.dir.path().to_path_buf(),
        target: drillbook::Target::Check,
        drafts: true,
    };
    // The unmutated handbook checks clean, so every error below is the mutation's.
    if let Err(failure) = drillbook::build(&options) {
        let shown: Vec<String> = failure.errors.iter().map(|e| e.render(false)).collect();
        panic!("the seeds do not check clean:\n{}", shown.join("\n"));
    }
    let loaded = Loaded::new(f.dir.path());
    // Runs are bounded in number as well as time, so CI on a fast machine
    // replays the same known sequence a slow one has checked instead of
    // wandering into runs nobody has seen (`DRILLBOOK_FUZZ_RUNS` raises it
    // for a longer hunt by hand).
    let max_runs: usize = std::env::var("DRILLBOOK_FUZZ_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(MAX_RUNS);
    let deadline = Instant::now() + Duration::from_secs(secs);
    let (mut runs, mut failed, mut full) = (0, 0, 0);
    while Instant::now() < deadline && runs < max_runs {
        let mut rng = Rng(seed ^ (runs as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let which = rng.below(files.len());
        let rel = &files[which];
        let mutated = mutate(&mut rng, originals[which].clone());
        let shown = || {
            let text = String::from_utf8_lossy(&mutated);
            let cut: String = text.chars().take(3000).collect();
            format!("seed {seed}, run {runs}, `{rel}`:\n{cut}")
        };
        // One run in eight (and every `book.toml`) goes through the whole
        // pipeline, theme and search index included.
        let whole = rel == "book.toml" || runs % 8 == 0;
        let outcome = std::panic::catch_unwind(|| -> Checked {
            if whole {
                std::fs::write(f.path(rel), &mutated).unwrap();
                let result = drillbook::build(&options).map(|_| ()).map_err(|e| e.errors);
                std::fs::write(f.path(rel), &originals[which]).unwrap();
                result
            } else {
                loaded.check_page(rel, &mutated)
            }
        })
        .unwrap_or_else(|_| panic!("panic on {}", shown()));
        full += usize::from(whole);
        if let Err(errors) = outcome {
            failed += 1;
            let has_lines = !String::from_utf8_lossy(&mutated).trim().is_empty();
            for e in &errors {
                let rendered = e.render(false);
                assert!(rendered.starts_with("error: "), "{rendered}\n{}", shown());
                assert!(!e.span.path.is_empty(), "no file: {rendered}\n{}", shown());
                let about_this = e.span.path.ends_with(rel.as_str());
                let whole_file = WHOLE_FILE.iter().any(|w| e.message.starts_with(w));
                assert!(
                    !(about_this && has_lines && e.span.line == 0 && !whole_file),
                    "an error without its line: {rendered}\n{}",
                    shown()
                );
            }
        }
        runs += 1;
    }
    eprintln!("fuzz: {runs} runs ({full} whole builds) in {secs} s, {failed} with errors");
    assert!(runs >= 50, "only {runs} runs: too slow to fuzz anything");
    assert!(
        failed > runs / 20 && failed < runs,
        "{failed} of {runs} runs failed: the mutations no longer exercise both paths"
    );
}
