//! The project's own handbook (book.toml + content/ at the repository root)
//! keeps its shape: it builds with no warnings, and its counts cannot shrink
//! silently — at least six full drills per module, fifteen templates, four
//! guides, and every drill links to a template it uses.

use std::collections::HashMap;
use std::path::Path;

use drillbook::content::{self, Kind, Page};

fn handbook() -> (drillbook::config::Config, Vec<Page>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = drillbook::config::load(root).expect("book.toml loads");
    let content = content::load(&config, false).expect("content loads");
    assert!(content.errors.is_empty(), "{:?}", content.errors);
    let pages = content.pages.iter().map(|p| Page::clone(p)).collect();
    (config, pages)
}

/// Numbered items directly under the `## Tasks` heading.
fn tasks(body: &str) -> usize {
    body.split("\n## Tasks")
        .nth(1)
        .map(|rest| {
            rest.lines()
                .skip(1)
                .take_while(|l| !l.starts_with("#") && !l.starts_with(":::"))
                .filter(|l| {
                    l.split_once(". ").is_some_and(|(n, _)| {
                        !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())
                    })
                })
                .count()
        })
        .unwrap_or(0)
}

/// `.md` link targets in a page, resolved against its folder.
fn md_links(page: &Page) -> Vec<String> {
    let dir = drillbook::source::rel_dir(&page.source.rel);
    page.body()
        .split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .map(|t| t.split('#').next().unwrap_or(t))
        .filter(|t| t.ends_with(".md"))
        .map(|t| {
            let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
            for part in t.split('/') {
                match part {
                    ".." => {
                        parts.pop();
                    }
                    "." | "" => {}
                    p => parts.push(p),
                }
            }
            parts.join("/")
        })
        .collect()
}

/// Modules whose drills follow the second edition's shape (issue 16). Add a
/// module here once every drill in it has been brought up to that shape.
const SECOND_EDITION: &[&str] = &["debug", "code-review", "expression", "system-design"];

/// The lines of a drill body after the line holding `start`, up to the first
/// line for which `stop` is true.
fn section<'a>(body: &'a str, start: &str, stop: impl Fn(&str) -> bool) -> Vec<&'a str> {
    body.split_once(start)
        .map(|(_, rest)| rest.lines().skip(1).take_while(|l| !stop(l)).collect())
        .unwrap_or_default()
}

/// Everything a second-edition drill must carry that a learner relies on:
/// a 60-second answer, follow-up questions each with its own hidden answer,
/// Chinese notes that coach the English, sources, and rubric items a learner
/// can tick from what the answer shows.
fn second_edition_problems(page: &Page) -> Vec<String> {
    let body = page.body();
    let mut problems = Vec::new();
    if page.fm.sources.is_empty() {
        problems.push("no `sources:` in the front matter".to_string());
    }
    if !body.contains("\n### 60-second answer\n") {
        problems.push("no `### 60-second answer` in the model answer".to_string());
    }
    let follow_ups = section(body, "\n## Follow-up questions\n", |l| {
        l.starts_with("::: rubric")
    });
    let questions = follow_ups.iter().filter(|l| l.starts_with("### ")).count();
    let answers = follow_ups
        .iter()
        .filter(|l| l.starts_with(":::") && l.trim_start_matches(':').trim() == "answer")
        .count();
    if !(2..=4).contains(&questions) || answers != questions {
        problems.push(format!(
            "`## Follow-up questions` has {questions} questions and {answers} answers (want 2–4, one answer each)"
        ));
    }
    let phrases = section(body, "**表达要点**", |l| {
        l.starts_with("**") || l.starts_with(":::") || l.starts_with('#')
    })
    .iter()
    .filter(|l| l.starts_with("- **"))
    .count();
    if phrases < 3 {
        problems.push(format!(
            "`**表达要点**` glosses {phrases} phrases (want at least 3)"
        ));
    }
    for item in section(body, "::: rubric", |l| l.starts_with(":::"))
        .iter()
        .filter_map(|l| l.strip_prefix("- "))
    {
        if item.starts_with("Knows") || item.starts_with("Understands") {
            problems.push(format!(
                "rubric item a learner cannot tick honestly: {item:?}"
            ));
        }
    }
    problems
}

