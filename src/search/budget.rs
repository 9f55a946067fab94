//! Stage: search, step 5 (budget). Input: the `Meta`, the index and its files.
//! Output: `first_query_bytes` (what a reader loads for the worst first query
//! of one term) and warnings for files over their share of the budget.
//! Worst case = scripts + meta + the costliest term's files + the largest
//! record chunks for a first page and for the records `search.js` fetches
//! ahead for the next keystroke (an upper bound: real results rarely hit
//! the largest ones).

use super::index::Inverted;
use super::shard::{Meta, PrefixSource};
use super::tokenize::{is_cjk, prefix_candidates};
use std::collections::{BTreeSet, HashMap, HashSet};

/// The vendored front end, counted in every first query.
const SEARCH_JS: &str = include_str!("../../themes/default/static/search.js");
const SEARCH_CSS: &str = include_str!("../../themes/default/static/search.css");

/// Target for a first query at 10,000 pages (issue 5).
pub const FIRST_QUERY_BUDGET: usize = 150_000;
/// One term or bucket file above this crowds out the rest of the budget.
pub const FILE_SHARE: usize = 48_000;
/// Results a first page shows (and loads records for).
pub const FIRST_PAGE: usize = 10;
/// Likely next queries whose first record `search.js` fetches ahead
/// (its `PREFETCH`), so that keystroke needs no record load.
pub const PREFETCH: usize = 3;

/// Files a one-term query `q` loads: for a Latin term, as the last (prefix) term.
pub fn term_files(meta: &Meta, q: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    if q.chars().next().is_some_and(is_cjk) {
        out.extend(meta.exact_file(q));
        return out;
    }
    let source = meta.prefix_source(q);
    if let Some(PrefixSource::Shard(f) | PrefixSource::Merged(f)) = &source {
        out.insert(f.clone());
    }
    // As search.js: a candidate starting with `q` is in the source already.
    for c in prefix_candidates(q) {
        if source.is_none() || !c.starts_with(q) {
            out.extend(meta.exact_file(&c));
        }
    }
    out
}

/// Measures the worst first query and lists files over their share.
pub fn measure(meta: &Meta, inv: &Inverted, files: &[(String, usize)]) -> (usize, Vec<String>) {
    let sizes: HashMap<&str, usize> = files
        .iter()
        .map(|(path, len)| (file_name(path), *len))
        .collect();
    let size = |name: &str| sizes.get(name).copied().unwrap_or(0);
    let mut warnings = Vec::new();
    for (name, &len) in &sizes {
        if len > FILE_SHARE && !name.starts_with("r/") {
            warnings.push(format!(
                "search: index file `search/{name}.js` is {len} bytes, over its {FILE_SHARE}-byte share of a first query"
            ));
        }
    }
    warnings.sort();
    let worst_term = queries(inv)
        .into_iter()
        .map(|q| term_files(meta, q).iter().map(|f| size(f)).sum::<usize>())
        .max()
        .unwrap_or(0);
    let mut records: Vec<usize> = sizes
        .iter()
        .filter(|(n, _)| n.starts_with("r/"))
        .map(|(_, &l)| l)
        .collect();
    records.sort_unstable_by(|a, b| b.cmp(a));
    let records: usize = records.iter().take(FIRST_PAGE + PREFETCH).sum();
    let total = SEARCH_JS.len() + SEARCH_CSS.len() + size("meta") + worst_term + records;
    if total > FIRST_QUERY_BUDGET {
        warnings.push(format!(
            "search: a first query may load {total} bytes, over the {FIRST_QUERY_BUDGET}-byte budget"
        ));
    }
    (total, warnings)
}

/// `search/s/3.js` → `s/3`.
fn file_name(path: &str) -> &str {
    let p = path.strip_prefix("search/").unwrap_or(path);
    p.strip_suffix(".js").unwrap_or(p)
}

/// Every one-term query worth measuring: each CJK token, and each prefix of
/// ≥ 2 characters of each Latin token (what a reader types on the way).
fn queries(inv: &Inverted) -> HashSet<&str> {
    let mut out = HashSet::new();
    for (tok, _) in &inv.terms {
        if tok.chars().next().is_some_and(is_cjk) {
            out.insert(tok.as_str());
            continue;
        }
        for (k, _) in tok.char_indices().skip(2) {
            out.insert(&tok[..k]);
        }
        if tok.chars().count() >= 2 {
            out.insert(tok.as_str());
        }
    }
    out
}
