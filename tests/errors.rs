//! Broken input: every class of bad content gives a clear error naming the
//! file and line (exit 1, nothing written), never a panic or a hang.

mod common;

use std::time::{Duration, Instant};

use common::Fixture;

/// Adds `file` with `text` to the basic handbook, builds, and returns stderr.
fn build_with(file: &str, text: &[u8]) -> String {
    let f = Fixture::new("basic");
    f.write(file, text);
    let run = f.run(&["build"]);
    assert_eq!(run.code, 1, "{file} should fail:\n{}", run.stderr);
    assert!(!f.path("public").exists(), "nothing may be written");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stderr
}

#[test]
fn each_class_of_bad_input_names_its_file_and_line() {
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "yaml syntax",
            "---\ntitle: [oops\n---\n",
            "--> content/debug/bad.md:2:8",
            "error: invalid YAML in front matter: a `[` list is never closed",
        ),
        (
            "tab indentation",
            "---\ntitle: x\nplaceholders:\n\tnode: {}\n---\n",
            "--> content/debug/bad.md:4:1",
            "tabs",
        ),
        (
            "unclosed front matter",
            "---\ntitle: x\n\nbody\n",
            "--> content/debug/bad.md:1:1",
            "error: the front matter is never closed",
        ),
        (
            "unknown key",
            "---\ntitle: x\ntitel: y\n---\n",
            "--> content/debug/bad.md:3:1",
            "help: did you mean `title`?",
        ),
        (
            "wrong type",
            "---\ntitle: x\ntags: 5\n---\n",
            "--> content/debug/bad.md:3:7",
            "expected a list of strings",
        ),
        (
            "unknown kind",
            "---\ntitle: x\nkind: quiz\n---\n",
            "--> content/debug/bad.md:3:7",
            "expected `drill`, `template` or `guide`",
        ),
        (
            "unknown module",
            "---\ntitle: x\nmodule: debugging\n---\n",
            "--> content/debug/bad.md:3:9",
            "`debug` or `code-review`",
        ),
        (
            "missing title",
            "---\nkind: drill\n---\n",
            "--> content/debug/bad.md:1:1",
            "error: missing `title` in front matter",
        ),
        (
            "empty file",
            "",
            "--> content/debug/bad.md",
            "error: the page is empty",
        ),
        (
            "broken link",
            "---\ntitle: x\n---\n\nSee [it](nowhere.md).\n",
            "--> content/debug/bad.md:5:10",
            "no page `debug/nowhere.md`",
        ),
        (
            "link to a draft",
            "---\ntitle: x\n---\n\n[d](draft-idea.md)\n",
            "--> content/debug/bad.md:5:5",
            "is a draft",
        ),
        (
            "unclosed directive",
            "---\ntitle: x\n---\n\n::: answer\ntext\n",
            "--> content/debug/bad.md:5:1",
            "`answer` directive is never closed",
        ),
        (
            "unknown directive",
            "---\ntitle: x\n---\n::: hint\nx\n:::\n",
            "--> content/debug/bad.md:4:5",
            "unknown directive `hint`",
        ),
        (
            "template without title",
            "---\ntitle: x\n---\n::: template slack\nx\n:::\n",
            "--> content/debug/bad.md:4:",
            "template has no title",
        ),
        (
            "template unknown format",
            "---\ntitle: x\n---\n::: template tweet \"T\"\nx\n:::\n",
            "--> content/debug/bad.md:4:",
            "`slack`, `github`, `markdown`, `email` or `text`",
        ),
        (
            "duplicate url",
            "---\ntitle: x\nslug: rca\n---\n",
            "--> content/debug/rca.md:1:1",
            "`debug/rca/` is already taken by `content/debug/bad.md:3`",
        ),
        (
            "wrong folder module",
            "---\ntitle: x\nmodule: code-review\n---\n",
            "--> content/debug/bad.md:3:9",
            "lives in `content/debug/`",
        ),
    ];
    for (name, text, location, message) in cases {
        let stderr = build_with("content/debug/bad.md", text.as_bytes());
        assert!(
            stderr.contains(location),
            "{name}: expected {location} in\n{stderr}"
        );
        assert!(
            stderr.contains(message),
            "{name}: expected {message} in\n{stderr}"
        );
    }
}

