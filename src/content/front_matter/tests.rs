//! Front matter tests: every error names the file's own line and column.

use std::path::PathBuf;

use super::*;
use crate::config::{Config, Lang, Module};

fn config() -> Config {
    let module = |id: &str| Module {
        id: id.into(),
        title: id.into(),
        title_zh: id.into(),
        description: String::new(),
    };
    Config {
        root: PathBuf::from("."),
        title: "t".into(),
        title_zh: "t".into(),
        description: String::new(),
        base_url: String::new(),
        language: Lang::En,
        content_dir: PathBuf::from("content"),
        output_dir: PathBuf::from("public"),
        theme: "default".into(),
        modules: vec![module("debug"), module("code-review")],
        search: true,
        raw_html: crate::config::RawHtml::Filter,
    }
}

fn parse_at(rel: &str, text: &str) -> Result<Page, Vec<Diagnostic>> {
    let source = SourceFile {
        rel: rel.into(),
        shown: format!("content/{rel}"),
        text: text.into(),
    };
    let module = rel.split_once('/').map(|(m, _)| m.to_string());
    parse(&config(), source, module)
}

/// The first error found (checks run in key order).
fn err(text: &str) -> Diagnostic {
    let mut errors = parse_at("debug/x.md", text).expect_err("should fail");
    errors.remove(0)
}

fn errs(text: &str) -> Vec<(usize, usize, String)> {
    parse_at("debug/x.md", text)
        .expect_err("should fail")
        .into_iter()
        .map(|e| (e.span.line, e.span.col, e.message))
        .collect()
}

#[test]
fn a_good_page_parses_with_its_body_line() {
    let page = parse_at("debug/x.md", "---\ntitle: 2024 outage\ntags: [ebs, 5]\nplaceholders:\n  node: { label: Node, example: 8080 }\n---\n# Body\n").unwrap();
    assert_eq!(page.fm.title, "2024 outage");
    assert_eq!(page.fm.tags, vec!["ebs", "5"]);
    assert_eq!(page.fm.kind, Kind::Drill);
    assert_eq!(page.body(), "# Body\n");
    assert_eq!(page.body_line, 7);
    assert_eq!(page.fm.placeholders["node"].example, "8080");
    assert_eq!(page.fm.placeholders["node"].line, 5);
}

#[test]
fn errors_name_the_files_own_line() {
    let cases: &[(&str, &str, usize, usize)] = &[
        (
            "---\ntitle: x\ntittle: y\n---\n",
            "unknown key `tittle` in front matter",
            3,
            1,
        ),
        (
            "---\ntitle: x\ntags: 5\n---\n",
            "wrong type for `tags` in front matter",
            3,
            7,
        ),
        (
            "---\ntitle: x\nkind: drll\n---\n",
            "unknown kind `drll`",
            3,
            7,
        ),
        (
            "---\ntitle: x\nmodule: debgu\n---\n",
            "unknown module `debgu`",
            3,
            9,
        ),
        (
            "---\ntitle: x\nmodule: code-review\n---\n",
            "lives in `content/debug/`",
            3,
            9,
        ),
        (
            "---\ntags: [a]\n---\n",
            "missing `title` in front matter",
            1,
            1,
        ),
        ("---\ntitle: x\n", "the front matter is never closed", 1, 1),
        ("# no front matter\n", "the page has no front matter", 1, 1),
        ("", "the page is empty", 0, 0),
        (
            "---\ntitle: x\nlevel: guru\n---\n",
            "unknown level `guru`",
            3,
            8,
        ),
        (
            "---\ntitle: x\nplaceholders:\n\tnode: {}\n---\n",
            "invalid YAML in front matter",
            4,
            1,
        ),
        (
            "---\ntitle: [x\n---\n",
            "invalid YAML in front matter",
            2,
            8,
        ),
        (
            "---\ntitle: x\norder: first\n---\n",
            "wrong type for `order` in front matter",
            3,
            8,
        ),
        (
            "---\ntitle: x\nplaceholders:\n  node: { lable: N }\n---\n",
            "unknown key `lable` in front matter",
            4,
            11,
        ),
        (
            "---\ntitle: x\nslug: a/b\n---\n",
            "invalid slug `a/b`",
            3,
            7,
        ),
    ];
    for (text, message, line, col) in cases {
        let e = err(text);
        assert!(e.message.contains(message), "{text:?}: {}", e.message);
        assert_eq!((e.span.line, e.span.col), (*line, *col), "{text:?}: {e:?}");
    }
}

