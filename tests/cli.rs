//! The command line's conventions, run as the real binary: `--version`, the
//! short flags in every subcommand's `--help`, `clean`, `completions`, the
//! next command printed by `init` and `new`, `new template --format` and
//! `title_zh`, and one `error:` per error line.

mod common;

use common::{Fixture, run_in};

#[test]
fn version_prints_the_crate_version() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = run_in(dir.path(), &["--version"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        format!("drillbook {}\n", env!("CARGO_PKG_VERSION"))
    );
}

/// Each subcommand's `--help` shows the short forms mdBook and Zola users
/// type, the same letter for the same option everywhere.
#[test]
fn short_flags_are_consistent_in_every_help() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases: &[(&[&str], &[&str])] = &[
        (&["build"], &["-r, --root <DIR>", "-o, --out <DIR>"]),
        (&["check"], &["-r, --root <DIR>"]),
        (
            &["serve"],
            &[
                "-r, --root <DIR>",
                "-p, --port <PORT>",
                "-i, --host <ADDR>",
                "[alias: --interface]",
                "-O, --open",
            ],
        ),
        (&["new"], &["-r, --root <DIR>", "-f, --format <FORMAT>"]),
        (&["clean"], &["-r, --root <DIR>", "-o, --out <DIR>"]),
        (
            &["export", "anki"],
            &["-r, --root <DIR>", "-o, --out <FILE>"],
        ),
    ];
    for (command, expected) in cases {
        let mut args = command.to_vec();
        args.push("--help");
        let run = run_in(dir.path(), &args);
        assert_eq!(run.code, 0, "{command:?}");
        for flag in *expected {
            assert!(
                run.stdout.contains(flag),
                "{command:?} lacks {flag}:\n{}",
                run.stdout
            );
        }
    }
}

