//! Publishing: with an absolute `base_url`, `sitemap.xml` lists every page
//! that is not a draft exactly once, every page has its canonical link, and
//! `404.html` resolves its styles and links from any depth; without one,
//! none of it is written. And the deploy examples in `docs/examples/` are
//! valid YAML whose commands exist.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{Fixture, run_in};
use percent_encoding::percent_decode_str;

const BASE: &str = "https://drills.example.com/book/";

fn with_base(base: &str) -> Fixture {
    let fixture = Fixture::new("basic");
    let toml = fixture.read("book.toml");
    fixture.write(
        "book.toml",
        toml.replacen("[book]\n", &format!("[book]\nbase_url = \"{base}\"\n"), 1),
    );
    fixture
}

/// Every folder of the built site holding an `index.html`, as a URL path
/// (`debug/rca/`, `` for the home page).
/// Every folder with an `index.html`, but the print pages (`print/`): they
/// repeat the pages for printing, so they are neither listed nor canonical.
fn page_dirs(out: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.expect("walk output"))
        .filter(|e| e.file_name() == "index.html")
        .filter(|e| !e.path().starts_with(out.join("print")))
        .map(|e| {
            let dir = e.path().parent().expect("in a folder");
            let rel = dir.strip_prefix(out).expect("inside");
            let rel = rel.to_string_lossy().replace('\\', "/");
            if rel.is_empty() {
                rel
            } else {
                format!("{rel}/")
            }
        })
        .collect()
}

/// The `<loc>`s of a sitemap, decoded and relative to `BASE`.
fn locs(xml: &str) -> Vec<String> {
    xml.split("<loc>")
        .skip(1)
        .map(|rest| {
            let loc = rest.split("</loc>").next().expect("closed");
            let rel = loc.strip_prefix(BASE).unwrap_or_else(|| panic!("{loc}"));
            percent_decode_str(rel).decode_utf8_lossy().into_owned()
        })
        .collect()
}

#[test]
fn the_sitemap_lists_every_page_once_and_no_draft() {
    let fixture = with_base(BASE.trim_end_matches('/'));
    let run = fixture.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = fixture.path("public");
    let xml = fixture.read("public/sitemap.xml");
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"));
    let listed = locs(&xml);
    let unique: BTreeSet<String> = listed.iter().cloned().collect();
    assert_eq!(
        unique.len(),
        listed.len(),
        "a page listed twice: {listed:#?}"
    );
    // Every page the site has (search and static hold no pages).
    assert_eq!(unique, page_dirs(&out));
    assert!(unique.contains("debug/只读 日志/"), "{unique:#?}");
    assert!(xml.contains("debug/%E5%8F%AA%E8%AF%BB%20%E6%97%A5%E5%BF%97/"));

    // A build that includes drafts writes the draft page, never lists it.
    let drafts = fixture.run(&["build", "--drafts", "-o", "with-drafts"]);
    assert_eq!(drafts.code, 0, "{}", drafts.stderr);
    assert!(
        fixture
            .path("with-drafts/debug/draft-idea/index.html")
            .is_file()
    );
    let with_drafts = fixture.read("with-drafts/sitemap.xml");
    assert!(!with_drafts.contains("draft-idea"), "{with_drafts}");
    assert_eq!(with_drafts, xml);
}

