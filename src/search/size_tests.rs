//! The issue-5 budget: at 10,000 synthetic bilingual pages, the worst first
//! query of one term loads at most 150 kB (scripts, meta, shards, records).

use super::budget::FIRST_QUERY_BUDGET;
use super::{build_index, synth};

/// Words of English per page: ~2.6 kB of text a page in release; debug builds
/// tokenize ~10× slower, so they index shorter pages of the same 10,000-page
/// corpus (shard sizes follow document frequencies, which barely change).
const WORDS: usize = if cfg!(debug_assertions) { 120 } else { 300 };

#[test]
fn first_query_fits_the_budget_at_10k_pages() {
    let started = std::time::Instant::now();
    let docs = synth::corpus(10_000, WORDS, 42);
    let index = build_index(&docs);
    let total: usize = index.files.iter().map(|f| f.bytes.len()).sum();
    let text: usize = docs
        .iter()
        .map(|d| d.body.len() + d.zh.len() + d.title.len())
        .sum();
    eprintln!(
        "10k pages ({text} bytes of text): {} files, {total} bytes; first query {} bytes; {:?}",
        index.files.len(),
        index.budget.first_query_bytes,
        started.elapsed()
    );
    for w in &index.budget.warnings {
        eprintln!("{w}");
    }
    assert!(
        index.budget.first_query_bytes <= FIRST_QUERY_BUDGET,
        "{} bytes",
        index.budget.first_query_bytes
    );
    assert!(
        index.budget.warnings.is_empty(),
        "{:?}",
        index.budget.warnings
    );
}