#[test]
fn suggestions_and_expectations_are_spelled_out() {
    let e = err("---\ntitel: x\n---\n");
    assert_eq!(e.help, vec!["did you mean `title`?".to_string()]);
    let e = err("---\ntitle: x\nkind: drll\n---\n");
    assert_eq!(e.label, "expected `drill`, `template` or `guide`");
    let e = err("---\ntitle: x\nmodule: debgu\n---\n");
    assert!(e.label.contains("`debug` or `code-review`"), "{}", e.label);
    let e = err("---\ntitle: x\ntags: 5\n---\n");
    assert!(e.label.contains("a list of strings"), "{}", e.label);
}

#[test]
fn top_level_pages_must_be_guides() {
    assert_eq!(
        parse_at("how-to.md", "---\ntitle: x\n---\n")
            .unwrap()
            .fm
            .kind,
        Kind::Guide
    );
    let e = parse_at("how-to.md", "---\ntitle: x\nkind: drill\n---\n").unwrap_err()[0].clone();
    assert!(
        e.message.contains("cannot live at the top"),
        "{}",
        e.message
    );
}

#[test]
fn sources_are_titled_absolute_links() {
    let page = parse_at(
        "debug/x.md",
        "---\ntitle: x\nsources:\n  - title: Amazon EBS volume types\n    url: https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html\n  - { title: 2024, url: \"http://example.com\" }\n---\n",
    )
    .unwrap();
    assert_eq!(
        page.fm.sources,
        vec![
            Source {
                title: "Amazon EBS volume types".into(),
                url: "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html"
                    .into(),
            },
            Source {
                title: "2024".into(),
                url: "http://example.com".into(),
            },
        ]
    );
    assert!(
        parse_at("debug/x.md", "---\ntitle: x\n---\n")
            .unwrap()
            .fm
            .sources
            .is_empty()
    );
}

#[test]
fn bad_sources_name_the_entrys_line_and_column() {
    let cases: &[(&str, &str, &str, usize, usize)] = &[
        (
            "---\ntitle: x\nsources:\n  - title: A\n    url: https://a.example/\n  - title: B\n    url: docs/b.html\n---\n",
            "invalid source url `docs/b.html`",
            "absolute http(s) URL",
            7,
            10,
        ),
        (
            "---\ntitle: x\nsources:\n  - { title: A, url: \"ftp://a.example\" }\n---\n",
            "invalid source url `ftp://a.example`",
            "absolute http(s) URL",
            4,
            22,
        ),
        (
            "---\ntitle: x\nsources:\n  - title: A\n---\n",
            "a source has no `url`",
            "absolute http(s) URL",
            4,
            3,
        ),
        (
            "---\ntitle: x\nsources:\n  - url: https://a.example/\n---\n",
            "a source has no `title`",
            "{ title: …, url: https://… }",
            4,
            3,
        ),
        (
            "---\ntitle: x\nsources:\n  - title: A\n    link: https://a.example/\n---\n",
            "unknown key `link` in front matter",
            "`title` or `url`",
            5,
            5,
        ),
        (
            "---\ntitle: x\nsources:\n  - title: A\n    url: 5\n---\n",
            "invalid source url `5`",
            "absolute http(s) URL",
            5,
            10,
        ),
        (
            "---\ntitle: x\nsources: https://a.example/\n---\n",
            "wrong type for `sources` in front matter",
            "a list of `{ title: …, url: https://… }` entries",
            3,
            10,
        ),
    ];
    for (text, message, label, line, col) in cases {
        let e = err(text);
        assert!(e.message.contains(message), "{text:?}: {}", e.message);
        assert!(e.label.contains(label), "{text:?}: {}", e.label);
        assert_eq!((e.span.line, e.span.col), (*line, *col), "{text:?}: {e:?}");
    }
}