#[test]
fn every_page_names_its_canonical_url() {
    let fixture = with_base(BASE);
    assert_eq!(fixture.run(&["build"]).code, 0);
    let out = fixture.path("public");
    for dir in page_dirs(&out) {
        let html = std::fs::read_to_string(out.join(&dir).join("index.html")).expect("page");
        let href = html
            .split("<link rel=\"canonical\" href=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or_else(|| panic!("no canonical link in {dir}"));
        let rel = href.strip_prefix(BASE).expect("under the base");
        assert_eq!(
            percent_decode_str(rel).decode_utf8_lossy(),
            dir,
            "{dir}: {href}"
        );
        assert_eq!(html.matches("rel=\"canonical\"").count(), 1, "{dir}");
    }
    let not_found = fixture.read("public/404.html");
    assert!(!not_found.contains("rel=\"canonical\""));
}

/// A static host answers a missing `/book/a/b/c/` with `404.html`: every
/// style, script and link in it must resolve from there to a real file.
#[test]
fn the_404_page_resolves_from_any_depth() {
    let fixture = with_base(BASE);
    assert_eq!(fixture.run(&["build"]).code, 0);
    let html = fixture.read("public/404.html");
    let head = html
        .split("<meta charset=\"utf-8\">")
        .nth(1)
        .expect("charset first");
    assert!(
        head.trim_start()
            .starts_with(&format!("<base href=\"{BASE}\">")),
        "the <base> must come before any URL: {head}"
    );
    let mut checked = 0;
    for attr in [" href=\"", " src=\""] {
        for rest in html.split(attr).skip(1) {
            let value = rest.split('"').next().expect("closed");
            if value.starts_with("https://") || value.starts_with('#') || value.starts_with('/') {
                continue;
            }
            // Relative to the <base>, i.e. to the site root, at any depth.
            let file = value.split(['#', '?']).next().expect("a path");
            assert!(
                fixture.path("public").join(file).is_file(),
                "404.html: {value}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 4, "only {checked} relative URLs in 404.html");
}

#[test]
fn without_an_absolute_base_url_nothing_of_it_is_written() {
    for base in ["", "/", "/book/", "example.com"] {
        let fixture = with_base(base);
        assert_eq!(fixture.run(&["build"]).code, 0, "{base}");
        assert!(!fixture.path("public/sitemap.xml").exists(), "{base}");
        let home = fixture.read("public/index.html");
        assert!(!home.contains("rel=\"canonical\""), "{base}");
        assert!(
            !fixture.read("public/404.html").contains("<base "),
            "{base}"
        );
    }
}

/// The shell commands of a CI file: GitHub's `steps[].run` and GitLab's
/// `script` lists.
fn commands(value: &serde_yaml::Value, out: &mut Vec<String>) {
    match value {
        serde_yaml::Value::Mapping(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    (Some("run"), serde_yaml::Value::String(s)) => {
                        out.extend(s.lines().map(str::to_string));
                    }
                    (Some("script" | "before_script"), serde_yaml::Value::Sequence(items)) => {
                        out.extend(items.iter().filter_map(|i| i.as_str()).map(str::to_string));
                    }
                    _ => commands(v, out),
                }
            }
        }
        serde_yaml::Value::Sequence(items) => {
            for item in items {
                commands(item, out);
            }
        }
        _ => {}
    }
}

#[test]
fn the_deploy_examples_parse_and_call_commands_that_exist() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in [
        "docs/examples/github-pages.yml",
        "docs/examples/gitlab-ci.yml",
    ] {
        let text = std::fs::read_to_string(repo.join(file)).expect("example");
        let yaml: serde_yaml::Value =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let mut lines = Vec::new();
        commands(&yaml, &mut lines);
        let mut drillbook_calls = 0;
        let mut installs = 0;
        for line in &lines {
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                ["cargo", "install", rest @ ..] => {
                    installs += 1;
                    assert!(rest.contains(&"--locked"), "{file}: {line}");
                    let path = rest
                        .iter()
                        .position(|w| *w == "--path")
                        .and_then(|i| rest.get(i + 1))
                        .unwrap_or_else(|| panic!("{file}: {line}"));
                    assert!(
                        repo.join(path).join("Cargo.toml").is_file(),
                        "{file}: {line}"
                    );
                }
                ["drillbook", args @ ..] => {
                    drillbook_calls += 1;
                    let command: Vec<&str> = args
                        .iter()
                        .take_while(|a| !a.starts_with('-'))
                        .copied()
                        .collect();
                    let mut help_args = command.clone();
                    help_args.push("--help");
                    let help = run_in(repo, &help_args);
                    assert_eq!(help.code, 0, "{file}: `{line}` is not a command");
                    for option in args.iter().filter(|a| a.starts_with('-')) {
                        assert!(
                            help.stdout.contains(&format!("{option} ")),
                            "{file}: `{line}`: no option {option}"
                        );
                    }
                }
                _ => {}
            }
        }
        assert_eq!(installs, 1, "{file}: {lines:#?}");
        assert!(drillbook_calls >= 2, "{file}: {lines:#?}");
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("drillbook build --out public")),
            "{file} must build into the folder it publishes"
        );
    }
}
