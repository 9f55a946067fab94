//! The reader's site as `drillbook build` writes it (issue 15): the drafts
//! banner only where a draft is shown, the print pages, the shared table of
//! contents, paginated listings and no last-updated date outside git.

mod common;

use common::Fixture;

fn built_with_drafts() -> Fixture {
    let f = Fixture::new("basic");
    let run = f.run(&["build", "--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    f
}

const BANNER: &str = r#"class="drafts-banner""#;

#[test]
fn the_drafts_banner_shows_only_where_a_draft_is() {
    let f = built_with_drafts();
    assert!(
        f.read("public/debug/draft-idea/index.html")
            .contains(BANNER)
    );
    assert!(
        f.read("public/debug/index.html").contains(BANNER),
        "a listing with a draft"
    );
    for clean in [
        "public/debug/read-only-logs/index.html",
        "public/code-review/index.html",
        "public/index.html",
        "public/tags/index.html",
    ] {
        assert!(!f.read(clean).contains(BANNER), "{clean} shows the banner");
    }
    // Without --drafts, nowhere.
    let run = f.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!f.read("public/debug/index.html").contains(BANNER));
}

#[test]
fn print_pages_hold_every_page_with_answers_and_no_controls() {
    let f = built_with_drafts();
    let print = f.read("public/print/index.html");
    let home = f.read("public/index.html");
    assert!(
        home.contains(r#"href="./print/index.html""#)
            || home.contains(r#"href="print/index.html""#),
        "home links the print page"
    );
    for title in ["Unfinished idea", "Later."] {
        assert!(print.contains(title), "{title} missing");
    }
    for control in ["<button", "<input", "<form", "<select", "<textarea"] {
        assert!(!print.contains(control), "a control: {control}");
    }
    // Ids are prefixed per page, so two pages' headings do not clash.
    assert!(!print.contains(r#" id="scenario""#));
    assert!(f.path("public/print/debug/index.html").is_file());
    assert!(f.path("public/print/code-review/index.html").is_file());
}

#[test]
fn the_table_of_contents_is_one_shared_script() {
    let f = built_with_drafts();
    let toc = f.read("public/static/toc.js");
    assert!(toc.starts_with("window.__drillbookToc={"), "{toc}");
    assert!(toc.contains(r#""read-only-logs""#));
    let page = f.read("public/debug/read-only-logs/index.html");
    assert!(page.contains(r#"static/toc.js" defer></script>"#));
    assert!(
        !page.contains("Unfinished idea"),
        "the page itself does not list other pages"
    );
}

#[test]
fn outside_a_git_repository_no_date_is_shown() {
    // The fixture is copied into a temporary folder, which git does not track.
    let f = built_with_drafts();
    let page = f.read("public/debug/read-only-logs/index.html");
    assert!(!page.contains(r#"data-i18n="updated""#));
}

/// A page's header lists the modules while there are a dozen or fewer;
/// past that it links the home page's list, so a page's bytes do not grow
/// with the number of modules (issue 13: 2,000 modules gave 284 MB).
#[test]
fn page_weight_does_not_grow_with_the_number_of_modules() {
    let page_bytes = |modules: usize| {
        let f = Fixture::new("basic");
        let mut toml = f.read("book.toml");
        for i in 0..modules {
            toml.push_str(&format!(
                "\n[[modules]]\nid = \"extra-{i}\"\ntitle = \"Extra module number {i}\"\n"
            ));
        }
        f.write("book.toml", toml);
        let run = f.run(&["build"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        f.read("public/debug/read-only-logs/index.html")
    };
    let few = page_bytes(0);
    assert!(
        few.contains(">Code review</a>"),
        "a short list stays in the header"
    );
    let (some, many) = (page_bytes(20), page_bytes(400));
    assert!(!some.contains("Extra module number"), "{some}");
    assert_eq!(some.len(), many.len(), "20 and 400 extra modules");
}

/// Past 1,000 pages a print set is split into parts of at most 1,000 pages,
/// each its own file, and the whole-handbook page lists the modules' print
/// pages instead of repeating them: every page is still printed once, with
/// its answer, and a link to a page in another part goes to that part.
#[test]
fn print_sets_past_a_thousand_pages_are_split_into_parts() {
    let f = Fixture::new("basic");
    for i in 0..1001 {
        f.write(
            &format!("content/debug/bulk-{i:04}.md"),
            format!(
                "---\ntitle: Bulk page {i:04}\nkind: guide\n---\n\nText {i}, see [the first](bulk-0000.md) and [the last](bulk-1000.md#tail).\n\n## Tail\n"
            ),
        );
    }
    let run = f.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let whole = f.read("public/print/index.html");
    for module in ["debug", "code-review"] {
        let link = format!(r#"href="../print/{module}/index.html""#);
        assert!(
            whole.contains(&link),
            "the whole page lists {module}: {whole}"
        );
    }
    assert!(
        !whole.contains("Bulk page"),
        "the whole page does not repeat the modules"
    );
    assert!(f.read("public/index.html").contains("print/index.html"));
    assert!(
        f.read("public/debug/index.html")
            .contains("print/debug/index.html")
    );
    let parts = [
        f.read("public/print/debug/index.html"),
        f.read("public/print/debug/2.html"),
    ];
    assert!(!f.path("public/print/debug/3.html").exists());
    assert!(parts[0].contains("Part 1 of 2") && parts[1].contains("Part 2 of 2"));
    for i in 0..1001 {
        let title = format!(">Bulk page {i:04}</h2>");
        let count: usize = parts.iter().map(|p| p.matches(&title).count()).sum();
        assert_eq!(count, 1, "{title} printed once across the parts");
    }
    // Every in-set link names an anchor that exists in the part it names.
    let files = ["index.html", "2.html"];
    let mut cross = 0;
    for (k, part) in parts.iter().enumerate() {
        for href in part
            .split("href=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
        {
            let Some((file, frag)) = href.split_once('#') else {
                continue;
            };
            let target = match file {
                "" => k,
                other => match files.iter().position(|f| *f == other) {
                    Some(n) => n,
                    None => continue,
                },
            };
            if target != k {
                cross += 1;
            }
            assert!(
                parts[target].contains(&format!(r#"id="{frag}""#)),
                "part {} links to #{frag} in {}",
                k + 1,
                files[target]
            );
        }
    }
    assert!(cross > 0, "some links cross from one part to the other");
    assert!(f.path("public/print/code-review/index.html").exists());
}
