//! `drillbook new` and `drillbook init`, run as the real binary: what they
//! write, that it passes `check --deny-warnings`, and what they refuse.

#![allow(
    clippy::unwrap_used,
    reason = "a failing step of a test helper should panic the test"
)]

use std::path::Path;
use std::process::{Command, Output};

fn drillbook(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_drillbook"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn init_in(tmp: &Path) -> std::path::PathBuf {
    let book = tmp.join("book");
    let out = drillbook(&["init", "book"], tmp);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    book
}

#[test]
fn init_writes_a_handbook_that_checks_and_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let book = init_in(tmp.path());
    let toml = std::fs::read_to_string(book.join("book.toml")).unwrap();
    for id in ["debug", "code-review", "expression", "system-design"] {
        assert!(toml.contains(&format!("id = \"{id}\"")), "{id}");
    }
    let drill = std::fs::read_to_string(book.join("content/debug/sample-drill.md")).unwrap();
    for directive in ["::: zh", "::: answer", "::: rubric", "::: template"] {
        assert!(drill.contains(directive), "{directive}");
    }
    let check = drillbook(&["check", "--deny-warnings", "--root", "book"], tmp.path());
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let build = drillbook(&["build", "--root", "book", "--out", "site"], tmp.path());
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    assert!(
        tmp.path()
            .join("site/debug/sample-drill/index.html")
            .is_file()
    );
}

#[test]
fn init_refuses_a_non_empty_folder_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let out = drillbook(&["init", "."], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is not empty; refusing"),
        "{}",
        stderr(&out)
    );
    assert!(!tmp.path().join("book.toml").exists());
    let forced = drillbook(&["init", ".", "--force"], tmp.path());
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn new_pages_of_every_kind_pass_check() {
    let tmp = tempfile::tempdir().unwrap();
    let book = init_in(tmp.path());
    let cases = [
        (
            "drill",
            "debug",
            "Disk full on /var",
            "content/debug/disk-full-on-var.md",
        ),
        (
            "template",
            "code-review",
            "PR 评论模板",
            "content/code-review/pr-评论模板.md",
        ),
        (
            "guide",
            "system-design",
            "成本",
            "content/system-design/成本.md",
        ),
    ];
    for (kind, module, title, rel) in cases {
        let out = drillbook(&["new", kind, module, title, "--root", "book"], tmp.path());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(stdout(&out).trim().ends_with(rel), "{}", stdout(&out));
        assert!(book.join(rel).is_file(), "{rel}");
    }
    let drill = std::fs::read_to_string(book.join(cases[0].3)).unwrap();
    for part in [
        "## Scenario",
        "## Tasks",
        "1. ",
        "::: zh",
        "::: answer",
        "::: rubric",
    ] {
        assert!(drill.contains(part), "{part}");
    }
    let check = drillbook(&["check", "--deny-warnings", "--root", "book"], tmp.path());
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn new_refuses_to_overwrite() {
    let tmp = tempfile::tempdir().unwrap();
    let book = init_in(tmp.path());
    let args = ["new", "drill", "debug", "Same title", "--root", "book"];
    assert_eq!(drillbook(&args, tmp.path()).status.code(), Some(0));
    let path = book.join("content/debug/same-title.md");
    std::fs::write(&path, "my edits").unwrap();
    let again = drillbook(&args, tmp.path());
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already exists; refusing to overwrite"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "my edits");
}

#[test]
fn new_lists_the_valid_kinds_and_modules() {
    let tmp = tempfile::tempdir().unwrap();
    init_in(tmp.path());
    // The kind is a closed set clap checks: a usage error (exit 2) that
    // lists the kinds and suggests the close one.
    let kind = drillbook(&["new", "dril", "debug", "X", "--root", "book"], tmp.path());
    assert_eq!(kind.status.code(), Some(2));
    let text = stderr(&kind);
    assert!(
        text.starts_with("error: invalid value 'dril' for '<KIND>'\n  [possible values: drill, template, guide]\n"),
        "{text}"
    );
    assert!(
        text.contains("tip: a similar value exists: 'drill'"),
        "{text}"
    );
    let module = drillbook(
        &["new", "drill", "debugg", "X", "--root", "book"],
        tmp.path(),
    );
    assert_eq!(module.status.code(), Some(1));
    assert_eq!(
        stderr(&module).trim(),
        "error: unknown module `debugg`: expected `debug`, `code-review`, `expression` or `system-design`\n  = help: did you mean `debug`?"
    );
    let far = drillbook(&["new", "drill", "zzz", "X", "--root", "book"], tmp.path());
    assert!(!stderr(&far).contains("did you mean"), "{}", stderr(&far));
}