#[test]
fn every_error_of_a_front_matter_in_one_run() {
    let got = errs("---\ntittle: Disk full\nkind: dril\nlevel: seniour\ntags: 5\n---\n");
    let want = [
        (2, 1, "unknown key `tittle` in front matter"),
        (3, 7, "unknown kind `dril`"),
        (4, 8, "unknown level `seniour`"),
        (5, 7, "wrong type for `tags` in front matter"),
    ];
    for (line, col, message) in want {
        assert!(
            got.iter()
                .any(|(l, c, m)| (*l, *c) == (line, col) && m == message),
            "{message} at {line}:{col} in {got:?}"
        );
    }
    // The missing title is not reported on top of the misspelt key.
    assert_eq!(got.len(), 4, "{got:?}");
    let e = parse_at("debug/x.md", "---\ntittle: x\nkind: dril\n---\n").unwrap_err();
    assert_eq!(e[0].help, vec!["did you mean `title`?".to_string()]);
    assert_eq!(e[1].help, vec!["did you mean `drill`?".to_string()]);
}

#[test]
fn duplicates_are_reported_at_the_second_naming_the_first() {
    let got = errs(
        "---\ntitle: a\nplaceholders:\n  node: { label: N }\n  node: { label: M }\ntitle: b\nkind: quiz\n---\n",
    );
    assert_eq!(
        got,
        vec![
            (5, 3, "duplicate key `node` in `placeholders`".to_string()),
            (6, 1, "duplicate key `title` in front matter".to_string()),
            (7, 7, "unknown kind `quiz`".to_string()),
        ]
    );
}

#[test]
fn yaml_syntax_errors_point_at_the_offending_character() {
    let cases: &[(&str, usize, usize, &str)] = &[
        (
            "---\ntitle: x\ntags: [a, b\n---\n",
            3,
            7,
            "a `[` list is never closed",
        ),
        (
            "---\ntitle: \"x\n---\n",
            2,
            8,
            "a quoted value is never closed",
        ),
        ("---\ntitle: a: b\n---\n", 2, 9, "unexpected `:` in a value"),
        (
            "---\ntitle: @x\n---\n",
            2,
            8,
            "a value cannot start with `@`",
        ),
        (
            "---\ntitle: x\nkind: d\u{7}\n---\n",
            3,
            8,
            "a control character U+0007",
        ),
    ];
    for (text, line, col, message) in cases {
        let e = err(text);
        assert_eq!((e.span.line, e.span.col), (*line, *col), "{text:?}: {e:?}");
        assert!(e.message.contains(message), "{text:?}: {}", e.message);
        assert!(!e.message.contains("at line"), "{}", e.message);
    }
}

#[test]
fn messages_never_show_serde_internals() {
    let cases = [
        "---\ntitle: x\nplaceholders:\n  node: [1, 2]\n---\n",
        "---\ntitle: [a, b]\n---\n",
        "---\ntitle: x\nsources: [5]\n---\n",
        "---\n- a\n---\n",
        "---\ntitle: x\nplaceholders: 3\n---\n",
    ];
    for text in cases {
        for e in parse_at("debug/x.md", text).expect_err(text) {
            let all = format!("{} {}", e.message, e.label);
            for internal in ["untagged", "struct", "RawPlaceholder", "enum"] {
                assert!(!all.contains(internal), "{text:?}: {all}");
            }
        }
    }
}