#[test]
fn a_file_that_is_not_utf8_names_its_line() {
    let stderr = build_with("content/debug/latin1.md", b"---\ntitle: caf\xe9\n---\n");
    assert!(
        stderr.contains("error: file is not valid UTF-8"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--> content/debug/latin1.md:2:11"),
        "{stderr}"
    );
}

#[test]
fn all_errors_are_reported_sorted_in_one_run() {
    let f = Fixture::new("basic");
    f.write("content/debug/c.md", "---\ntitle: c\nkind: nope\n---\n");
    f.write(
        "content/debug/a.md",
        "---\ntitle: a\n---\n[x](missing.md)\n",
    );
    f.write("content/code-review/b.md", "---\ntitel: b\n---\n");
    let run = f.run(&["build"]);
    assert_eq!(run.code, 1);
    let positions: Vec<usize> = [
        "content/code-review/b.md:2:1",
        "content/debug/a.md:4:5",
        "content/debug/c.md:3:7",
    ]
    .iter()
    .map(|at| {
        run.stderr
            .find(at)
            .unwrap_or_else(|| panic!("{at} missing in\n{}", run.stderr))
    })
    .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "not sorted:\n{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("error: 3 errors found; nothing was written\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn diagnostics_look_like_rustc() {
    let stderr = build_with(
        "content/debug/bad.md",
        b"---\ntitle: x\ntittle: Disk full on /var\n---\n",
    );
    let want = "error: unknown key `tittle` in front matter\n --> content/debug/bad.md:3:1\n  |\n3 | tittle: Disk full on /var\n  | ^^^^^^ expected one of `title`, `title_zh`, `kind`";
    assert!(stderr.contains(want), "{stderr}");
}

#[test]
fn book_toml_errors_have_line_and_column() {
    let f = Fixture::new("basic");
    f.write("book.toml", "[book]\ntitle = \"x\"\n[biuld]\n");
    let run = f.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("--> book.toml:3:2"), "{}", run.stderr);
    f.write("book.toml", "[book]\ntitle = \"x\n");
    let run = f.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("--> book.toml:2:"), "{}", run.stderr);
}

