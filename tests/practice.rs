//! The practice loop's generated files in `drillbook build` of
//! `tests/fixtures/practice/`: the Review page at `review/index.html`, the
//! one list of drills `review/drills.js`, the header link on every page, the
//! practice script and stylesheet shared by every page (no per-page data),
//! and "Review / 复习" in the search index.

mod common;

use common::Fixture;
use drillbook::test_support::query_files;

fn built() -> Fixture {
    let f = Fixture::new("practice");
    let run = f.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    f
}

/// The JSON inside `window.drillbookDrills = …;`.
fn drills(f: &Fixture) -> serde_json::Value {
    let js = f.read("public/review/drills.js");
    let json = js
        .strip_prefix("window.drillbookDrills = ")
        .and_then(|s| s.strip_suffix(";\n"))
        .unwrap_or_else(|| panic!("unexpected drills.js: {js}"));
    serde_json::from_str(json).expect("drills.js holds JSON")
}

#[test]
fn the_review_page_is_built_with_relative_links() {
    let f = built();
    let page = f.read("public/review/index.html");
    assert!(
        page.contains("<title data-en=\"Review · Practice fixture handbook\""),
        "{page}"
    );
    assert!(page.contains("data-review-page"));
    assert!(page.contains(r#"<script src="drills.js"></script>"#));
    assert!(page.contains(r#"<link rel="stylesheet" href="../static/practice.css">"#));
    assert!(page.contains(r#"<script src="../static/practice.js" defer></script>"#));
    assert!(
        page.contains(r#"aria-current="page""#),
        "the header marks the Review page"
    );
    for label in ["Export progress", "Import progress", "Reset progress"] {
        assert!(page.contains(label), "missing {label}");
    }
    assert!(f.path("public/static/practice.js").is_file());
    assert!(f.path("public/static/practice.css").is_file());
}

#[test]
fn drills_js_lists_every_drill_in_module_order_and_nothing_else() {
    let f = built();
    let data = drills(&f);
    let ids: Vec<&str> = data["drills"]
        .as_array()
        .expect("drills")
        .iter()
        .map(|d| d[0].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids,
        [
            "ops/disk-full/",
            "ops/dns-timeouts/",
            "ops/oom-kills/",
            "talk/status-update/"
        ]
    );
    assert_eq!(
        data["drills"][0],
        serde_json::json!(["ops/disk-full/", "Disk full on /var", "/var 磁盘写满", 0])
    );
    assert_eq!(data["drills"][2][2], "", "no Chinese title");
    assert_eq!(data["drills"][3][3], 1, "the second module");
    assert_eq!(data["modules"][1]["id"], "talk");
    assert_eq!(data["modules"][1]["title_zh"], "事故沟通");
    // A title cannot close the script element it is loaded by.
    let js = f.read("public/review/drills.js");
    assert!(!js.contains("</script"), "{js}");
    assert_eq!(
        data["drills"][2][1],
        "OOM kills after a \"small\" change </script>"
    );
}

#[test]
fn every_page_links_the_review_page_and_loads_only_the_shared_practice_files() {
    let f = built();
    for (rel, root) in [
        ("index.html", "./"),
        ("ops/index.html", "../"),
        ("ops/disk-full/index.html", "../../"),
        ("talk/heads-up/index.html", "../../"),
        ("tags/index.html", "../"),
        ("404.html", "./"),
    ] {
        let page = f.read(&format!("public/{rel}"));
        let link = format!(r#"<a class="review-link" href="{root}review/index.html""#);
        assert!(page.contains(&link), "{rel} has no Review link");
        assert!(page.contains(r#"data-i18n="review">Review / 复习</span>"#));
        assert!(page.contains("data-due-count"));
        assert!(
            !page.contains("drills.js"),
            "{rel} loads the list of drills"
        );
        assert!(!page.contains("drillbookDrills"));
    }
    // A drill page loads the shared scripts and nothing per handbook size.
    let drill = f.read("public/ops/disk-full/index.html");
    let scripts: Vec<&str> = drill
        .split("<script src=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert!(scripts.contains(&"../../static/practice.js"), "{scripts:?}");
    assert!(
        scripts.iter().all(|s| s.starts_with("../../static/")),
        "only the theme's shared scripts: {scripts:?}"
    );
    assert!(!drill.contains("<script>"), "no inline script data");
    // Drill pages name their module; listings mark their drills for badges.
    assert!(drill.contains(r#"<article class="page page-drill" data-module="ops">"#));
    let module = f.read("public/ops/index.html");
    assert!(module.contains(r#"data-practice-id="ops/disk-full/index.html""#));
    assert!(module.contains(r#"data-module-progress="ops" data-drills="3""#));
    let home = f.read("public/index.html");
    assert!(home.contains(r#"data-module-progress="talk" data-drills="1""#));
    let template = f.read("public/talk/index.html");
    assert!(
        !template.contains(r#"data-practice-id="talk/heads-up/"#),
        "templates get no practice badge"
    );
}

#[test]
fn the_review_page_is_in_the_search_index_in_both_languages() {
    let f = built();
    let site = f.path("public");
    for q in ["review", "Review", "复习", "export progress"] {
        let hits = query_files(&site, q).expect("index readable");
        assert_eq!(
            hits.first().map(String::as_str),
            Some("review/index.html"),
            "query {q}: {hits:?}"
        );
    }
}

#[test]
fn a_handbook_without_drills_still_gets_an_empty_review_page() {
    let f = Fixture::new("practice");
    for rel in [
        "content/ops/disk-full.md",
        "content/ops/dns-timeouts.md",
        "content/ops/oom-kills.md",
        "content/talk/status-update.md",
    ] {
        std::fs::remove_file(f.path(rel)).expect("remove drill");
    }
    let run = f.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(f.path("public/review/index.html").is_file());
    assert_eq!(drills(&f)["drills"], serde_json::json!([]));
}