#[test]
fn interface_is_an_alias_of_host() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A bad address shows which option parsed it, without starting a server.
    for flag in ["--interface", "-i", "--host"] {
        let run = run_in(dir.path(), &["serve", flag, "not-an-ip"]);
        assert_eq!(run.code, 2, "{flag}");
        assert!(
            run.stderr.contains("invalid value 'not-an-ip'"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn completions_are_printed_for_bash_zsh_and_fish() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (shell, marker) in [
        ("bash", "complete -F _drillbook"),
        ("zsh", "#compdef drillbook"),
        ("fish", "complete -c drillbook"),
    ] {
        let run = run_in(dir.path(), &["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains(marker), "{shell}:\n{}", run.stdout);
        for word in ["serve", "export", "interface", "root", "completions"] {
            assert!(run.stdout.contains(word), "{shell} lacks {word}");
        }
    }
    let bad = run_in(dir.path(), &["completions", "tcsh"]);
    assert_eq!(bad.code, 2);
}

#[test]
fn clean_removes_the_output_and_leftovers_but_not_a_foreign_folder() {
    let fixture = Fixture::new("basic");
    assert_eq!(fixture.run(&["build"]).code, 0);
    assert_eq!(fixture.run(&["build", "-o", "site"]).code, 0);
    // A staging folder left by a killed build (its process is long gone;
    // builds stamp their staging folders first) and the cache. An unstamped
    // folder of the same shape is not drillbook's and stays.
    fixture.write(".public.staging-999999999/.drillbook", "");
    fixture.write(".public.staging-999999999/index.html", "half");
    fixture.write(".public.staging-999999998/notes.txt", "mine");
    fixture.write(".drillbook-cache/pages.bin", "cache");
    let run = fixture.run(&["clean"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!fixture.path("public").exists());
    assert!(!fixture.path(".public.staging-999999999").exists());
    assert!(
        fixture
            .path(".public.staging-999999998/notes.txt")
            .is_file()
    );
    assert!(!fixture.path(".drillbook-cache").exists());
    assert!(run.stdout.contains("removed "), "{}", run.stdout);
    assert!(
        fixture.path("site/index.html").is_file(),
        "only the named output"
    );
    assert_eq!(fixture.run(&["clean", "--out", "site"]).code, 0);
    assert!(!fixture.path("site").exists());
    assert_eq!(fixture.run(&["clean"]).stdout, "nothing to remove\n");
    fixture.write("notes/thesis.md", "mine");
    let foreign = fixture.run(&["clean", "-o", "notes"]);
    assert_eq!(foreign.code, 1);
    assert!(
        foreign
            .stderr
            .starts_with("error: refusing to remove `notes`"),
        "{}",
        foreign.stderr
    );
    assert_eq!(fixture.read("notes/thesis.md"), "mine");
    let content = fixture.run(&["clean", "-o", "content"]);
    assert_eq!(content.code, 1);
    assert!(fixture.path("content").is_dir());
}

#[test]
fn init_and_new_end_with_the_next_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    let init = run_in(dir.path(), &["init", "hb"]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    assert!(init.stdout.starts_with("hb/book.toml\n"), "{}", init.stdout);
    assert_eq!(init.stderr, "next: drillbook serve --root hb --open\n");
    let new = run_in(
        dir.path(),
        &["new", "drill", "debug", "Disk full", "-r", "hb"],
    );
    assert_eq!(new.code, 0, "{}", new.stderr);
    assert_eq!(new.stdout, "hb/content/debug/disk-full.md\n");
    assert_eq!(
        new.stderr,
        "next: edit `hb/content/debug/disk-full.md`, and watch it with `drillbook serve --root hb --open`\n"
    );
}

#[test]
fn new_template_takes_a_format_and_every_skeleton_has_title_zh() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert_eq!(run_in(dir.path(), &["init", "hb"]).code, 0);
    for format in ["slack", "github", "markdown", "email", "text"] {
        let title = format!("A {format} template");
        let run = run_in(
            dir.path(),
            &[
                "new",
                "template",
                "expression",
                &title,
                "-r",
                "hb",
                "--format",
                format,
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let text = std::fs::read_to_string(dir.path().join(run.stdout.trim())).expect("page");
        assert!(
            text.contains(&format!("::: template {format} \"{title}\"")),
            "{text}"
        );
        assert!(text.contains("\ntitle_zh: "), "{text}");
    }
    // Without --format and without a terminal, a template is a Slack message.
    let plain = run_in(
        dir.path(),
        &["new", "template", "debug", "Heads up", "-r", "hb"],
    );
    let text = std::fs::read_to_string(dir.path().join(plain.stdout.trim())).expect("page");
    assert!(text.contains("::: template slack \"Heads up\""), "{text}");
    let zh = run_in(
        dir.path(),
        &[
            "new",
            "guide",
            "debug",
            "Triage",
            "--title-zh",
            "分诊",
            "-r",
            "hb",
        ],
    );
    let text = std::fs::read_to_string(dir.path().join(zh.stdout.trim())).expect("page");
    assert!(text.contains("\ntitle_zh: \"分诊\"\n"), "{text}");
    let check = run_in(dir.path(), &["check", "--deny-warnings", "-r", "hb"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let bad = run_in(
        dir.path(),
        &[
            "new", "template", "debug", "X", "-r", "hb", "--format", "slak",
        ],
    );
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("a similar value exists: 'slack'"),
        "{}",
        bad.stderr
    );
}

/// Every line that reports an error starts with `error:`, and says it once.
#[test]
fn each_error_line_says_error_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases: &[&[&str]] = &[
        &["new", "drill", "debug", "X"],
        &["build"],
        &["check"],
        &["clean"],
        &["export", "anki"],
        &["build", "--bogus"],
    ];
    for args in cases {
        let run = run_in(dir.path(), args);
        assert_ne!(run.code, 0, "{args:?}");
        assert!(
            run.stderr.starts_with("error: "),
            "{args:?}: {}",
            run.stderr
        );
        for line in run.stderr.lines() {
            assert!(line.matches("error:").count() <= 1, "{args:?}: {line}");
            if line.contains("error:") {
                assert!(line.starts_with("error: "), "{args:?}: {line}");
            }
        }
        if args.last() != Some(&"--bogus") {
            assert!(
                run.stderr.contains("drillbook init"),
                "{args:?}: {}",
                run.stderr
            );
        }
    }
}

/// On a terminal, `new template` without `--format` asks, and suggests the
/// format a typo was close to. `script` (util-linux) gives it a terminal.
#[test]
fn new_template_asks_for_its_format_on_a_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert_eq!(run_in(dir.path(), &["init", "hb"]).code, 0);
    let command = format!(
        "{} new template debug Asked -r hb",
        env!("CARGO_BIN_EXE_drillbook")
    );
    let mut child = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("util-linux `script` runs");
    use std::io::Write;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"gith\nmarkdown\n")
        .expect("answers");
    let out = child.wait_with_output().expect("script ends");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{shown}");
    assert!(
        shown.contains("Template format (slack, github, markdown, email, text) [slack]: "),
        "{shown}"
    );
    assert!(
        shown.contains("error: unknown format `gith`; did you mean `github`?"),
        "{shown}"
    );
    let page = std::fs::read_to_string(dir.path().join("hb/content/debug/asked.md")).expect("page");
    assert!(page.contains("::: template markdown \"Asked\""), "{page}");
}

/// The bash script really completes: loaded into bash, it offers `serve`
/// for `ser`, `--interface` for `--int`, and the kinds after `new`.
#[test]
fn the_bash_completion_script_completes_commands_options_and_kinds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = dir.path().join("drillbook.bash");
    std::fs::write(&script, run_in(dir.path(), &["completions", "bash"]).stdout).expect("script");
    let complete = |words: &[&str]| {
        let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
        let program = format!(
            "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; _drillbook drillbook '{}' '{}'; echo \"${{COMPREPLY[@]}}\"",
            script.display(),
            quoted.join(" "),
            words.len() - 1,
            words[words.len() - 1],
            words[words.len() - 2],
        );
        let out = std::process::Command::new("bash")
            .args(["-c", &program])
            .output()
            .expect("bash runs");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    assert_eq!(complete(&["drillbook", "ser"]), "serve");
    assert_eq!(complete(&["drillbook", "serve", "--int"]), "--interface");
    let kinds = complete(&["drillbook", "new", ""]);
    for kind in ["drill", "template", "guide"] {
        assert!(kinds.split(' ').any(|w| w == kind), "{kinds}");
    }
}
