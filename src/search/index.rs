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
/// all 10,000 of them at the same time cost hundreds of megabytes (their
/// interned form, `DocIds`, is a tenth of that).
pub const CHUNK: usize = 512;

/// Every token seen, numbered, so a doc's terms are a short list of numbers
/// that a later build can keep and count again without hashing strings.
/// Ids are never reused: a token no doc has any more stays until
/// `IndexCache` renumbers the lot.
#[derive(Debug, Default, Clone)]
pub struct Vocab {
    tokens: Vec<String>,
    ids: FxHashMap<String, u32>,
}

impl Vocab {
    /// A vocab of `tokens`, numbered in order (as `tokens()` listed them).
    pub fn from_tokens(tokens: Vec<String>) -> Vocab {
        let ids = (tokens.iter().enumerate())
            .map(|(i, t)| (t.clone(), u32::try_from(i).unwrap_or(u32::MAX)))
            .collect();
        Vocab { tokens, ids }
    }

    pub fn tokens(&self) -> &[String] {
        &self.tokens
    }

    pub fn id(&self, token: &str) -> Option<u32> {
        self.ids.get(token).copied()
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// `terms` as ids, numbering the tokens not seen before.
    pub fn intern(&mut self, terms: DocTerms) -> DocIds {
        let mut ids: Vec<(u32, u32)> = terms
            .weighted
            .into_iter()
            .map(|(tok, wtf)| {
                let id = match self.ids.get(&tok) {
                    Some(&id) => id,
                    None => {
                        let id = u32::try_from(self.tokens.len()).unwrap_or(u32::MAX);
                        self.tokens.push(tok.clone());
                        self.ids.insert(tok, id);
                        id
                    }
                };
                (id, wtf)
            })
            .collect();
        ids.sort_unstable();
        DocIds::new(&ids, terms.length)
    }
}

/// A doc's `DocTerms` with its tokens as `Vocab` ids: (id, weighted count)
/// pairs by rising id, kept as varints of the id's gap and the count (about
/// 3 bytes a pair instead of 8: 10,000 pages hold 3.7 million pairs).
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DocIds {
    packed: Vec<u8>,
    pub length: u32,
}

impl DocIds {
    /// `pairs` must be sorted by id, each id once.
    pub fn new(pairs: &[(u32, u32)], length: u32) -> DocIds {
        let mut packed = Vec::with_capacity(pairs.len() * 3);
        let mut last = 0u32;
        for &(id, wtf) in pairs {
            push_varint(&mut packed, id - last);
            push_varint(&mut packed, wtf);
            last = id;
        }
        DocIds { packed, length }
    }

    /// The (id, weighted count) pairs, by rising id. A damaged encoding
    /// ends early (the cache that held it was checked by its hash).
    pub fn pairs(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let mut bytes = self.packed.as_slice();
        let mut last = 0u32;
        std::iter::from_fn(move || {
            let gap = read_varint(&mut bytes)?;
            let wtf = read_varint(&mut bytes)?;
            last = last.checked_add(gap)?;
            Some((last, wtf))
        })
    }
}

fn push_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn read_varint(bytes: &mut &[u8]) -> Option<u32> {
    let mut v = 0u32;
    for shift in (0..35).step_by(7) {
        let (&b, rest) = bytes.split_first()?;
        *bytes = rest;
        v |= u32::from(b & 0x7f).checked_shl(shift)?;
        if b < 0x80 {
            return Some(v);
        }
    }
    None
}

/// Builds the postings of every token of `docs` (doc id = index in `docs`).
pub fn build<D: std::borrow::Borrow<SearchDoc> + Sync>(docs: &[D]) -> Inverted {
    let mut vocab = Vocab::default();
    let ids = tokenize_all(docs, &mut vocab);
    let refs: Vec<&DocIds> = ids.iter().collect();
    invert(&vocab, &refs)
}

/// Every doc of `docs` tokenized (in parallel) and interned into `vocab`.
pub fn tokenize_all<D: std::borrow::Borrow<SearchDoc> + Sync>(
    docs: &[D],
    vocab: &mut Vocab,
) -> Vec<DocIds> {
    let mut out = Vec::with_capacity(docs.len());
    for chunk in docs.chunks(CHUNK) {
        let per_doc: Vec<DocTerms> = chunk.par_iter().map(|d| doc_terms(d.borrow())).collect();
        out.extend(per_doc.into_iter().map(|d| vocab.intern(d)));
    }
    out
}

/// The postings of every token of `docs` (doc id = index in `docs`), whose
/// tokens are ids of `vocab`. Every impact depends on the whole corpus
/// (document frequencies, the average length, the highest score), so this
/// runs over every doc each time; it is arithmetic over numbers, the
/// tokenizing having been done once per doc.
pub fn invert(vocab: &Vocab, docs: &[&DocIds]) -> Inverted {
    let mut df = vec![0u32; vocab.len()];
    for d in docs {
        for (id, _) in d.pairs() {
            // Ids past the vocab come only from a foreign cache, which
            // `IndexCache::restore` turns away.
            if let Some(c) = df.get_mut(id as usize) {
                *c += 1;
            }
        }
    }
    let lengths: Vec<f64> = docs.iter().map(|d| f64::from(d.length.max(1))).collect();
    let avgdl = lengths.iter().sum::<f64>() / lengths.len().max(1) as f64;
    let n = docs.len() as f64;
    let idf: Vec<f64> = df
        .iter()
        .map(|&df| (1.0 + (n - f64::from(df) + 0.5) / (f64::from(df) + 0.5)).ln())
        .collect();
    let norm: Vec<f64> = lengths.iter().map(|l| 1.0 - B + B * l / avgdl).collect();
    let score = |wtf: u32, doc: usize, id: u32| {
        let wtf = f64::from(wtf);
        idf[id as usize] * wtf * (K1 + 1.0) / (wtf + K1 * norm[doc])
    };
    let smax = (docs.par_iter().enumerate())
        .map(|(doc, d)| {
            (d.pairs().filter(|&(id, _)| (id as usize) < df.len()))
                .map(|(id, wtf)| score(wtf, doc, id))
                .fold(0.0_f64, f64::max)
        })
        .reduce(|| 0.0_f64, f64::max);
    // Every token's place in the sorted list, then its postings in doc order.
    let mut live: Vec<u32> = (0..df.len())
        .filter(|&id| df[id] > 0)
        .map(|id| u32::try_from(id).unwrap_or(u32::MAX))
        .collect();
    live.par_sort_unstable_by(|&a, &b| vocab.tokens[a as usize].cmp(&vocab.tokens[b as usize]));
    let mut place = vec![usize::MAX; df.len()];
    for (i, &id) in live.iter().enumerate() {
        place[id as usize] = i;
    }
    let mut terms: Vec<(String, Vec<Posting>)> = live
        .iter()
        .map(|&id| {
            let id = id as usize;
            (
                vocab.tokens[id].clone(),
                Vec::with_capacity(df[id] as usize),
            )
        })
        .collect();
    for (doc, d) in docs.iter().enumerate() {
        let doc_id = u32::try_from(doc).unwrap_or(u32::MAX);
        for (id, wtf) in d.pairs() {
            if let Some(term) = place.get(id as usize).and_then(|&i| terms.get_mut(i)) {
                term.1.push((doc_id, quantise(score(wtf, doc, id), smax)));
            }
        }
    }
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
