//! `drillbook build` on a good handbook: pages at pretty URLs, links
//! rewritten and relative, directives rendered, assets and static copied,
//! drafts left out, the previous output kept when a build fails.

mod common;

use common::{Fixture, snapshot};

fn built() -> Fixture {
    let f = Fixture::new("basic");
    let run = f.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("Built 5 pages in "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("→ public/"), "{}", run.stdout);
    f
}

/// The part of a page inside `<main>`, where content lives.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("has <main>");
    let end = html.find("</main>").expect("has </main>");
    &html[start..end]
}

#[test]
fn pages_land_at_pretty_urls_with_their_titles() {
    let f = built();
    for rel in [
        "index.html",
        "debug/index.html",
        "code-review/index.html",
        "tags/index.html",
        "tags/ebs/index.html",
        "404.html",
        "how-to/index.html",
        "debug/rca/index.html",
        "debug/只读 日志/index.html",
    ] {
        assert!(f.path(&format!("public/{rel}")).is_file(), "missing {rel}");
    }
    let page = f.read("public/debug/read-only-logs/index.html");
    assert!(page.contains(
        ">Containers crash writing logs on a read-only filesystem · Fixture handbook</title>"
    ));
    assert!(
        page.contains(r#"data-zh="容器写日志失败：只读文件系统 · 测试手册""#),
        "the title switches language"
    );
    assert!(page.contains(">Containers crash writing logs on a read-only filesystem</h1>"));
    assert!(page.starts_with("<!doctype html>\n<html lang=\"en\""));
    let home = f.read("public/index.html");
    // One of each: the singular, with the count for the browser's plural rules.
    let counts = r#"<span class="count">1</span> <span data-i18n="unit_drills" data-count="1">drill</span> · <span class="count">1</span> <span data-i18n="unit_templates" data-count="1">template</span> · <span class="count">1</span> <span data-i18n="unit_guides" data-count="1">guide</span>"#;
    assert!(
        home.contains("系统排障") && home.contains(counts),
        "{}",
        main_of(&home)
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let f = built();
    assert!(!f.path("public/debug/draft-idea").exists());
    assert!(f.run(&["build", "--drafts"]).code == 0);
    assert!(f.path("public/debug/draft-idea/index.html").is_file());
}

#[test]
fn links_are_rewritten_and_relative() {
    let f = built();
    let page = f.read("public/debug/read-only-logs/index.html");
    let main = main_of(&page);
    assert!(
        main.contains(r#"<a href="../rca/index.html#timeline">RCA template</a>"#),
        "{main}"
    );
    assert!(
        main.contains(r#"<a href="../../code-review/retry/index.html">the retry drill</a>"#),
        "{main}"
    );
    assert!(
        main.contains(r#"<img src="../diagram.png" alt="diagram" />"#),
        "{main}"
    );
    let guide = f.read("public/how-to/index.html");
    assert!(
        guide.contains(r#"href="../debug/%E5%8F%AA%E8%AF%BB%20%E6%97%A5%E5%BF%97/index.html""#),
        "{guide}"
    );
    assert!(
        guide.contains(r#"<h1 id="start">Start here</h1>"#),
        "{guide}"
    );
}

#[test]
fn every_link_the_site_writes_opens_a_file_from_disk() {
    let f = built();
    let out = f.path("public");
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).expect("read");
        for attr in ["href=\"", "src=\""] {
            for piece in html.split(attr).skip(1) {
                let target = piece.split('"').next().expect("quoted");
                if target.starts_with('#') || target.starts_with("http") {
                    continue;
                }
                assert!(
                    !target.starts_with('/'),
                    "absolute link {target} in {}",
                    entry.path().display()
                );
                let path = target.split(['#', '?']).next().expect("path");
                let decoded = percent_encoding::percent_decode_str(path)
                    .decode_utf8_lossy()
                    .into_owned();
                let resolved = entry.path().parent().expect("dir").join(&decoded);
                if path.ends_with("search.css") || path.ends_with("search.js") {
                    continue;
                }
                assert!(
                    resolved.is_file(),
                    "{target} from {} does not open a file",
                    entry.path().display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "only {checked} links checked");
}

#[test]
fn directives_render_as_marked_up_blocks() {
    let f = built();
    let page = f.read("public/debug/read-only-logs/index.html");
    let main = main_of(&page);
    assert_eq!(
        main.matches(r#"lang="zh-Hans" data-directive="zh""#)
            .count(),
        2,
        "{main}"
    );
    assert!(main.contains(r#"<section class="answer" id="answer-1""#));
    assert_eq!(
        main.matches(r#"type="checkbox" class="rubric-check""#)
            .count(),
        3,
        "{main}"
    );
    // A nested list closes the checkbox label first: no blocks inside <label>.
    assert!(
        main.contains("Mentions gp3 limits</span></label>\n<ul>"),
        "{main}"
    );
    assert!(
        main.contains("<code>::: not a directive\n</code>"),
        "{main}"
    );
    assert!(
        main.contains(r#"<span class="h4">dmesg</span>"#),
        "code is highlighted: {main}"
    );
    assert!(
        main.contains(r##"<sup class="footnote-reference"><a href="#kernel">1</a></sup>"##),
        "{main}"
    );
}

#[test]
fn templates_keep_their_text_verbatim() {
    let f = built();
    let page = f.read("public/debug/read-only-logs/index.html");
    assert!(page.contains(
        "<pre class=\"template-text\" data-template-text><code>Heads-up – containers on `<span class=\"blank\" data-blank=\"node\">{{node}}</span>` can&#39;t write logs.\n  Indented line stays.</code></pre>"
    ) || page.contains(
        "<pre class=\"template-text\" data-template-text><code>Heads-up – containers on `<span class=\"blank\" data-blank=\"node\">{{node}}</span>` can't write logs.\n  Indented line stays.</code></pre>"
    ), "{}", main_of(&page));
    assert!(page.contains(r#"placeholder="ip-10-0-3-17""#));
    let rca = f.read("public/debug/rca/index.html");
    assert!(rca.contains("${{ secrets.TOKEN }}") && rca.contains("{{ .Values.x }}"));
    assert!(
        rca.contains("<h1>") && rca.contains("data-template-preview"),
        "markdown templates get a preview"
    );
}

#[test]
fn sources_are_listed_at_the_foot_of_the_page() {
    let f = built();
    let page = f.read("public/debug/read-only-logs/index.html");
    let main = main_of(&page);
    let at = |needle: &str| {
        main.find(needle)
            .unwrap_or_else(|| panic!("{needle}: {main}"))
    };
    let (body, list, end) = (
        at("<div class=\"page-body\">"),
        at("<footer class=\"page-sources\">"),
        at("</article>"),
    );
    let foot = main
        .split("<footer class=\"page-sources\">")
        .nth(1)
        .expect("a sources footer");
    assert!(
        body < list && list < end && !main[body..list].contains("</article>"),
        "the list closes the article, after the body: {main}"
    );
    assert!(
        foot.contains(r#"<h2 id="page-sources" data-i18n="sources">Sources / 参考资料</h2>"#),
        "{foot}"
    );
    assert!(
        foot.contains(r#"<li><a href="https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html" rel="external noopener">Amazon EBS volume types</a></li>"#),
        "{foot}"
    );
    assert!(
        foot.contains(
            r#"href="https://www.kernel.org/doc/html/latest/admin-guide/ext4.html?a=1&amp;b=2""#
        ) && foot.contains(">ext4 mount options &lt;errors=&gt;</a>"),
        "titles and URLs are escaped: {foot}"
    );
    let js = f.read("public/static/drillbook.js");
    assert!(
        js.contains("sources: 'Sources'") && js.contains("sources: '参考资料'"),
        "the label switches with the interface language"
    );
    let rca = f.read("public/debug/rca/index.html");
    assert!(!rca.contains("page-sources"), "no sources, no empty list");
}

#[test]
fn static_files_and_assets_are_copied() {
    let f = built();
    assert_eq!(f.read("public/robots.txt"), "User-agent: *\n");
    assert!(f.path("public/debug/diagram.png").is_file());
    assert!(f.path("public/static/highlight.css").is_file());
    assert!(f.path("public/static/favicon.svg").is_file());
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    let f = built();
    let before = snapshot(&f.path("public"));
    f.write(
        "content/debug/broken.md",
        "---\ntitle: x\nkind: nope\n---\n",
    );
    let run = f.run(&["build"]);
    assert_eq!(run.code, 1);
    assert_eq!(snapshot(&f.path("public")), before);
    let leftovers: Vec<_> = std::fs::read_dir(f.dir.path())
        .expect("ls")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
}

#[test]
fn check_writes_nothing() {
    let f = Fixture::new("basic");
    let before = snapshot(f.dir.path());
    let run = f.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("Checked 5 pages"), "{}", run.stdout);
    assert_eq!(snapshot(f.dir.path()), before);
}

#[test]
fn a_bom_and_crlf_line_endings_build_and_the_bom_does_not_leak() {
    let f = Fixture::new("basic");
    f.write(
        "content/debug/crlf.md",
        "\u{feff}---\r\ntitle: Windows file\r\n---\r\n\r\n::: answer\r\nfine\r\n:::\r\n",
    );
    let run = f.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = f.read("public/debug/crlf/index.html");
    assert!(!page.contains('\u{feff}') && !page.contains('\r'));
    assert!(page.contains("<p>fine</p>"));
}

#[test]
fn a_handbook_theme_folder_overrides_the_built_in_one() {
    let f = Fixture::new("basic");
    f.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}custom 404{% endblock content %}",
    );
    assert_eq!(f.run(&["build"]).code, 0);
    assert!(f.read("public/404.html").contains("custom 404"));
    assert!(
        f.read("public/index.html").contains("Fixture handbook"),
        "other templates stay built in"
    );
}

#[test]
fn out_is_relative_to_the_current_directory() {
    let f = Fixture::new("basic");
    let run = common::run_in(f.dir.path(), &["build", "--root", ".", "--out", "site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(f.path("site/index.html").is_file());
    assert!(!f.path("public").exists());
}