#[test]
fn a_folder_without_book_toml_suggests_init() {
    let dir = tempfile::tempdir().expect("tmp");
    let run = common::run_in(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("no `book.toml` in the current directory"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("drillbook init"), "{}", run.stderr);
}

#[test]
fn usage_errors_exit_2() {
    let f = Fixture::new("basic");
    assert_eq!(f.run(&["build", "--nope"]).code, 2);
    assert_eq!(f.run(&["frobnicate"]).code, 2);
}

#[test]
fn an_output_over_the_handbook_is_refused() {
    let f = Fixture::new("basic");
    for out in [".", "content", "content/debug", ".."] {
        let run = f.run(&["build", "--out", out]);
        assert_eq!(run.code, 1, "--out {out}");
        assert!(
            run.stderr.contains("refusing to build into"),
            "{}",
            run.stderr
        );
    }
    assert!(f.path("content/debug/rca.md").is_file());
}

#[test]
fn warnings_do_not_fail_a_build_but_deny_warnings_does() {
    let f = Fixture::new("basic");
    f.write("content/debug/warn.md", "---\ntitle: w\nplaceholders:\n  unused: { label: U }\n---\n::: template text \"T\"\n{{who}}\n:::\n");
    let run = f.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning: blank `{{who}}` has no `placeholders` entry\n --> content/debug/warn.md:7:1"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("warning: placeholder `unused` is not used by any template on this page\n --> content/debug/warn.md:4:1"), "{}", run.stderr);
    assert!(
        run.stderr.contains("warning: drill has no `::: answer`"),
        "{}",
        run.stderr
    );
    let run = f.run(&["check", "--deny-warnings"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: 3 warnings denied by --deny-warnings"),
        "{}",
        run.stderr
    );
}

/// Inputs that are odd but valid, or huge: they build, quickly, without panics.
#[test]
fn pathological_input_never_panics_or_hangs() {
    let f = Fixture::new("basic");
    let big = format!(
        "---\ntitle: big\nkind: guide\n---\n{}",
        "Some words about EBS volumes and `iostat -x`.\n\n".repeat(70_000)
    );
    assert!(big.len() > 3_000_000);
    f.write("content/debug/big.md", big);
    f.write(
        "content/debug/nested.md",
        format!(
            "---\ntitle: nested\nkind: guide\n---\n{}deep\n",
            ">".repeat(10_000)
        ),
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink("..", f.path("content/debug/loop")).expect("symlink");
    let started = Instant::now();
    let run = f.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(started.elapsed() < Duration::from_secs(60));
    assert!(f.path("public/debug/big/index.html").is_file());
    assert!(f.path("public/debug/nested/index.html").is_file());
    #[cfg(unix)]
    assert!(run.stderr.contains("symlink loop"), "{}", run.stderr);
}

#[test]
fn a_zero_byte_file_is_an_error_not_a_panic() {
    let stderr = build_with("content/code-review/empty.md", b"");
    assert!(
        stderr.contains("error: the page is empty\n--> content/code-review/empty.md"),
        "{stderr}"
    );
}

/// Pages that used to take time growing with the square of their size
/// (issue 13): each finishes within a bound no quadratic pass could meet at
/// these sizes (50,000² steps are hours; a linear pass takes seconds even
/// in a debug build on a busy machine).
#[test]
fn pathological_pages_take_linear_time() {
    let guide = |body: String| format!("---\ntitle: big\nkind: guide\n---\n{body}");
    let cases: Vec<(&str, String, i32)> = vec![
        (
            "50,000 identical headings",
            guide("## Same\n\n".repeat(50_000)),
            0,
        ),
        (
            "50,000 templates with the same title",
            guide("::: template text \"Same\"\nx\n:::\n\n".repeat(50_000)),
            0,
        ),
        (
            "10 MB of `{{` in a template",
            guide(format!(
                "::: template text \"B\"\n{}}}}}\n:::\n",
                "{{".repeat(5_000_000)
            )),
            0,
        ),
        (
            "2 MB of nested `[[[` in front matter",
            format!("---\ntitle: {}\n---\n", "[".repeat(2_000_000)),
            1,
        ),
        (
            "50,000 nested `::: zh`",
            guide("::: zh\n".repeat(50_000) + &":::\n".repeat(50_000)),
            0,
        ),
    ];
    for (name, text, code) in cases {
        let f = Fixture::new("basic");
        f.write("content/debug/big.md", text);
        let started = Instant::now();
        let run = f.run(&["check"]);
        let took = started.elapsed();
        assert_eq!(run.code, code, "{name}:\n{}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
        assert!(took < Duration::from_secs(60), "{name} took {took:?}");
    }
}

/// Issue 13: locations are never dropped — a bad UTF-8 byte at column 1,
/// an empty first line and a control character in YAML each show their
/// own line and column with the line drawn.
#[test]
fn locations_are_never_dropped() {
    let cases: &[(&[u8], &str, &str)] = &[
        (
            b"---\ntitle: x\n\xffbad\n---\n",
            "--> content/debug/bad.md:3:1\n",
            "3 | \u{fffd}bad",
        ),
        (
            b"\n---\ntitle: x\n---\n",
            "--> content/debug/bad.md:1:1\n",
            "1 |",
        ),
        (
            b"---\ntitle: x\nkind: d\x07\n---\n",
            "--> content/debug/bad.md:3:8\n",
            "control character U+0007",
        ),
    ];
    for (text, at, shown) in cases {
        let stderr = build_with("content/debug/bad.md", text);
        assert!(stderr.contains(at), "{at}: {stderr}");
        assert!(stderr.contains(shown), "{shown}: {stderr}");
    }
}

/// Issue 11: three mistakes in one front matter, three errors in one run,
/// each at its own line.
#[test]
fn a_front_matter_with_three_typos_gives_three_errors() {
    let stderr = build_with(
        "content/debug/bad.md",
        b"---\ntittle: Disk full\nkind: dril\nlevel: seniour\n---\nBody\n",
    );
    for (at, what) in [
        ("bad.md:2:1", "unknown key `tittle` in front matter"),
        ("bad.md:3:7", "unknown kind `dril`"),
        ("bad.md:4:8", "unknown level `seniour`"),
    ] {
        assert!(
            stderr.contains(at) && stderr.contains(what),
            "{what}: {stderr}"
        );
    }
    assert!(stderr.contains("error: 3 errors found"), "{stderr}");
}
