//! Bilingual search end to end: the real binary builds a handbook into a
//! temporary folder, then the crate's Rust port of the query side
//! (`drillbook::search::query_files`, the same evaluation `search.js` does)
//! answers queries over the generated `search/` files.
//!
//! 1. `tests/fixtures/search/`: a small handbook where each query has one
//!    unambiguous answer (English word, phrase, prefix, Chinese in `::: zh`
//!    notes only, `title_zh` only, mixed, nonsense, drafts).
//! 2. The project's own handbook: real queries a reader would type, each with
//!    the page they mean, which must rank in the top five.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use drillbook::test_support::query_files;

/// Builds the handbook at `root` into a fresh temporary folder.
fn build(root: &Path, extra: &[&str]) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    let site = out.path().join("site");
    let run = Command::new(env!("CARGO_BIN_EXE_drillbook"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(&site)
        .args(extra)
        .env("NO_COLOR", "1")
        .output()
        .expect("run drillbook");
    assert!(
        run.status.success(),
        "drillbook build failed:\n{}{}",
        String::from_utf8_lossy(&run.stderr),
        String::from_utf8_lossy(&run.stdout)
    );
    out
}

fn site(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("site")
}

fn fixture_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search")
}

/// The fixture built once (without drafts) for every fixture test.
fn fixture() -> &'static Path {
    static BUILT: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = BUILT.get_or_init(|| build(&fixture_root(), &[]));
    dir.path()
}

/// The project's own handbook built once.
fn handbook() -> &'static Path {
    static BUILT: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = BUILT.get_or_init(|| build(Path::new(env!("CARGO_MANIFEST_DIR")), &[]));
    dir.path()
}

/// Result URLs for `q` over the site built into `dir`.
fn search(dir: &Path, q: &str) -> Vec<String> {
    query_files(&dir.join("site"), q).expect("index files readable")
}

/// `ops/cpu-quota` → `ops/cpu-quota/index.html`, the URL a record carries.
fn url(page: &str) -> String {
    format!("{page}/index.html")
}

