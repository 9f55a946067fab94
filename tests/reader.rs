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
