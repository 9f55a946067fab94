//! Table tests for the directive parser.

use super::*;

/// A compact picture of the parts: `T3` for text at line 3, `zh@1[...]` for
/// a directive and what it holds.
fn shape(parsed: &Parsed) -> String {
    let mut levels: Vec<(String, Vec<String>)> = vec![(String::new(), Vec::new())];
    for part in &parsed.parts {
        match part {
            Part::Text { line, .. } => levels.last_mut().unwrap().1.push(format!("T{line}")),
            Part::Template { line, source } => levels.last_mut().unwrap().1.push(format!(
                "template:{}:{}@{line}[]",
                source.format, source.title
            )),
            Part::Open(o) => levels.push((format!("{}@{}", o.kind.name(), o.line), Vec::new())),
            Part::Close { .. } => {
                let (head, items) = levels.pop().unwrap();
                levels
                    .last_mut()
                    .unwrap()
                    .1
                    .push(format!("{head}[{}]", items.join(" ")));
            }
        }
    }
    levels.pop().unwrap().1.join(" ")
}

fn template<'a>(parsed: &Parsed<'a>) -> TemplateSource<'a> {
    parsed
        .parts
        .iter()
        .find_map(|p| match p {
            Part::Template { source, .. } => Some(source.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no template in {:?}", parsed.parts))
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
        (
            "a fence on a list marker's line ends with its closing fence",
            "1. ```bash\n   dmesg -T | tail\n   ```\n2. Check the mount.\n\n::: answer\nRemount.\n:::\n",
            "T1 answer@6[T7]",
        ),
        (
            "colons in a code block in a list item are code",
            "- ```\n  ::: zh\n  inside code\n  ```\n\n::: zh\nnote\n:::\n",
            "T1 zh@6[T7]",
        ),
        (
            "a directive inside a list item",
            "1. Step\n   ::: answer\n   x\n   :::\n2. Next\n",
            "T1 answer@2[T3] T5",
        ),
        (
            "a directive inside a block quote",
            "> q\n>\n> ::: answer\n> x\n> :::\n",
            "T1 answer@3[T4]",
        ),
        (
            "a lazy line after a list is a top-level directive",
            "- a\n::: zh\nx\n:::\n",
            "T1 zh@2[T3]",
        ),
        (
            "indented code after a blank line is code",
            "para\n\n    ::: zh\n    x\n",
            "T1",
        ),
        ("a tab-indented fence is code", "\t::: zh\n", "T1"),
        (
            "a directive in a list item may be tab-indented",
            "- a\n\n\t::: zh\n\tx\n\t:::\n",
            "T1 zh@3[T4]",
        ),
        (
            "colons in a fenced block in a template are template text",
            "::: template markdown \"T\"\n```\n:::\n```\n:::\nafter\n",
            "template:markdown:T@1[] T6",
        ),
        (
            "a fence inside an answer hides its colons",
            "::: answer\n~~~\n:::\n~~~\n:::\n",
            "answer@1[T2]",
        ),
    ];
    for (name, input, want) in cases {
        let parsed = parse(input, 1, "t.md").unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(shape(&parsed), *want, "{name}");
    }
}

#[test]
fn template_body_is_verbatim() {
    let input =
        "::: template github \"Review\"\n**Blocking:** {{issue}}\n\n    indented\n::: zh\n:::\n";
    let parsed = parse(input, 10, "t.md").unwrap();
    let t = template(&parsed);
    assert_eq!(t.body, "**Blocking:** {{issue}}\n\n    indented\n::: zh");
    assert_eq!(t.body_line, 11);
}

#[test]
fn template_inside_code_fence_is_text() {
    let parsed = parse("```md\n::: template slack \"x\"\n```\n", 1, "t.md").unwrap();
    assert_eq!(shape(&parsed), "T1");
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
            "indented past the item's text",
            "text\n\t::: zh\n",
            2,
            "`:::` line indented 4 columns is not a directive",
        ),
        (
            "directive on a list marker's line",
            "- ::: answer\n  x\n",
            1,
            "a directive cannot start on a list marker's line",
        ),
        (
            "template in a list item",
            "- a\n\n  ::: template text \"T\"\n  x\n  :::\n",
            3,
            "a template cannot sit inside a list item or block quote",
        ),
        (
            "closed from outside the list item",
            "1. a\n   ::: answer\n   x\n:::\n",
            4,
            "from another list item or block quote",
        ),
        (
            "closing colons hidden in a code block inside a list",
            "- ```\n  ::: zh\n  inside code\n  ```\n:::\n",
            5,
            "closing `:::` without an open directive",
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

#[test]
fn an_unclosed_fence_is_a_warning_naming_what_it_hides() {
    let parsed = parse("text\n```bash\nls\n::: answer\nx\n", 5, "t.md").unwrap();
    assert_eq!(parsed.warnings.len(), 1);
    let w = &parsed.warnings[0];
    assert_eq!(
        (w.span.line, w.span.col, w.message.as_str()),
        (6, 1, "code block opened at line 6 is never closed")
    );
    assert_eq!(w.label, "it hides `::: answer` at line 8");
    assert!(parsed.hidden_answer);
    let errs = parse("::: answer\n```\nx\n:::\n", 1, "t.md").unwrap_err();
    assert!(
        errs[0]
            .message
            .contains("`answer` directive is never closed")
    );
    assert_eq!(
        errs[0].help,
        vec!["the code block opened at line 2 is never closed and hides line 4"]
    );
}

#[test]
fn unknown_names_suggest_the_closest() {
    let errs = parse("::: anwser\nx\n:::\n", 1, "t.md").unwrap_err();
    assert_eq!(errs[0].help, vec!["did you mean `answer`?"]);
    assert_eq!((errs[0].span.line, errs[0].span.col), (1, 5));
}

#[test]
fn deep_nesting_needs_no_stack() {
    let body = "::: zh\n".repeat(50_000) + &":::\n".repeat(50_000);
    let parsed = parse(&body, 1, "t.md").unwrap();
    assert_eq!(parsed.parts.len(), 100_000);
}

#[test]
fn thousands_of_unclosed_directives_list_the_first_few() {
    let errs = parse(&"  ::: zh\n".repeat(5_000), 1, "t.md").unwrap_err();
    assert_eq!(errs.len(), 10);
    assert_eq!((errs[0].span.line, errs[0].span.col), (1, 3));
    assert_eq!(errs[0].span.source_line, "  ::: zh");
    assert_eq!(
        errs[9].help,
        vec!["and 4990 more directives opened after it are never closed"]
    );
}
