//! A fuzz-style test of the directive layer: random documents nesting list
//! items, block quotes, fenced code of varying length and indentation,
//! indented code and directives. For well-formed documents every directive
//! must render as one, no `:::` may show as text, and no code text may be
//! lost; for mutated ones (a line dropped) the page must render or be
//! reported, never panic. Deterministic: a fixed seed, no dependencies.

use super::directives;
use super::lower::Lowered;
use super::markdown;
use super::test_links::AsWritten;
use super::{Context, Highlighter, RawHtml};

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// What a generated document holds, to check the render against.
#[derive(Default)]
struct Expect {
    answers: usize,
    code: Vec<String>,
    next: usize,
}

/// Appends blocks at `prefix` (the container's `> ` and indentation).
fn blocks(
    rng: &mut Rng,
    out: &mut String,
    prefix: &str,
    depth: usize,
    colons: usize,
    e: &mut Expect,
) {
    let mut after_list = false;
    for _ in 0..1 + rng.below(3) {
        after_list = block(rng, out, prefix, depth, colons, after_list, e);
        out.push_str(prefix.trim_end());
        out.push('\n');
    }
}

/// Appends one block; returns whether it was a list (indented code right
/// after a list would belong to the list's last item).
fn block(
    rng: &mut Rng,
    out: &mut String,
    prefix: &str,
    depth: usize,
    colons: usize,
    after_list: bool,
    e: &mut Expect,
) -> bool {
    e.next += 1;
    let k = e.next;
    let mut choice = if depth == 0 {
        rng.below(3)
    } else {
        rng.below(7)
    };
    if choice == 2 && after_list {
        choice = 0;
    }
    match choice {
        0 => out.push_str(&format!("{prefix}Words {k} here.\n")),
        1 => {
            let ch = if rng.below(2) == 0 { "`" } else { "~" };
            let len = 3 + rng.below(3);
            // Up to one space: two or three would put it in a list just above.
            let indent = " ".repeat(rng.below(2));
            let fence = ch.repeat(len);
            let code = format!("CODE{k}");
            out.push_str(&format!(
                "{prefix}{indent}{fence}\n{prefix}{code}\n{prefix}::: answer\n{prefix}:::\n"
            ));
            out.push_str(&format!(
                "{prefix}{indent}{}\n",
                ch.repeat(len + rng.below(2))
            ));
            e.code.push(code);
        }
        2 => {
            let code = format!("INDENTED{k}");
            out.push_str(&format!(
                "{prefix}\n{prefix}    {code}\n{prefix}    ::: zh\n"
            ));
            e.code.push(code);
        }
        3 => {
            let marker = if rng.below(2) == 0 { "- " } else { "1. " };
            out.push_str(&format!("{prefix}{marker}Item {k}\n{prefix}\n"));
            let inner = format!("{prefix}{}", " ".repeat(marker.len()));
            blocks(rng, out, &inner, depth - 1, colons, e);
            return true;
        }
        4 => {
            let inner = format!("{prefix}> ");
            blocks(rng, out, &inner, depth - 1, colons, e);
        }
        _ if colons > 3 => {
            let (name, answer) = match rng.below(3) {
                0 => ("answer", true),
                1 => ("zh", false),
                _ => ("rubric", false),
            };
            if answer {
                e.answers += 1;
            }
            let fence = ":".repeat(colons);
            out.push_str(&format!("{prefix}{fence} {name}\n"));
            blocks(rng, out, prefix, depth - 1, colons - 1, e);
            out.push_str(&format!("{prefix}{fence}\n"));
        }
        _ => out.push_str(&format!("{prefix}Plain {k}.\n")),
    }
    false
}

fn render(body: &str, highlighter: &Highlighter) -> Result<(String, usize, usize), String> {
    let parsed = directives::parse(body, 1, "t.md").map_err(|e| format!("{e:?}"))?;
    let lowered = Lowered::new(&parsed.parts);
    let ctx = Context {
        links: &AsWritten(RawHtml::Filter),
        highlighter,
        page_rel: "debug/t.md",
        raw_html: RawHtml::Filter,
    };
    let md = markdown::render(&lowered, &ctx);
    if let Some(p) = md.problems.first() {
        return Err(format!("{} at {:?}", p.message, lowered.position(p.offset)));
    }
    let answers = lowered
        .regions
        .iter()
        .filter(|r| r.kind == super::lower::RegionKind::Answer)
        .count();
    Ok((md.html, answers, parsed.warnings.len()))
}

/// The HTML with every `<pre>…</pre>` block cut out.
fn outside_code(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find("<pre") {
        out.push_str(&rest[..at]);
        rest = rest[at..].split_once("</pre>").map_or("", |(_, r)| r);
    }
    out.push_str(rest);
    out
}

#[test]
fn random_nesting_renders_every_directive_and_loses_no_code() {
    let highlighter = Highlighter::default();
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    for round in 0..400 {
        let mut doc = String::new();
        let mut e = Expect::default();
        blocks(&mut rng, &mut doc, "", 4, 6, &mut e);
        let (html, answers, warnings) = render(&doc, &highlighter)
            .unwrap_or_else(|n| panic!("round {round}: {n} for a well-formed page:\n{doc}"));
        assert_eq!(warnings, 0, "round {round}:\n{doc}");
        assert_eq!(answers, e.answers, "round {round}:\n{doc}\n{html}");
        assert_eq!(
            html.matches(r#"<section class="answer""#).count(),
            e.answers,
            "round {round}:\n{doc}\n{html}"
        );
        assert!(
            !outside_code(&html).contains(":::"),
            "round {round}:\n{doc}\n{html}"
        );
        for code in &e.code {
            assert!(
                html.contains(code.as_str()),
                "round {round}: {code} lost\n{doc}\n{html}"
            );
        }
        // The same page with one line dropped: rendered or reported.
        let lines: Vec<&str> = doc.lines().collect();
        let drop = rng.below(lines.len());
        let mutated: String = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != drop)
            .map(|(_, l)| format!("{l}\n"))
            .collect();
        if let Ok((html, _, 0)) = render(&mutated, &highlighter) {
            assert!(
                !outside_code(&html).contains(":::"),
                "round {round} mutated:\n{mutated}\n{html}"
            );
        }
    }
}

#[test]
fn deep_nesting_never_overflows_the_stack() {
    let highlighter = Highlighter::default();
    let quotes = format!(
        "{}::: answer\n{}x\n{}:::\n",
        "> ".repeat(2_000),
        "> ".repeat(2_000),
        "> ".repeat(2_000)
    );
    let lists: String = (0..2_000)
        .map(|i| format!("{}- item\n", "  ".repeat(i)))
        .collect();
    let zh = "::: zh\n".repeat(20_000) + &":::\n".repeat(20_000);
    for body in [quotes, lists, zh] {
        let _ = render(&body, &highlighter);
    }
}
