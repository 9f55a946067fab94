//! Stage: search, step 2 (weigh). Input: `SearchDoc`s. Output: `Inverted`, every
//! token's postings (doc id, impact 1..=63), sorted by token then doc id.
//! Impacts are BM25F scores (field-weighted term counts, length-normalised)
//! quantised to 6 bits, so a query's score is a sum of small integers that the
//! Rust and JS sides compute identically.

use super::SearchDoc;
use super::tokenize::for_each_token;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// Field weights: a title match outranks a heading or tag match, which
/// outranks one in the body, the Chinese notes or a template.
const TITLE_W: u32 = 6;
const HEADING_W: u32 = 3;
const TAG_W: u32 = 3;
const TEXT_W: u32 = 1;
const MODULE_W: u32 = 1;

/// The usual BM25 constants.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Highest quantised impact: one base64 character per posting.
pub const MAX_IMPACT: u8 = 63;

/// One posting: a document and how well the token describes it.
pub type Posting = (u32, u8);

/// Every token with its postings, sorted by token (and doc id within).
#[derive(Debug, Default)]
pub struct Inverted {
    pub docs: usize,
    pub terms: Vec<(String, Vec<Posting>)>,
}

/// A page's tokens with their field-weighted counts, and its weighted length.
#[derive(Debug, Default)]
pub struct DocTerms {
    pub weighted: FxHashMap<String, u32>,
    pub length: u32,
}

/// Tokenizes every field of `doc`, weighing each token by its field.
pub fn doc_terms(doc: &SearchDoc) -> DocTerms {
    let mut out = DocTerms::default();
    let mut add = |text: &str, weight: u32| {
        for_each_token(text, |tok| {
            // Most tokens repeat: count them without allocating a key.
            match out.weighted.get_mut(tok) {
                Some(count) => *count += weight,
                None => {
                    out.weighted.insert(tok.to_string(), weight);
                }
            }
            out.length += weight;
        });
    };
    add(&doc.title, TITLE_W);
    add(doc.title_zh.as_deref().unwrap_or(""), TITLE_W);
    for h in &doc.headings {
        add(h, HEADING_W);
    }
    for t in &doc.tags {
        add(t, TAG_W);
    }
    let module = [&doc.module, &doc.module_title, &doc.module_title_zh];
    for m in module {
        add(m, MODULE_W);
    }
    for text in [&doc.body, &doc.zh, &doc.templates] {
        add(text, TEXT_W);
    }
    out
}

/// Docs tokenized at once: each doc's token map is short-lived, and holding
/// all 10,000 of them at the same time cost hundreds of megabytes.
const CHUNK: usize = 512;

/// Builds the postings of every token of `docs` (doc id = index in `docs`).
pub fn build<D: std::borrow::Borrow<SearchDoc> + Sync>(docs: &[D]) -> Inverted {
    let mut lengths: Vec<f64> = Vec::with_capacity(docs.len());
    // Fx hashing: counting tokens is most of the index's work, and the
    // output does not depend on the map's order (postings are pushed in doc
    // order, terms sorted).
    let mut counts: FxHashMap<String, Vec<(u32, u32)>> = FxHashMap::default();
    for chunk in docs.chunks(CHUNK) {
        let per_doc: Vec<DocTerms> = chunk.par_iter().map(|d| doc_terms(d.borrow())).collect();
        for d in per_doc {
            let id = u32::try_from(lengths.len()).unwrap_or(u32::MAX);
            lengths.push(f64::from(d.length.max(1)));
            for (tok, wtf) in d.weighted {
                counts.entry(tok).or_default().push((id, wtf));
            }
        }
    }
    let avgdl = lengths.iter().sum::<f64>() / lengths.len().max(1) as f64;
    let n = docs.len() as f64;
    let score = |wtf: u32, doc: u32, df: usize| {
        let idf = (1.0 + (n - df as f64 + 0.5) / (df as f64 + 0.5)).ln();
        let norm = 1.0 - B + B * lengths[doc as usize] / avgdl;
        let wtf = f64::from(wtf);
        idf * wtf * (K1 + 1.0) / (wtf + K1 * norm)
    };
    let smax = counts
        .values()
        .flat_map(|p| p.iter().map(move |&(d, w)| score(w, d, p.len())))
        .fold(0.0_f64, f64::max);
    let mut terms: Vec<(String, Vec<Posting>)> = counts
        .into_par_iter()
        .map(|(tok, posts)| {
            let df = posts.len();
            let quantised = posts
                .iter()
                .map(|&(d, w)| (d, quantise(score(w, d, df), smax)))
                .collect();
            (tok, quantised)
        })
        .collect();
    terms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Inverted {
        docs: docs.len(),
        terms,
    }
}

/// Maps a score onto 1..=63 relative to the corpus maximum; a match never
/// scores 0, so it still counts when every other term is common.
fn quantise(score: f64, smax: f64) -> u8 {
    if smax <= 0.0 {
        return 1;
    }
    let q = (score / smax * f64::from(MAX_IMPACT)).round();
    q.clamp(1.0, f64::from(MAX_IMPACT)) as u8
}
