//! What of the handbook reaches the site: one rule for `build`, `check` and
//! `serve` (they share the build driver's walk). A symlink out of the
//! handbook is skipped with the same warning by all three (an error under
//! `check --deny-warnings`); one inside is followed, a loop is reported;
//! a handbook file may not land on a path the site generates.

#![cfg(unix)]
#![allow(
    clippy::unwrap_used,
    reason = "a failing step of a test helper should panic the test"
)]

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::Fixture;

/// The first line of each `warning:` in `stderr`.
fn warnings(stderr: &str) -> Vec<String> {
    let mut found: Vec<String> = stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .map(str::to_string)
        .collect();
    found.sort();
    found
}

/// Runs `serve` until its first build is reported; returns its warnings.
fn serve_warnings(fixture: &Fixture) -> Vec<String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_drillbook"))
        .args(["serve", "--port", "0", "--root", "."])
        .current_dir(fixture.dir.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    // The first build's warnings are printed before serve says it listens.
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let listening = stdout
        .lines()
        .map_while(Result::ok)
        .any(|l| l.starts_with("Serving on"));
    let _ = child.kill();
    let _ = child.wait();
    assert!(listening, "serve never listened");
    let mut lines = String::new();
    while let Ok(line) = rx.recv_timeout(Duration::from_secs(5)) {
        lines.push_str(&line);
        lines.push('\n');
    }
    warnings(&lines)
}

#[test]
fn build_check_and_serve_skip_a_symlink_out_of_the_handbook_alike() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "TOP-SECRET").unwrap();
    std::fs::create_dir(outside.path().join("keys")).unwrap();
    std::fs::write(outside.path().join("keys/id_ed25519"), "PRIVATE").unwrap();
    let fixture = Fixture::new("basic");
    let link = |target: &std::path::Path, at: &str| {
        std::os::unix::fs::symlink(target, fixture.path(at)).unwrap();
    };
    link(&outside.path().join("secret.txt"), "content/debug/leak.txt");
    std::fs::create_dir_all(fixture.path("static")).unwrap();
    link(&outside.path().join("keys"), "static/keys");

    let build = fixture.run(&["build", "--root", "."]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let expected = vec![
        format!(
            "warning: skipped `content/debug/leak.txt`: a symlink to `{}`, outside the handbook",
            outside
                .path()
                .canonicalize()
                .unwrap()
                .join("secret.txt")
                .display()
        ),
        format!(
            "warning: skipped `static/keys`: a symlink to `{}`, outside the handbook",
            outside
                .path()
                .canonicalize()
                .unwrap()
                .join("keys")
                .display()
        ),
    ];
    assert_eq!(warnings(&build.stderr), expected, "{}", build.stderr);
    let site = common::snapshot(&fixture.path("public"));
    for (path, bytes) in &site {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("TOP-SECRET") && !text.contains("PRIVATE"),
            "{} leaked",
            path.display()
        );
    }
    assert!(!fixture.path("public/debug/leak.txt").exists());

    let check = fixture.run(&["check", "--root", "."]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert_eq!(warnings(&check.stderr), expected);
    let denied = fixture.run(&["check", "--root", ".", "--deny-warnings"]);
    assert_eq!(denied.code, 1, "{}", denied.stderr);

    assert_eq!(serve_warnings(&fixture), expected);
}

#[test]
fn a_symlink_inside_the_handbook_is_followed_and_a_loop_is_reported() {
    let fixture = Fixture::new("basic");
    fixture.write("shared/diagram.txt", "DIAGRAM");
    std::os::unix::fs::symlink(
        fixture.path("shared/diagram.txt"),
        fixture.path("content/debug/diagram.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(fixture.path("content"), fixture.path("content/debug/again"))
        .unwrap();
    let build = fixture.run(&["build", "--root", "."]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert_eq!(fixture.read("public/debug/diagram.txt"), "DIAGRAM");
    assert_eq!(
        warnings(&build.stderr),
        vec!["warning: skipped `content/debug/again`: a symlink loop".to_string()],
        "{}",
        build.stderr
    );
}

#[test]
fn handbook_files_cannot_overwrite_generated_ones() {
    let fixture = Fixture::new("basic");
    fixture.write("content/index.html", "MINE");
    fixture.write("static/static/drillbook.js", "MINE");
    let before = fixture.run(&["build", "--root", "."]);
    assert_eq!(before.code, 1, "{}", before.stderr);
    for want in [
        "error: `content/index.html` would overwrite the generated page `index.html`",
        "error: `static/static/drillbook.js` would overwrite the theme's `static/drillbook.js`",
    ] {
        assert!(before.stderr.contains(want), "{want}\n{}", before.stderr);
    }
    assert!(!fixture.path("public").exists(), "a failed build wrote");
    let check = fixture.run(&["check", "--root", "."]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check
            .stderr
            .contains("would overwrite the generated page `index.html`")
    );
}
