//! Stage: search, rebuilt from the last build's work. Input: every page's
//! `SearchDoc` (in reading order) and an `IndexCache` of the previous run.
//! Output: the same `SearchIndex` as `build_index` would make, byte for
//! byte; only docs that changed (or are new) are tokenized and turned into
//! result records again. The impacts, shards and budget are worked out
//! anew every time: BM25's length normalisation and the highest score
//! depend on every doc, so one edit may move many impacts; that part is
//! arithmetic over token ids, the tokenizing was the cost.

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::index::{self, DocIds, Vocab};
use std::io;

use super::{Budget, SearchDoc, SearchIndex, assemble, collect, record_json, shard, write_record};
use crate::output::Sink;

/// What the previous index was made from, kept by the build driver (and
/// serve's indexer) between builds. `IndexCache::default()` is a cold start.
#[derive(Default)]
pub struct IndexCache {
    /// Keep each doc's record between builds too (serve's indexer builds
    /// many times; `build` once per process, where they would only take
    /// memory).
    keep_records: bool,
    vocab: Vocab,
    /// By the doc's URL (unique in a site): the doc as last indexed, its
    /// tokens and its record.
    entries: FxHashMap<String, Entry>,
}

#[derive(Clone)]
struct Entry {
    doc: Arc<SearchDoc>,
    ids: Arc<DocIds>,
    /// Kept only with `keep_records` (otherwise written straight into its
    /// file each build), never on disk: it is nearly as long as the doc.
    record: Option<Arc<str>>,
}

impl IndexCache {
    /// A cache that keeps the docs' result records too.
    pub fn keeping_records() -> IndexCache {
        IndexCache {
            keep_records: true,
            ..IndexCache::default()
        }
    }

    /// The index of `docs`, reusing the tokens and records of every doc
    /// that is the same as last time (the same `Arc`, or equal).
    pub fn build(&mut self, docs: &[Arc<SearchDoc>]) -> SearchIndex {
        collect(|sink| self.build_into(docs, sink))
    }

    /// `build`, each file handed to `sink` as soon as it is made.
    pub fn build_into(&mut self, docs: &[Arc<SearchDoc>], sink: &Sink) -> io::Result<Budget> {
        self.build_with_target(docs, shard::SHARD_TARGET, sink)
    }

    pub(super) fn build_with_target(
        &mut self,
        docs: &[Arc<SearchDoc>],
        target: usize,
        sink: &Sink,
    ) -> io::Result<Budget> {
        let old = std::mem::take(&mut self.entries);
        let mut kept: Vec<Option<Entry>> = docs
            .par_iter()
            .map(|d| {
                let e = old.get(&d.url)?;
                (Arc::ptr_eq(&e.doc, d) || *e.doc == **d).then(|| Entry {
                    doc: d.clone(),
                    ..e.clone()
                })
            })
            .collect();
        drop(old);
        // Tokenize what changed, a chunk at a time (see `index::CHUNK`).
        let stale: Vec<usize> = (0..docs.len()).filter(|&i| kept[i].is_none()).collect();
        for chunk in stale.chunks(index::CHUNK) {
            let keep = self.keep_records;
            let made: Vec<(index::DocTerms, Option<Arc<str>>)> = chunk
                .par_iter()
                .map(|&i| {
                    let record = keep.then(|| Arc::from(record_json(&docs[i])));
                    (index::doc_terms(&docs[i]), record)
                })
                .collect();
            for (&i, (terms, record)) in chunk.iter().zip(made) {
                kept[i] = Some(Entry {
                    doc: docs[i].clone(),
                    ids: Arc::new(self.vocab.intern(terms)),
                    record,
                });
            }
        }
        let mut entries: Vec<Entry> = kept.into_iter().flatten().collect();
        if self.keep_records {
            // Records dropped by a load from disk.
            entries.par_iter_mut().for_each(|e| {
                if e.record.is_none() {
                    e.record = Some(Arc::from(record_json(&e.doc)));
                }
            });
        }
        let ids: Vec<&DocIds> = entries.iter().map(|e| &*e.ids).collect();
        let inv = index::invert(&self.vocab, &ids);
        let built = assemble(
            &inv,
            |i, out| match &entries[i].record {
                Some(r) => out.extend_from_slice(r.as_bytes()),
                None => write_record(&entries[i].doc, out),
            },
            target,
            sink,
        )?;
        // Tokens no doc has any more pile up; renumber once they are most.
        if self.vocab.len() > 2 * inv.terms.len() + 1024 {
            self.renumber(&inv, &mut entries);
        }
        self.entries = entries
            .into_iter()
            .map(|e| (e.doc.url.clone(), e))
            .collect();
        Ok(built)
    }

    /// `build_with_target`, gathered (tests).
    #[cfg(test)]
    pub(super) fn index_with_target(
        &mut self,
        docs: &[Arc<SearchDoc>],
        target: usize,
    ) -> SearchIndex {
        collect(|sink| self.build_with_target(docs, target, sink))
    }

    /// A vocab of only the tokens `inv` holds (every doc's), in its order.
    fn renumber(&mut self, inv: &index::Inverted, entries: &mut [Entry]) {
        let tokens: Vec<String> = inv.terms.iter().map(|(t, _)| t.clone()).collect();
        let vocab = Vocab::from_tokens(tokens);
        let mut map = vec![u32::MAX; self.vocab.len()];
        for (old, tok) in self.vocab.tokens().iter().enumerate() {
            if let Some(new) = vocab.id(tok) {
                map[old] = new;
            }
        }
        entries.par_iter_mut().for_each(|e| {
            let mut pairs: Vec<(u32, u32)> = (e.ids.pairs())
                .map(|(id, w)| (map[id as usize], w))
                .collect();
            pairs.sort_unstable();
            e.ids = Arc::new(DocIds::new(&pairs, e.ids.length));
        });
        self.vocab = vocab;
    }

    /// Every token the kept docs' ids refer to (for saving).
    pub fn tokens(&self) -> &[String] {
        self.vocab.tokens()
    }

    /// The tokens of `doc` as last indexed, if it is that very doc.
    pub fn ids_of(&self, doc: &Arc<SearchDoc>) -> Option<&DocIds> {
        let e = self.entries.get(&doc.url)?;
        Arc::ptr_eq(&e.doc, doc).then_some(&*e.ids)
    }

    /// A cache of docs whose tokens are known, as `tokens` and `ids_of`
    /// gave them. Ids outside `tokens` (a cache from elsewhere) drop the doc.
    pub fn restore(
        tokens: Vec<String>,
        docs: impl IntoIterator<Item = (Arc<SearchDoc>, DocIds)>,
    ) -> IndexCache {
        let vocab = Vocab::from_tokens(tokens);
        let entries = docs
            .into_iter()
            .filter(|(_, ids)| ids.pairs().all(|(id, _)| (id as usize) < vocab.len()))
            .map(|(doc, ids)| {
                let entry = Entry {
                    doc,
                    ids: Arc::new(ids),
                    record: None,
                };
                (entry.doc.url.clone(), entry)
            })
            .collect();
        IndexCache {
            keep_records: false,
            vocab,
            entries,
        }
    }
}