fn urls(pages: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = pages.iter().map(|p| url(p)).collect();
    v.sort();
    v
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

// ---- 1. the fixture handbook ------------------------------------------------

#[test]
fn english_word_finds_the_page_that_has_it() {
    assert_eq!(
        search(fixture(), "conntrack"),
        vec![url("ops/dns-conntrack")]
    );
    // Case and full-width forms fold: `ＤＭＥＳＧ` is `dmesg`.
    assert_eq!(
        search(fixture(), "ＤＭＥＳＧ"),
        vec![url("ops/dns-conntrack")]
    );
}

#[test]
fn a_title_match_outranks_a_body_match() {
    // Both pages say `jitter`; only one says it in its title.
    assert_eq!(
        search(fixture(), "jitter"),
        vec![url("review/retry-backoff"), url("review/jitter-guide")]
    );
}

#[test]
fn a_phrase_needs_every_word() {
    // `backoff` alone is on two pages and `jitter` alone on two; both only on one.
    assert_eq!(
        sorted(search(fixture(), "backoff")),
        urls(&["review/rate-limit", "review/retry-backoff"])
    );
    assert_eq!(
        search(fixture(), "backoff jitter"),
        vec![url("review/retry-backoff")]
    );
    assert_eq!(
        search(fixture(), "jitter backoff"),
        vec![url("review/retry-backoff")]
    );
}

#[test]
fn a_prefix_finds_the_whole_word() {
    // The last word is typed as a prefix: `thrott` → throttling / throttled.
    assert_eq!(search(fixture(), "thrott"), vec![url("ops/cpu-quota")]);
    assert_eq!(search(fixture(), "throttlin"), vec![url("ops/cpu-quota")]);
    assert_eq!(search(fixture(), "throttling"), vec![url("ops/cpu-quota")]);
}

#[test]
fn two_chinese_characters_found_only_in_zh_notes() {
    // 巡检 appears only inside a `::: zh` note.
    let source = std::fs::read_to_string(fixture_root().join("content/ops/disk-read-only.md"))
        .expect("fixture page");
    let note = source.split("::: zh").nth(1).expect("zh note");
    assert!(note.contains("巡检") && !source.replace(note, "").contains("巡检"));
    assert_eq!(search(fixture(), "巡检"), vec![url("ops/disk-read-only")]);
}

#[test]
fn five_chinese_characters_found_only_in_zh_notes() {
    assert_eq!(
        search(fixture(), "连接跟踪表"),
        vec![url("ops/dns-conntrack")]
    );
    // Every bigram must match: a five-character run that is not in the text
    // (though each character is) finds nothing.
    assert_eq!(search(fixture(), "跟踪表连接"), Vec::<String>::new());
}

#[test]
fn a_query_found_only_in_title_zh() {
    assert_eq!(search(fixture(), "值班交接"), vec![url("ops/handover")]);
}

#[test]
fn mixed_english_and_chinese_needs_both() {
    // `CPU` alone: the throttling drill and the DNS drill ("CPU usage is
    // normal"); `限流` alone: the throttling drill and the rate-limit drill.
    assert_eq!(
        sorted(search(fixture(), "CPU")),
        urls(&["ops/cpu-quota", "ops/dns-conntrack"])
    );
    assert_eq!(
        sorted(search(fixture(), "限流")),
        urls(&["ops/cpu-quota", "review/rate-limit"])
    );
    assert_eq!(search(fixture(), "CPU 限流"), vec![url("ops/cpu-quota")]);
    assert_eq!(search(fixture(), "限流 cpu"), vec![url("ops/cpu-quota")]);
}

#[test]
fn nonsense_finds_nothing() {
    for q in ["zqxwvy", "qqqq 限流", "搜索不到的词", "", "  !! "] {
        assert_eq!(search(fixture(), q), Vec::<String>::new(), "query {q:?}");
    }
}

#[test]
fn a_draft_is_searchable_only_when_built_with_drafts() {
    assert_eq!(search(fixture(), "quokka"), Vec::<String>::new());
    let with = build(&fixture_root(), &["--drafts"]);
    assert_eq!(
        query_files(&site(&with), "quokka").expect("index"),
        vec![url("ops/quokka-draft")]
    );
}

// ---- 2. the project's own handbook --------------------------------------------

/// Queries a reader types, each with the page they mean (under `content/`).
#[rustfmt::skip]
const HANDBOOK_QUERIES: &[(&str, &str)] = &[
    // The examples the product brief names.
    ("read-only", "debug/read-only-filesystem-logs"),
    ("只读", "debug/read-only-filesystem-logs"),
    ("回滚", "expression/proposing-a-rollback"),
    ("backoff jitter", "code-review/blob-write-retry-fixed-interval"),
    ("conntrack", "debug/dns-timeouts-conntrack"),
    ("ndots", "debug/coredns-ndots"),
    ("etcd 选主", "debug/etcd-leader-churn"),
    ("gp3 io2", "system-design/log-volume-gp3-vs-io2"),
    ("overlay", "debug/overlay-mount-permission-denied"),
    ("证书过期", "debug/tls-certificate-expiry"),
    ("Slack", "expression/slack-incident-heads-up"),
    ("复盘", "debug/rca-write-up"),
    // English words, phrases, identifiers and prefixes.
    ("thrott", "debug/cpu-throttling-cfs"),
    ("conntra", "debug/dns-timeouts-conntrack"),
    ("panic", "debug/read-only-filesystem-logs"),
    ("panicking", "debug/read-only-filesystem-logs"),
    ("EBS gp3", "debug/read-only-filesystem-logs"),
    ("force-unlock", "code-review/terraform-force-unlock-ci"),
    ("liveness probe", "code-review/liveness-probe-checks-database"),
    ("OOMKilled", "debug/jvm-oomkilled-healthy-heap"),
    ("consumer lag", "system-design/kafka-lag-capacity"),
    ("idempotent", "code-review/kafka-commit-before-processing"),
    ("FluentBit sidecar", "code-review/fluentbit-sidecar-no-retry"),
    ("exponential backoff", "code-review/blob-write-retry-fixed-interval"),
    ("handover", "debug/handover-note"),
    ("vendor escalation", "debug/vendor-escalation"),
    ("first suspicion", "expression/userns-first-suspicion"),
    ("root cause yet", "expression/we-dont-know-yet"),
    ("disagree", "expression/disagreeing-in-design-review"),
    ("rollback", "expression/proposing-a-rollback"),
    ("snapshot GC", "system-design/content-store-snapshot-gc"),
    ("canary", "system-design/global-config-canary"),
    ("status email", "expression/status-email"),
    ("all-clear", "expression/slack-incident-heads-up"),
    ("PR review comment", "code-review/pr-review-comments"),
    ("CoreDNS", "debug/coredns-ndots"),
    ("uid_map", "debug/overlay-mount-permission-denied"),
    ("nr_throttled", "debug/cpu-throttling-cfs"),
    ("midnight", "debug/tls-certificate-expiry"),
    // Chinese: notes and title_zh.
    ("只读文件系统", "debug/read-only-filesystem-logs"),
    ("存活探针", "code-review/liveness-probe-checks-database"),
    ("堆内存", "debug/jvm-oomkilled-healthy-heap"),
    ("偏移量", "code-review/kafka-commit-before-processing"),
    ("消费积压", "system-design/kafka-lag-capacity"),
    ("连接池", "code-review/postgres-pool-size-increase"),
    ("值班交接", "debug/handover-note"),
    ("工单", "debug/vendor-escalation"),
    ("我初步怀疑", "expression/userns-first-suspicion"),
    ("垃圾回收", "system-design/content-store-snapshot-gc"),
    ("跨可用区", "system-design/cross-az-traffic-cost"),
    ("双活", "system-design/active-active-two-regions"),
    ("金丝雀", "system-design/global-config-canary"),
    ("分层排查", "debug/layered-debug-path"),
    ("成本估算", "system-design/design-review-skeleton"),
    ("每周稳定性", "expression/status-email"),
    ("退避", "code-review/blob-write-retry-fixed-interval"),
    // Mixed English and Chinese.
    ("CPU 限流", "debug/cpu-throttling-cfs"),
    ("etcd选主", "debug/etcd-leader-churn"),
    ("sidecar 重试", "code-review/fluentbit-sidecar-no-retry"),
    ("Kafka 分区", "system-design/kafka-lag-capacity"),
    ("P99 延迟", "debug/cpu-throttling-cfs"),
];

#[test]
fn handbook_queries_rank_the_intended_page_in_the_top_five() {
    let mut misses = Vec::new();
    for &(q, page) in HANDBOOK_QUERIES {
        let results = search(handbook(), q);
        let top: Vec<&str> = results
            .iter()
            .take(5)
            .map(|u| u.trim_end_matches("/index.html"))
            .collect();
        if !top.contains(&page) {
            misses.push(format!("{q:?}: want {page}, top five {top:?}"));
        }
    }
    assert!(
        misses.is_empty(),
        "intended pages missing from the top five:\n{}",
        misses.join("\n")
    );
}

#[test]
fn handbook_queries_name_real_pages() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for &(q, page) in HANDBOOK_QUERIES {
        assert!(
            content.join(format!("{page}.md")).is_file(),
            "{q:?} names {page}, which is not a page"
        );
    }
}
