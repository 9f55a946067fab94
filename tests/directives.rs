//! Directives follow the Markdown's own block structure, built by the real
//! binary: each case is a page of the basic handbook, and its built body
//! must (or must not) hold the given HTML; broken cases must be reported at
//! their line by one `check`. Unit tables in `src/render/` cover the parser
//! piece by piece; these cases are what an author sees.

mod common;

use common::Fixture;

fn page(body: &str) -> String {
    format!("---\ntitle: Case\n---\n{body}")
}

/// The rendered body of a built page.
fn body_of(f: &Fixture, slug: &str) -> String {
    let html = f.read(&format!("public/debug/{slug}/index.html"));
    let start = html.find(r#"<div class="page-body">"#).expect("page body");
    let end = html[start..]
        .find("</article>")
        .map_or(html.len(), |e| start + e);
    html[start..end].to_string()
}

#[test]
fn directives_render_where_the_author_put_them() {
    // (name, body, must contain, must not contain)
    let cases: &[(&str, &str, &[&str], &[&str])] = &[
        (
            "a fence on a list marker's line hides nothing after it",
            "1. ```bash\n   dmesg -T | tail\n   ```\n2. Check the mount.\n\n::: answer\nRemount read-write.\n:::\n",
            &[r#"<div class="answer-body" id="answer-1-body">
<p>Remount read-write.</p>"#],
            &["<p>::: answer"],
        ),
        (
            "an answer inside a list item stays there, numbering intact",
            "1. Step one\n   ::: answer\n   Remount **now**.\n   :::\n2. Step two\n",
            &[
                "<p>Step one</p>\n<section class=\"answer\"",
                "<strong>now</strong>.</p>\n</div></section>\n</li>\n<li>\n<p>Step two</p>",
            ],
            &["<ol start=\"2\">", "::: answer"],
        ),
        (
            "a zh note inside a block quote stays in the quote",
            "> Quote\n>\n> ::: zh\n> 中文笔记\n> :::\n",
            &[
                "<blockquote>\n<p>Quote</p>\n<div class=\"zh-note\" lang=\"zh-Hans\" data-directive=\"zh\">\n<p>中文笔记</p>\n</div>\n</blockquote>",
            ],
            &["::: zh"],
        ),
        (
            "a phone link in an escalation step is kept as written",
            "Page the on-call lead: [+1 555 0100](tel:+15550100).\n",
            &[r#"<a href="tel:+15550100">+1 555 0100</a>"#],
            &[],
        ),
        (
            "colons in a code block in a list item stay code",
            "- ```\n  ::: zh\n  inside code\n  ```\n",
            &["::: zh\ninside code\n</code></pre>"],
            &["zh-note"],
        ),
        (
            "tab-indented colons after a blank line are code",
            "Text.\n\n\t::: answer\n",
            &["<code>::: answer\n</code>"],
            &["class=\"answer\""],
        ),
        (
            "a template's fenced block keeps its colons",
            "::: template markdown \"Fenced\"\n```\n:::\n```\n:::\n\nAfter.\n",
            &[
                "<pre class=\"template-text\" data-template-text><code>```\n:::\n```</code></pre>",
                "<p>After.</p>",
            ],
            &[],
        ),
        (
            "headings keep braces that are not a complete attribute group",
            "## Expand ${VAR}\n\n## Count {1}\n\n## Mine {#custom .wide}\n",
            &[
                "Expand ${VAR}</h2>",
                "Count {1}</h2>",
                "<h2 id=\"custom\" class=\"wide\">Mine</h2>",
            ],
            &[],
        ),
        (
            "heading ids step aside for answers, footnotes and the theme",
            "## Note\n\n## Answer 1\n\n## Main\n\nSee[^note].\n\n[^note]: A note.\n\n::: answer\nx\n:::\n",
            &[
                "<h2 id=\"note-1\">Note</h2>",
                "<h2 id=\"answer-1-1\">Answer 1</h2>",
                "<h2 id=\"main-1\">Main</h2>",
                "id=\"note\"",
            ],
            &[],
        ),
        (
            "same-page links and module links",
            "## Top\n\n[a](#top) [b](?page=2) [c](#) [d](../code-review/) [e](/debug/rca.md) [f](rca.md#timeline)\n\n![alt [x](nowhere.md)](diagram.png)\n",
            &[
                "href=\"#top\"",
                "href=\"?page=2\"",
                "href=\"#\"",
                "href=\"../../code-review/index.html\"",
                "href=\"../rca/index.html\"",
                "href=\"../rca/index.html#timeline\"",
                "src=\"../diagram.png\"",
            ],
            &[],
        ),
        (
            "raw HTML passes but for the tagfilter",
            "<div class=\"note\">kept</div>\n\n<script>alert(1)</script>\n\nInline <iframe src=x></iframe> too.\n",
            &[
                "<div class=\"note\">kept</div>",
                "&lt;script>alert(1)&lt;/script>",
                "&lt;iframe src=x>&lt;/iframe>",
            ],
            &["<script>alert", "<iframe"],
        ),
        (
            "rubric items with blocks keep one checkbox each",
            "::: answer\nx\n:::\n\n::: rubric\n- [ ] Task\n- With code\n  ```\n  ls\n  ```\n- With quote\n  > q\n:::\n",
            &[
                "data-rubric-item=\"3\"",
                "<span>With code</span></label><pre",
            ],
            &["data-rubric-item=\"4\"", "disabled"],
        ),
    ];
    let f = Fixture::new("basic");
    for (i, (_, body, _, _)) in cases.iter().enumerate() {
        f.write(&format!("content/debug/case-{i}.md"), page(body));
    }
    let run = f.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (i, (name, _, want, unwanted)) in cases.iter().enumerate() {
        let body = body_of(&f, &format!("case-{i}"));
        for w in *want {
            assert!(body.contains(w), "{name}: missing {w:?} in\n{body}");
        }
        for u in *unwanted {
            assert!(!body.contains(u), "{name}: unexpected {u:?} in\n{body}");
        }
    }
}

#[test]
fn raw_html_allow_passes_every_tag() {
    let f = Fixture::new("basic");
    let toml = f
        .read("book.toml")
        .replace("[book]", "[build]\nraw_html = \"allow\"\n\n[book]");
    f.write("book.toml", toml);
    f.write(
        "content/debug/raw.md",
        page("<script>console.log(1)</script>\n"),
    );
    let run = f.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(body_of(&f, "raw").contains("<script>console.log(1)</script>"));
    f.write(
        "book.toml",
        f.read("book.toml").replace("\"allow\"", "\"alow\""),
    );
    let run = f.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("unknown `raw_html` value `alow`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("help: did you mean `allow`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn broken_directives_and_links_are_reported_at_their_line() {
    // (body, where, what); the body starts at line 4 of its file.
    let cases: &[(&str, &str, &str)] = &[
        (
            "1. a\n   ::: answer\n   x\n:::\n",
            "7:1",
            "from another list item or block quote",
        ),
        (
            "- ::: answer\n  x\n",
            "4:3",
            "a directive cannot start on a list marker's line",
        ),
        (
            "Text\n\t::: zh\n",
            "5:2",
            "`:::` line indented 4 columns is not a directive",
        ),
        (
            "- a\n\n  ::: template text \"T\"\n  x\n  :::\n",
            "6:3",
            "a template cannot sit inside a list item",
        ),
        ("::: anwser\nx\n:::\n", "4:5", "unknown directive `anwser`"),
        (
            "<pre>\n\n::: answer\nx\n:::\n",
            "6:1",
            "swallowed by the block before it",
        ),
        (
            "[x](javascript:alert(1))\n",
            "4:5",
            "link with the scheme `javascript:` is not allowed",
        ),
        (
            "![x](data:text/html,hi)\n",
            "4:6",
            "image with the scheme `data:` is not allowed",
        ),
        (
            "<vbscript:msgbox>\n",
            "4:2",
            "link with the scheme `vbscript:` is not allowed",
        ),
        (
            "## Here\n\n[x](#there)\n",
            "6:5",
            "no heading `#there` on this page",
        ),
        (
            "[x](/debug/missing.md)\n",
            "4:5",
            "broken link to `/debug/missing.md`",
        ),
    ];
    let f = Fixture::new("basic");
    for (i, (body, _, _)) in cases.iter().enumerate() {
        f.write(&format!("content/debug/bad-{i}.md"), page(body));
    }
    let run = f.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let blocks: Vec<&str> = run.stderr.split("\nerror").collect();
    for (i, (_, at, what)) in cases.iter().enumerate() {
        let arrow = format!("--> content/debug/bad-{i}.md:{at}\n");
        let block = blocks.iter().find(|b| b.contains(&arrow));
        assert!(
            block.is_some_and(|b| b.contains(what)),
            "case {i}: expected `{what}` at {arrow} in\n{}",
            run.stderr
        );
    }
    // `data:image/` is fine for images.
    let f = Fixture::new("basic");
    f.write(
        "content/debug/ok.md",
        page("![dot](data:image/png;base64,iVBORw0KGgo=)\n"),
    );
    assert_eq!(f.run(&["check"]).code, 0);
}

#[test]
fn an_unclosed_fence_is_a_warning_that_names_the_answer_it_hides() {
    let f = Fixture::new("basic");
    f.write(
        "content/debug/swallowed.md",
        page("Steps:\n\n```bash\ndmesg -T | tail\n\n::: answer\nRemount.\n:::\n"),
    );
    let run = f.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning: code block opened at line 6 is never closed\n --> content/debug/swallowed.md:6:1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("it hides `::: answer` at line 9"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("drill has no `::: answer`"),
        "{}",
        run.stderr
    );
    let run = f.run(&["check", "--deny-warnings"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
}

#[test]
fn a_misspelt_blank_suggests_the_placeholder() {
    let f = Fixture::new("basic");
    f.write(
        "content/debug/blank.md",
        "---\ntitle: Blank\nkind: template\nplaceholders:\n  node: { label: Node }\n---\n::: template text \"T\"\nOn {{ndoe}} and {{node}}.\n:::\n",
    );
    let run = f.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning: blank `{{ndoe}}` has no `placeholders` entry\n --> content/debug/blank.md:8:4"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("help: did you mean `node`?"),
        "{}",
        run.stderr
    );
}
