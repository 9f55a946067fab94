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

/// Every `href` and `src` in `html` (attribute values, not unescaped).
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        for (at, _) in html.match_indices(attr) {
            let rest = &html[at + attr.len()..];
            out.push(rest[..rest.find('"').unwrap_or(rest.len())].to_string());
        }
    }
    out
}

#[test]
fn a_scheme_like_page_name_never_becomes_a_scheme_link() {
    let f = Fixture::new("basic");
    f.write(
        "content/javascript:alert(1).md",
        "---\ntitle: Named like a scheme\n---\n\nBody.\n",
    );
    f.write(
        "content/guide.md",
        "---\ntitle: Slug like a scheme\nslug: \"javascript:alert(2)\"\n---\n\nBody.\n",
    );
    let run = f.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut checked = 0;
    for page in [
        "public/index.html",
        "public/404.html",
        "public/tags/index.html",
    ] {
        for link in links(&f.read(page)) {
            assert!(
                !link.contains(':') || link.starts_with("./") || link.starts_with("../"),
                "{page}: `{link}` could run as a scheme"
            );
            checked += 1;
        }
    }
    assert!(checked > 10, "the pages hold links");
    let home = f.read("public/index.html");
    assert!(
        home.contains("href=\"./javascript:alert(1)/index.html\""),
        "{home}"
    );
    assert!(
        home.contains("href=\"./javascript:alert(2)/index.html\""),
        "{home}"
    );
    assert!(
        home.contains("data-root=\"./\""),
        "search results start from `./`"
    );
}

#[test]
fn reserved_and_impossible_page_names_fail_check_and_build_at_their_line() {
    let long = "a".repeat(256);
    let cases: Vec<(String, String, String)> = vec![
        (
            "content/static.md".into(),
            "---\ntitle: Static\n---\n".into(),
            "error: reserved or impossible page name `static`\n--> content/static.md".into(),
        ),
        (
            "content/debug/index.html.md".into(),
            "---\ntitle: Index\n---\n".into(),
            "error: reserved or impossible page name `index.html`\n--> content/debug/index.html.md"
                .into(),
        ),
        (
            "content/guide.md".into(),
            "---\ntitle: Review\nslug: Review\n---\n".into(),
            "error: reserved or impossible page name `Review`\n--> content/guide.md:3:7".into(),
        ),
        (
            "content/guide.md".into(),
            "---\ntitle: Tags\nslug: tags\n---\n".into(),
            "the site writes `tags` for the tag index".into(),
        ),
        (
            "content/guide.md".into(),
            "---\ntitle: Not found\nslug: 404.html\n---\n".into(),
            "--> content/guide.md:3:7".into(),
        ),
        (
            "content/guide.md".into(),
            "---\ntitle: Nul\nslug: \"a\\0b\"\n---\n".into(),
            "reserved or impossible page name `a\\0b`\n--> content/guide.md:3:7".into(),
        ),
        (
            "content/guide.md".into(),
            format!("---\ntitle: Long\nslug: {long}\n---\n"),
            "it is 256 bytes long; file names take at most 255".into(),
        ),
        (
            "content/debug/tagged.md".into(),
            format!("---\ntitle: Tagged\ntags:\n  - ok\n  - {long}\n---\n"),
            "error: tag too long for a folder name (256 bytes)\n--> content/debug/tagged.md:5:5"
                .into(),
        ),
        (
            // A flow list over two lines folds the tag's text, so the tag
            // as written is on no line: the error is at the `tags:` key
            // (found by the fuzz test).
            "content/debug/folded.md".into(),
            format!(
                "---\ntitle: Folded\ntags: [{}\n  {}]\n---\n",
                "a".repeat(150),
                "b".repeat(150)
            ),
            "error: tag too long for a folder name (301 bytes)\n--> content/debug/folded.md:3:1"
                .into(),
        ),
    ];
    for (rel, text, want) in cases {
        let f = Fixture::new("basic");
        f.write(&rel, &text);
        for command in ["check", "build"] {
            let run = f.run(&[command]);
            assert_eq!(run.code, 1, "{command} {rel}: {}", run.stderr);
            // `-->` is indented by the gutter's width, which depends on the line.
            let stderr = run.stderr.replace("\n -->", "\n-->");
            assert!(
                stderr.contains(&want),
                "{command} {rel}: want {want}\n{}",
                run.stderr
            );
        }
    }
}

#[test]
fn new_refuses_an_empty_title() {
    let f = Fixture::new("basic");
    let before = common::snapshot(f.dir.path());
    for title in ["", "   "] {
        let run = f.run(&["new", "drill", "debug", title]);
        assert_eq!(run.code, 1, "{:?}", run.stdout);
        assert!(
            run.stderr.starts_with("error: the title is empty"),
            "{}",
            run.stderr
        );
    }
    assert!(before == common::snapshot(f.dir.path()), "nothing written");
}

#[cfg(unix)]
#[test]
fn unreadable_and_non_utf8_named_assets_fail_check_and_build() {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::PermissionsExt;
    let f = Fixture::new("basic");
    let bad = f
        .path("content/debug")
        .join(std::ffi::OsStr::from_bytes(b"diagram-\xff.png"));
    std::fs::write(&bad, "png").unwrap();
    for command in ["check", "build"] {
        let run = f.run(&[command]);
        assert_eq!(run.code, 1, "{command}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("error: cannot read the file `content/debug/diagram-\u{FFFD}.png`"),
            "{command}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("its name is not valid UTF-8"),
            "{}",
            run.stderr
        );
    }
    std::fs::remove_file(&bad).unwrap();
    let locked = f.path("content/debug/locked.png");
    std::fs::write(&locked, "png").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        return; // Run as root: permissions do not stop reading.
    }
    for command in ["check", "build"] {
        let run = f.run(&[command]);
        assert_eq!(run.code, 1, "{command}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("cannot read the file `content/debug/locked.png`"),
            "{}",
            run.stderr
        );
    }
}
