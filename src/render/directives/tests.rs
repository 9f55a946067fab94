//! Table tests for the directive parser.

use super::*;

/// A compact picture of a tree: `T3` for text at line 3, `zh@1[...]` for a block.
fn shape(nodes: &[Node]) -> String {
    nodes
        .iter()
        .map(|n| match n {
            Node::Text { line, .. } => format!("T{line}"),
            Node::Block(d) => {
                let name = match &d.kind {
                    DirectiveKind::Zh => "zh".to_string(),
                    DirectiveKind::Answer => "answer".to_string(),
                    DirectiveKind::Rubric => "rubric".to_string(),
                    DirectiveKind::Template(t) => format!("template:{}:{}", t.format, t.title),
                };
                format!("{name}@{}[{}]", d.line, shape(&d.children))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn parses_the_tree() {
    let cases: &[(&str, &str, &str)] = &[
        ("plain text", "# Hi\n\ntext\n", "T1"),
        ("one block", "a\n::: zh\n中文\n:::\nb\n", "T1 zh@2[T3] T5"),
        (
            "nesting with longer fences outside",
            ":::: answer\nx\n::: zh\ny\n:::\n::::\n",
            "answer@1[T2 zh@3[T4]]",
        ),
        ("code fence hides colons", "```\n::: zh\n```\n", "T1"),
        ("tilde fence hides colons", "~~~~ text\n:::\n~~~~\n", "T1"),
        (
            "longer closing backticks close",
            "````\n::: zh\n```\n:::\n````\n",
            "T1",
        ),
        (
            "template header",
            "::: template slack \"Heads-up: disk\"\nHi {{team}}\n:::\n",
            "template:slack:Heads-up: disk@1[]",
        ),
        (
            "closing fence may be longer",
            "::: rubric\n- a\n::::::\n",
            "rubric@1[T2]",
        ),
        (
            "indented up to three spaces",
            "   ::: zh\n   x\n   :::\n",
            "zh@1[T2]",
        ),
        ("four spaces is code, not a fence", "    ::: zh\n", "T1"),
        ("empty directive", "::: zh\n:::\n", "zh@1[]"),
    ];
    for (name, input, want) in cases {
        let nodes = parse(input, 1, "t.md").unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(shape(&nodes), *want, "{name}");
    }
}

#[test]
fn template_body_is_verbatim() {
    let input =
        "::: template github \"Review\"\n**Blocking:** {{issue}}\n\n    indented\n::: zh\n:::\n";
    let nodes = parse(input, 10, "t.md").unwrap();
    let Node::Block(Directive {
        kind: DirectiveKind::Template(t),
        ..
    }) = &nodes[0]
    else {
        panic!("{nodes:?}")
    };
    assert_eq!(t.body, "**Blocking:** {{issue}}\n\n    indented\n::: zh");
    assert_eq!(t.body_line, 11);
}

#[test]
fn template_inside_code_fence_is_text() {
    let nodes = parse("```md\n::: template slack \"x\"\n```\n", 1, "t.md").unwrap();
    assert_eq!(shape(&nodes), "T1");
}

#[test]
fn reports_errors_at_their_line() {
    let cases: &[(&str, &str, usize, &str)] = &[
        (
            "unclosed",
            "a\n::: answer\nx\n",
            2,
            "`answer` directive is never closed",
        ),
        (
            "unknown name",
            "::: hint\nx\n:::\n",
            1,
            "unknown directive `hint`",
        ),
        (
            "stray closing",
            "x\n:::\n",
            2,
            "closing `:::` without an open directive",
        ),
        (
            "short closing",
            ":::: answer\nx\n:::\n",
            3,
            "cannot close the directive opened with 4 at line 1",
        ),
        (
            "template without title",
            "::: template slack\nx\n:::\n",
            1,
            "template has no title",
        ),
        (
            "template unquoted title",
            "::: template slack Title\nx\n:::\n",
            1,
            "template title must be in double quotes",
        ),
        (
            "template unknown format",
            "::: template tweet \"T\"\nx\n:::\n",
            1,
            "unknown template format `tweet`",
        ),
        (
            "template bare",
            "::: template\nx\n:::\n",
            1,
            "template has no format and no title",
        ),
        (
            "template unclosed",
            "::: template text \"T\"\nx\n",
            1,
            "template is never closed",
        ),
        (
            "arguments on zh",
            "::: zh extra\nx\n:::\n",
            1,
            "`zh` takes no arguments",
        ),
    ];
    for (name, input, line, message) in cases {
        let errs = parse(input, 1, "t.md").expect_err(name);
        assert_eq!(errs[0].span.line, *line, "{name}: {errs:?}");
        assert!(
            errs[0].message.contains(message),
            "{name}: {:?}",
            errs[0].message
        );
    }
}

#[test]
fn unknown_format_lists_the_formats() {
    let errs = parse("::: template tweet \"T\"\nx\n:::\n", 1, "t.md").unwrap_err();
    assert_eq!(
        errs[0].label,
        "expected `slack`, `github`, `markdown`, `email` or `text`"
    );
}