#[test]
fn second_edition_drills_have_follow_ups_sixty_second_answers_coaching_and_sources() {
    let (_, pages) = handbook();
    let mut problems = Vec::new();
    let mut checked = 0;
    for page in &pages {
        let in_scope = page.fm.kind == Kind::Drill
            && page
                .module
                .as_deref()
                .is_some_and(|m| SECOND_EDITION.contains(&m));
        if !in_scope {
            continue;
        }
        checked += 1;
        for problem in second_edition_problems(page) {
            problems.push(format!("{}: {problem}", page.source.rel));
        }
    }
    assert!(
        checked >= 6 * SECOND_EDITION.len(),
        "only {checked} drills checked"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_handbook_has_full_drills_templates_and_guides() {
    let (config, pages) = handbook();
    let kinds: HashMap<&str, Kind> = pages
        .iter()
        .map(|p| (p.source.rel.as_str(), p.fm.kind))
        .collect();
    for module in &config.modules {
        let drills: Vec<&Page> = pages
            .iter()
            .filter(|p| p.fm.kind == Kind::Drill && p.module.as_deref() == Some(&module.id))
            .collect();
        assert!(
            drills.len() >= 6,
            "module {} has {} drills",
            module.id,
            drills.len()
        );
        for d in drills {
            let body = d.body();
            let name = &d.source.rel;
            assert!(tasks(body) >= 2, "{name}: fewer than two tasks");
            assert!(
                body.contains("\n::: answer") || body.contains("\n:::: answer"),
                "{name}: no answer"
            );
            assert!(body.contains("::: zh"), "{name}: no zh notes");
            let rubric = body
                .split("::: rubric")
                .nth(1)
                .expect("rubric")
                .split("\n:::")
                .next()
                .unwrap_or("");
            let items = rubric.lines().filter(|l| l.starts_with("- ")).count();
            assert!(items >= 4, "{name}: rubric has {items} items");
            let links = md_links(d);
            assert!(
                links
                    .iter()
                    .any(|t| kinds.get(t.as_str()) == Some(&Kind::Template)),
                "{name}: links no template ({links:?})"
            );
        }
    }
    let templates: usize = pages
        .iter()
        .map(|p| p.body().matches("::: template ").count())
        .sum();
    assert!(templates >= 15, "only {templates} templates");
    let guides = pages.iter().filter(|p| p.fm.kind == Kind::Guide).count();
    assert!(guides >= 4, "only {guides} guides");
}

#[test]
fn the_handbook_checks_clean_with_deny_warnings() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_drillbook"))
        .args([
            "check",
            "--deny-warnings",
            "--root",
            env!("CARGO_MANIFEST_DIR"),
        ])
        .env("NO_COLOR", "1")
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `(body, first body line)` of every `::: template` block,
/// found the way authors write them: a fence line of colons, `template`,
/// then the verbatim body up to a line of at least as many colons.
fn template_blocks(body: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = body.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let colons = line.len() - line.trim_start_matches(':').len();
        if colons >= 3 && line[colons..].trim_start().starts_with("template ") {
            let start = i + 1;
            let mut end = start;
            while end < lines.len() {
                let l = lines[end].trim_end();
                if l.len() >= colons && l.chars().all(|c| c == ':') {
                    break;
                }
                end += 1;
            }
            out.push((lines[start..end].join("\n"), start + 1));
            i = end + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// The `{{name}}` blanks of a template body with their byte ranges, by the
/// rules of the format: an ASCII identifier, not `${{…}}`, not `{{{…}}}`.
fn blanks(text: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find("{{") {
        let open = from + found;
        from = open + 2;
        let Some(len) = text[open + 2..].find("}}") else {
            break;
        };
        let name = &text[open + 2..open + 2 + len];
        let ident = name
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        let literal = text[..open].ends_with(['$', '{']) || text[open + 4 + len..].starts_with('}');
        if ident && !literal {
            out.push((open..open + 4 + len, name));
            from = open + 4 + len;
        }
    }
    out
}

const PUNCT: &[char] = &['.', ',', ';', ':', '!', '?'];

#[test]
fn every_template_filled_with_its_examples_reads_cleanly() {
    let (_, pages) = handbook();
    let mut problems = Vec::new();
    let mut filled_count = 0;
    for page in &pages {
        let name = &page.source.rel;
        for (text, line) in template_blocks(page.body()) {
            let mut filled = String::new();
            let mut last = 0;
            for (range, blank) in blanks(&text) {
                filled.push_str(&text[last..range.start]);
                let example = page
                    .fm
                    .placeholders
                    .get(blank)
                    .map(|p| p.example.trim())
                    .unwrap_or("");
                if example.is_empty() {
                    problems.push(format!(
                        "{name}: template at body line {line}: `{{{{{blank}}}}}` has no example"
                    ));
                }
                // Punctuation on both sides of a seam doubles up once filled:
                // "… hypothesis." + "." or "," + ", …".
                let before = filled.chars().last();
                let after = text[range.end..].chars().next();
                if let (Some(b), Some(e)) = (before, example.chars().next())
                    && PUNCT.contains(&b)
                    && PUNCT.contains(&e)
                {
                    problems.push(format!(
                        "{name}: `{{{{{blank}}}}}`: \"{b}\" then \"{example}\" doubles punctuation"
                    ));
                }
                if let (Some(l), Some(a)) = (example.chars().last(), after)
                    && PUNCT.contains(&l)
                    && PUNCT.contains(&a)
                    && !(l == '.' && text[range.end..].starts_with("..."))
                {
                    problems.push(format!(
                        "{name}: `{{{{{blank}}}}}`: \"{example}\" then \"{a}\" doubles punctuation"
                    ));
                }
                filled.push_str(example);
                last = range.end;
            }
            filled.push_str(&text[last..]);
            filled_count += 1;
            if let Some(left) = blanks(&filled).first() {
                problems.push(format!(
                    "{name}: template at body line {line} still has `{{{{{}}}}}` after filling",
                    left.1
                ));
            }
        }
    }
    assert!(filled_count >= 15, "only {filled_count} templates filled");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
