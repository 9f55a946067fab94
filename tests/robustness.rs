//! Random pages built from the pieces authors type (fences, directives,
//! blanks, links, Chinese, odd whitespace): every build ends with pages or
//! diagnostics, never a panic. Deterministic: a fixed seed, no dependencies.

mod common;

use common::Fixture;

const PIECES: &[&str] = &[
    "\n",
    "\n\n",
    "::: zh\n",
    "::: answer\n",
    "::: rubric\n",
    ":::\n",
    "::::\n",
    ":::: answer\n",
    "::: template slack \"T\"\n",
    "::: template github \"标题\"\n",
    "::: template\n",
    "::: nope\n",
    "```bash\n",
    "```\n",
    "~~~\n",
    "    indented code\n",
    "- item\n",
    "1. task\n",
    "> quote\n",
    "{{node}}",
    "{{ .Values.x }}",
    "${{ secrets.T }}",
    "{{9}}",
    "[link](rca.md)",
    "[bad](missing.md)",
    "[up](../../x.md)",
    "![img](diagram.png)",
    "<div>",
    "</section>",
    "# Heading\n",
    "## 二级标题\n",
    "只读文件系统",
    "é",
    "\t",
    "`code`",
    "**bold**",
    "[^1]",
    "[^1]: note\n",
    "| a | b |\n|---|---|\n",
    "\u{feff}",
    "\r\n",
    "😀",
    "&amp;",
    "<!--drillbook:template:0-->",
    "\\",
    "`",
];

const PAGES: usize = 1000;

/// A tiny xorshift generator: reproducible without a crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % 1_000_003) as usize
    }
}

#[test]
fn random_pages_give_pages_or_diagnostics_never_a_panic() {
    let f = Fixture::new("basic");
    let mut rng = Rng(0x5eed_d811_b00c);
    for i in 0..PAGES {
        let mut body = String::new();
        for _ in 0..(rng.next() % 40) {
            body.push_str(PIECES[rng.next() % PIECES.len()]);
        }
        let page =
            format!("---\ntitle: random {i}\nplaceholders:\n  node: {{ label: N }}\n---\n{body}");
        f.write(&format!("content/debug/random-{i:03}.md"), page);
    }
    let options = drillbook::BuildOptions {
        root: f.dir.path().to_path_buf(),
        target: drillbook::Target::Check,
        drafts: false,
    };
    let result = std::panic::catch_unwind(|| drillbook::build(&options));
    let outcome = result.expect("no panic on random pages");
    let failure = outcome.expect_err("some random pages are broken");
    let broken: std::collections::BTreeSet<&str> = failure
        .errors
        .iter()
        .map(|e| e.span.path.as_str())
        .collect();
    // Both kinds must occur, or the pieces no longer exercise the renderer.
    assert!(
        broken.len() > PAGES / 10 && broken.len() < PAGES * 9 / 10,
        "{} of {PAGES} pages broken",
        broken.len()
    );
    for e in &failure.errors {
        assert!(
            e.span.path.contains("content/debug/random-"),
            "unexpected error: {e:?}"
        );
        let rendered = e.render(false);
        assert!(rendered.starts_with("error: "), "{rendered}");
    }
}
