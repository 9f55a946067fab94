//! Hardening, from the command line: which folders `build --out` may replace
//! (absent, empty or stamped; anything else only with `--force`; an input of
//! the handbook never), symlinked `--out`, leftovers of killed builds, and
//! reserved or scheme-like page names.

mod common;

use common::Fixture;

fn build_into(f: &Fixture, out: &str, extra: &[&str]) -> common::Run {
    let mut args = vec!["build", "--out", out];
    args.extend_from_slice(extra);
    f.run(&args)
}

#[test]
fn an_absent_then_stamped_output_is_replaced() {
    let f = Fixture::new("basic");
    let run = build_into(&f, "site", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        f.path("site/.drillbook").is_file(),
        "every build stamps its output"
    );
    f.write("site/stale.html", "from an earlier build");
    let run = build_into(&f, "site", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!f.path("site/stale.html").exists());
    assert!(f.path("site/index.html").is_file());
}

#[test]
fn an_empty_output_folder_is_used() {
    let f = Fixture::new("basic");
    std::fs::create_dir(f.path("site")).unwrap();
    let run = build_into(&f, "site", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(f.path("site/index.html").is_file());
}

#[test]
fn a_foreign_folder_is_refused_without_force_and_replaced_with_it() {
    let f = Fixture::new("basic");
    f.write("thesis/chapter1.tex", "years of work");
    let run = build_into(&f, "thesis", &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "error: refusing to build into `thesis`: it is not empty and has no `.drillbook` stamp from an earlier build (it holds `chapter1.tex`)"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("pass `--force`"), "{}", run.stderr);
    assert_eq!(f.read("thesis/chapter1.tex"), "years of work");
    assert!(!f.path("thesis/index.html").exists());

    let run = build_into(&f, "thesis", &["--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!f.path("thesis/chapter1.tex").exists());
    assert!(f.path("thesis/.drillbook").is_file());
}

#[test]
fn inputs_are_refused_even_with_force() {
    let f = Fixture::new("basic");
    std::fs::create_dir_all(f.path(".git/objects")).unwrap();
    f.write(".git/HEAD", "ref: refs/heads/main\n");
    f.write("themes/default/templates/page.html", "x");
    let before = common::snapshot(f.dir.path());
    let cases = [
        (".", "it is the handbook folder"),
        ("..", "it contains the handbook folder"),
        ("content", "it is the content folder"),
        ("content/debug", "it is inside the content folder"),
        ("static", "it is the handbook's `static/` folder"),
        ("static/sub", "it is inside the handbook's `static/` folder"),
        ("themes", "it is the handbook's `themes/` folder"),
        (".git", "it is the handbook's `.git` folder"),
        (".git/objects", "it is inside the handbook's `.git` folder"),
    ];
    for (out, why) in cases {
        for extra in [&[][..], &["--force"][..]] {
            let run = build_into(&f, out, extra);
            assert_eq!(run.code, 1, "--out {out} {extra:?}: {}", run.stderr);
            let want = format!("error: refusing to build into `{out}`: {why}");
            assert!(run.stderr.contains(&want), "want {want}\n{}", run.stderr);
        }
    }
    assert!(
        before == common::snapshot(f.dir.path()),
        "a refused build changes nothing"
    );
}

#[cfg(unix)]
#[test]
fn a_symlinked_out_is_judged_by_its_target() {
    use std::os::unix::fs::symlink;
    let f = Fixture::new("basic");
    symlink(f.path("static"), f.path("to-static")).unwrap();
    let run = build_into(&f, "to-static", &["--force"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("refusing to build into `to-static`: it is the handbook's `static/` folder"),
        "{}",
        run.stderr
    );
    assert!(f.path("static/robots.txt").is_file());

    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("keys.txt"), "secret").unwrap();
    symlink(other.path(), f.path("to-other")).unwrap();
    let run = build_into(&f, "to-other", &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("it is not empty"), "{}", run.stderr);
    assert!(other.path().join("keys.txt").is_file());

    // A link to drillbook's own output is followed: the target is replaced,
    // the link stays a link.
    let site = tempfile::tempdir().unwrap();
    let target = site.path().join("public");
    symlink(&target, f.path("to-site")).unwrap();
    assert_eq!(build_into(&f, "to-site", &[]).code, 0);
    assert_eq!(build_into(&f, "to-site", &[]).code, 0);
    assert!(target.join("index.html").is_file() && target.join(".drillbook").is_file());
    assert!(
        std::fs::symlink_metadata(f.path("to-site"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn leftovers_of_killed_builds_are_removed_by_the_next_build() {
    let f = Fixture::new("basic");
    // A pid above the kernel's maximum: that process is certainly gone.
    let dead = f.path(".site.staging-4999999");
    f.write(".site.staging-4999999/.drillbook", "");
    f.write(".site.staging-4999999/index.html", "half a build");
    let foreign = f.path(".site.staging-4999998");
    f.write(".site.staging-4999998/notes.txt", "not drillbook's");
    let run = build_into(&f, "site", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !dead.exists(),
        "a stamped leftover of a dead build is removed"
    );
    assert!(foreign.exists(), "an unstamped folder is never removed");
}

#[test]
fn output_of_a_build_from_before_the_stamp_is_still_ours() {
    let f = Fixture::new("basic");
    f.write("public/index.html", "old site");
    f.write("public/static/drillbook.js", "old script");
    let run = f.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(f.path("public/.drillbook").is_file());
}
