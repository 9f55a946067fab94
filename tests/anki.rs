//! `drillbook export anki` on `fixtures/anki/`: the header Anki reads, one
//! row per model answer of each drill (drafts only with `--drafts`), fields
//! with tabs, line breaks and quotes that parse back whole, and a broken
//! handbook that writes nothing.

mod common;

use common::Fixture;

/// The header lines, then the rows parsed with Anki's quoting rules: a field
/// in `"` may hold tabs, line breaks and `""` (one quote).
fn parse(text: &str) -> (Vec<&str>, Vec<Vec<String>>) {
    let header: Vec<&str> = text.lines().take_while(|l| l.starts_with('#')).collect();
    let body = &text[header.iter().map(|l| l.len() + 1).sum::<usize>()..];
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = body.chars().peekable();
    let mut quoted = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (false, '"') if at_start => quoted = true,
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => {
                quoted = false;
                let next = chars.peek().copied();
                assert!(
                    matches!(next, None | Some('\t') | Some('\n')),
                    "text after a closing quote: {next:?} in {field:?}"
                );
            }
            (true, c) => field.push(c),
            (false, '"') => panic!("a bare quote inside an unquoted field: {field:?}"),
            (false, '\t') => {
                row.push(std::mem::take(&mut field));
                at_start = true;
                continue;
            }
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                at_start = true;
                continue;
            }
            (false, c) => field.push(c),
        }
        at_start = false;
    }
    assert!(!quoted, "a quoted field is never closed");
    assert!(
        field.is_empty() && row.is_empty(),
        "the last row has no line break"
    );
    (header, rows)
}

fn export(fixture: &Fixture, args: &[&str]) -> String {
    let mut all = vec!["export", "anki"];
    all.extend_from_slice(args);
    let run = fixture.run(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    fixture.read("anki.txt")
}

#[test]
fn header_lines_name_the_separator_deck_notetype_and_columns() {
    let fixture = Fixture::new("anki");
    let text = export(&fixture, &[]);
    let (header, _) = parse(&text);
    assert_eq!(
        header,
        vec![
            "#separator:tab",
            "#html:true",
            "#notetype:Basic",
            "#deck:Anki \"fixture\" book",
            "#columns:Front\tBack\tTags\tGUID",
            "#tags column:3",
            "#guid column:4",
        ]
    );
}

#[test]
fn one_row_per_answer_of_each_drill_with_fields_that_parse_back() {
    let fixture = Fixture::new("anki");
    let run = fixture.run(&["export", "anki"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "Exported 3 notes from 2 drills → anki.txt\n");
    let text = fixture.read("anki.txt");
    let (_, rows) = parse(&text);
    // Two answers in disk-full (one a follow-up), one in phrasing; the
    // template page's answer and the draft are not notes.
    assert_eq!(rows.len(), 3, "{rows:#?}");
    for row in &rows {
        assert_eq!(row.len(), 4, "{row:#?}");
    }
    let (first, second) = (&rows[0], &rows[1]);
    assert!(first[0].starts_with("<h1>Disk &quot;full&quot; on /var</h1>"));
    assert!(first[0].contains(r#"<p lang="zh-Hans">/var 磁盘满</p>"#));
    assert!(
        first[0].contains("The alert says \"disk full\""),
        "{}",
        first[0]
    );
    assert!(first[0].contains("<h2 id=\"tasks\">Tasks</h2>"));
    assert!(
        !first[0].contains("Check usage"),
        "the answer is not on the front"
    );
    // The code block keeps its tab, its line breaks and its <pre>.
    assert!(
        first[1].starts_with("<p>Check usage first:</p>\n<pre"),
        "{}",
        first[1]
    );
    assert!(first[1].contains("/var\t<span"), "{}", first[1]);
    assert!(first[1].contains("comment\n</span>"), "{}", first[1]);
    assert!(first[1].contains("Then say \"we are on it\"."));
    assert!(!first[1].contains("Model answer"), "no heading in the back");
    assert!(!first[1].contains("Checks usage"), "no rubric in the back");
    assert!(
        first[1].ends_with(
            "<div lang=\"zh-Hans\">\n<p>中文笔记：先看 <code>df -h</code>。</p>\n</div>"
        ),
        "{}",
        first[1]
    );
    assert_eq!(first[2], "debug disk on_call");
    assert_eq!(
        first[3],
        "drillbook:anki-fixture-book:debug/disk-full/#answer-1"
    );
    // The follow-up's front adds its question; its back is its own answer.
    assert!(second[0].contains("What if <code>df</code> shows free space"));
    assert!(second[0].contains("Answer 2 of 2"));
    assert!(second[1].starts_with("<p>Inodes: run <code>df -i</code>.</p>"));
    assert_eq!(
        second[3],
        "drillbook:anki-fixture-book:debug/disk-full/#answer-2"
    );
    // With an absolute base_url, links in a card open the published page.
    assert!(
        first[0].contains(
            r#"href="https://drills.example.com/handbook/expression/phrasing/index.html""#
        )
    );
    assert_eq!(rows[2][2], "expression slack");
    // A template card is interactive: not on a card.
    assert!(rows[2][0].contains("Say it in English."), "{}", rows[2][0]);
    assert!(!rows[2][0].contains("Update for"), "{}", rows[2][0]);
    assert!(
        !rows[2].iter().any(|f| f.contains("<input")),
        "{:?}",
        rows[2]
    );
}

#[test]
fn drafts_are_exported_only_when_asked() {
    let fixture = Fixture::new("anki");
    let (_, rows) = parse(&export(&fixture, &["--drafts", "--out", "anki.txt"]));
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().any(|r| r[1].contains("Draft answer.")));
}

#[test]
fn out_dash_writes_the_deck_to_standard_output() {
    let fixture = Fixture::new("anki");
    let run = fixture.run(&["export", "anki", "-o", "-"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("#separator:tab\n"));
    assert_eq!(parse(&run.stdout).1.len(), 3);
    assert!(!fixture.path("anki.txt").exists());
}

#[test]
fn a_broken_handbook_prints_its_errors_and_writes_nothing() {
    let fixture = Fixture::new("anki");
    fixture.write(
        "content/debug/broken.md",
        "---\ntitle: Broken\nkind: dril\n---\n\n::: answer\nx\n:::\n",
    );
    let run = fixture.run(&["export", "anki", "--out", "deck.txt"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/debug/broken.md:3:7"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("error: 1 error found; nothing was written\n"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
    assert!(!fixture.path("deck.txt").exists());
    // An earlier export stays as it was.
    fixture.write("deck.txt", "old deck");
    assert_eq!(
        fixture.run(&["export", "anki", "--out", "deck.txt"]).code,
        1
    );
    assert_eq!(fixture.read("deck.txt"), "old deck");
}
