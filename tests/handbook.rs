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
