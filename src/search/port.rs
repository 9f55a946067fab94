//! Tests for the search stage as a whole: the Rust port of `search.js`'s
//! query evaluation (`query.rs`), run over the generated files, must find
//! exactly the pages (and scores) a brute-force scan of every page's tokens
//! finds. Also writes the fixture `tests/js/fixture/` that the node tests run
//! `search.js` against.

use super::index;
use super::query::{Hit, Loaded, ranked};
use super::tokenize::{query_terms, term_matches, tokenize};
use super::{SearchDoc, index_with_target, synth};
use std::collections::{BTreeMap, HashMap};

/// The reference: every page's own tokens, matched one by one.
pub struct BruteForce {
    /// Per page: its tokens with their impacts.
    pages: Vec<HashMap<String, u8>>,
}

impl BruteForce {
    pub fn new(docs: &[SearchDoc]) -> Self {
        let inv = index::build(docs);
        let mut pages: Vec<HashMap<String, u8>> = vec![HashMap::new(); docs.len()];
        for (tok, posts) in &inv.terms {
            for &(d, imp) in posts {
                pages[d as usize].insert(tok.clone(), imp);
            }
        }
        for (page, doc) in pages.iter().zip(docs) {
            let own: Vec<String> = index::doc_terms(doc).weighted.into_keys().collect();
            assert_eq!(
                own.len(),
                page.len(),
                "every token of {} is indexed",
                doc.url
            );
        }
        BruteForce { pages }
    }

    pub fn search(&self, query: &str) -> Vec<Hit> {
        let terms = query_terms(query);
        if terms.is_empty() {
            return Vec::new();
        }
        let mut hits = Vec::new();
        for (id, toks) in self.pages.iter().enumerate() {
            let score = terms.iter().try_fold(0u32, |acc, term| {
                let best = toks
                    .iter()
                    .filter(|(t, _)| term_matches(term, t))
                    .map(|(_, &i)| i)
                    .max();
                best.map(|b| acc + u32::from(b))
            });
            if let Some(s) = score {
                hits.push((id as u32, s));
            }
        }
        ranked(hits)
    }
}

/// Queries drawn from the corpus: prefixes, whole words, pairs, CJK, mixed.
pub fn sample_queries(docs: &[SearchDoc], rng: &mut synth::Rng, n: usize) -> Vec<String> {
    let mut out: Vec<String> = [
        "thrott",
        "throttling",
        "retries backoff",
        "CPU 限流",
        "etcd 选主",
        "只读",
        "限",
        "uid_ma",
        "uid_map",
        "/proc/self/mountinfo",
        "ndots:5",
        "p99",
        "dmesg",
        "crictl ps",
        "回滚 rollback",
        "th",
        "re",
        "co",
        "ka",
        "the",
        "学",
        "中文 笔记",
        "文件系统",
        "ＣＰＵ",
        "zzzz",
        "",
        "!!",
        "a",
        "kubectl get po",
    ]
    .map(String::from)
    .to_vec();
    while out.len() < n {
        let doc = &docs[rng.below(docs.len())];
        let words: Vec<&str> = doc
            .body
            .split_whitespace()
            .chain(doc.zh.split('，'))
            .collect();
        let w = words[rng.below(words.len())];
        let q = match rng.below(5) {
            0 => w.chars().take(2 + rng.below(4)).collect(),
            1 => format!("{} {}", words[rng.below(words.len())], w),
            2 => w
                .chars()
                .filter(|c| super::tokenize::is_cjk(*c))
                .take(1 + rng.below(3))
                .collect(),
            3 => format!(
                "{w} {}",
                doc.zh
                    .chars()
                    .skip(8 + rng.below(20))
                    .take(2)
                    .collect::<String>()
            ),
            _ => w.to_string(),
        };
        out.push(q);
    }
    out
}

fn check_corpus(docs: &[SearchDoc], target: usize, queries: usize) {
    let index = index_with_target(docs, target);
    let loaded = Loaded::new(&index.files);
    let brute = BruteForce::new(docs);
    let mut rng = synth::Rng::new(7);
    let mut nonempty = 0;
    for q in sample_queries(docs, &mut rng, queries) {
        let want = brute.search(&q);
        nonempty += usize::from(!want.is_empty());
        let have = loaded.search(&q);
        assert!(
            have == want,
            "query {q:?} (shard target {target}): {} hits, brute force {}",
            have.len(),
            want.len()
        );
    }
    assert!(
        nonempty > queries / 3,
        "too few queries found anything: {nonempty}"
    );
}

#[test]
fn sharded_search_equals_brute_force_with_deep_splits() {
    check_corpus(&synth::corpus(120, 60, 3), 300, 400);
}

#[test]
fn sharded_search_equals_brute_force_with_default_shards() {
    check_corpus(&synth::corpus(400, 80, 5), super::shard::SHARD_TARGET, 300);
}

#[test]
fn mixed_queries_narrow_to_pages_with_both() {
    let docs = synth::corpus(200, 60, 11);
    let loaded = Loaded::new(&index_with_target(&docs, 500).files);
    let cpu = loaded.search("cpu");
    let both = loaded.search("cpu 限流");
    assert!(!both.is_empty() && both.len() < cpu.len());
    for (doc, _) in both {
        let toks = tokenize(&format!(
            "{} {}",
            docs[doc as usize].zh,
            docs[doc as usize].title_zh.clone().unwrap_or_default()
        ));
        assert!(toks.iter().any(|t| t == "限流"));
    }
}

/// The node tests run `search.js` over this fixture and expect these results.
#[test]
fn js_fixture_is_current() {
    let docs = synth::corpus(60, 40, 13);
    let index = index_with_target(&docs, 240);
    let loaded = Loaded::new(&index.files);
    let mut rng = synth::Rng::new(17);
    let expected: BTreeMap<String, Vec<Hit>> = sample_queries(&docs, &mut rng, 80)
        .into_iter()
        .map(|q| {
            let r = loaded.search(&q);
            (q, r)
        })
        .collect();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/js/fixture");
    let mut want: BTreeMap<String, String> = index
        .files
        .iter()
        .map(|f| {
            (
                f.path.clone(),
                String::from_utf8(f.bytes.clone()).expect("utf-8"),
            )
        })
        .collect();
    let lines: Vec<String> = expected
        .iter()
        .map(|(q, hits)| format!("  {}: {}", serde_json::json!(q), serde_json::json!(hits)))
        .collect();
    let expected = format!("{{\n{}\n}}\n", lines.join(",\n"));
    want.insert("expected.json".into(), expected);
    let update = std::env::var_os("DRILLBOOK_UPDATE_FIXTURES").is_some();
    for (path, text) in &want {
        let full = format!("{dir}/{path}");
        let have = std::fs::read_to_string(&full).unwrap_or_default();
        if update {
            std::fs::create_dir_all(std::path::Path::new(&full).parent().expect("has parent"))
                .expect("mkdir");
            std::fs::write(&full, text).expect("write fixture");
        } else {
            assert!(
                &have == text,
                "{full} is stale: rerun with DRILLBOOK_UPDATE_FIXTURES=1"
            );
        }
    }
}
