//! Stage: search. Input: the published pages' text (`SearchDoc`s). Output: the
//! sharded, `<script>`-loadable index files to write under `search/`.
//! Steps: tokenize each field → weigh terms (BM25F) → shard postings by token
//! → chunk result records → measure what a first query loads.

pub mod budget;
pub mod incremental;
pub mod index;
pub(crate) mod query;
pub mod records;
pub mod shard;
pub mod tokenize;

#[cfg(test)]
mod incremental_tests;
#[cfg(test)]
mod port;
#[cfg(test)]
mod size_tests;
#[cfg(test)]
mod synth;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::output::{OutFile, Sink};
use crate::render::PageText;
use crate::site::{SitePage, relative};
use std::io;

/// The text of one published page, split by field so ranking can weigh them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchDoc {
    /// Link relative to the site root, e.g. `debug/read-only-logs/index.html`
    /// (pages are linked to their `index.html` so links work from `file://`).
    pub url: String,
    pub title: String,
    pub title_zh: Option<String>,
    /// Module id and its English / Chinese titles (empty for top-level pages).
    pub module: String,
    pub module_title: String,
    pub module_title_zh: String,
    /// `drill`, `template` or `guide`.
    pub kind: String,
    pub tags: Vec<String>,
    /// Heading texts, in order.
    pub headings: Vec<String>,
    /// Body prose and code outside `::: zh` blocks and templates.
    pub body: String,
    /// Text of the `::: zh` notes.
    pub zh: String,
    /// Template titles and verbatim template text.
    pub templates: String,
}

impl SearchDoc {
    /// The doc of a placed page, with the search text its render kept apart.
    pub fn new(config: &Config, p: &SitePage, text: &PageText) -> SearchDoc {
        let module = p.page.module.as_deref().and_then(|m| config.module(m));
        SearchDoc {
            url: format!("{}index.html", relative("", &p.url)),
            title: p.page.fm.title.clone(),
            title_zh: p.page.fm.title_zh.clone(),
            module: module.map(|m| m.id.clone()).unwrap_or_default(),
            module_title: module.map(|m| m.title.clone()).unwrap_or_default(),
            module_title_zh: module.map(|m| m.title_zh.clone()).unwrap_or_default(),
            kind: p.page.fm.kind.as_str().to_string(),
            tags: p.page.fm.tags.clone(),
            headings: text.headings.clone(),
            body: text.body.clone(),
            zh: text.zh.clone(),
            templates: text.templates.clone(),
        }
    }
}

/// What the search stage hands to output.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    pub files: Vec<OutFile>,
    pub budget: Budget,
}

/// What an index build measured of its files.
#[derive(Debug, Clone, Default)]
pub struct Budget {
    /// Bytes a reader loads for the worst first query (scripts included).
    pub first_query_bytes: usize,
    /// Human-readable warnings (a shard over its share), printed by the build.
    pub warnings: Vec<String>,
}

/// The global every index file registers its data on (see `search.js`).
pub const GLOBAL: &str = "window.__drillbookSearch";

/// Builds the index for `docs`: `search/meta.js`, term files `search/{s,p}/N.js`
/// and record files `search/r/N.js`, each a script calling `GLOBAL.data(name, …)`.
/// `docs` may be owned or shared (`Arc<SearchDoc>`, as the build driver
/// keeps them between builds).
pub fn build_index<D: std::borrow::Borrow<SearchDoc> + Sync>(docs: &[D]) -> SearchIndex {
    collect(|sink| build_index_into(docs, sink))
}

/// `build_index`, each file handed to `sink` as soon as it is made, so the
/// build never holds the whole index's bytes (34 MB at 10,000 pages) at once.
pub fn build_index_into<D: std::borrow::Borrow<SearchDoc> + Sync>(
    docs: &[D],
    sink: &Sink,
) -> io::Result<Budget> {
    build_with_target(docs, shard::SHARD_TARGET, sink)
}

/// `build_index_into` with a chosen shard size (tests force deep trie splits).
fn build_with_target<D: std::borrow::Borrow<SearchDoc> + Sync>(
    docs: &[D],
    target: usize,
    sink: &Sink,
) -> io::Result<Budget> {
    let mut vocab = index::Vocab::default();
    let ids = index::tokenize_all(docs, &mut vocab);
    let refs: Vec<&index::DocIds> = ids.iter().collect();
    let inv = index::invert(&vocab, &refs);
    drop(ids);
    assemble(
        &inv,
        |i, out| write_record(docs[i].borrow(), out),
        target,
        sink,
    )
}

/// `build_with_target`, gathered (tests).
#[cfg(test)]
fn index_with_target<D: std::borrow::Borrow<SearchDoc> + Sync>(
    docs: &[D],
    target: usize,
) -> SearchIndex {
    collect(|sink| build_with_target(docs, target, sink))
}

/// The files an index build hands its sink, gathered in their order (term
/// files as made, then the record files by number).
pub(crate) fn collect(build: impl FnOnce(&Sink) -> io::Result<Budget>) -> SearchIndex {
    let files = std::sync::Mutex::new(Vec::new());
    let budget = build(&|file| {
        files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(file);
        Ok(())
    })
    .unwrap_or_else(|_| unreachable!("gathering files in memory cannot fail"));
    let mut files = files
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // Stable: meta and the term files keep the order they were made in.
    files.sort_by_key(|f: &OutFile| record_number(&f.path));
    SearchIndex { files, budget }
}

/// `search/r/12.js` → `Some(12)`; any other file sorts before the records.
fn record_number(path: &str) -> Option<usize> {
    path.strip_prefix("search/r/")?
        .strip_suffix(".js")?
        .parse()
        .ok()
}

/// A doc's result record as JSON, as its `r/` file holds it.
pub(crate) fn record_json(doc: &SearchDoc) -> String {
    let mut out = Vec::new();
    write_record(doc, &mut out);
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// Appends a doc's result record as JSON to `out`.
pub(crate) fn write_record(doc: &SearchDoc, out: &mut Vec<u8>) {
    serde_json::to_writer(out, &records::record(doc)).expect("arrays of strings always serialize");
}

/// Hands `sink` the index files of `inv` (meta, term files, record files)
/// as they are made, and measures the budget; `record(i, out)` appends doc
/// `i`'s record JSON to `out`.
pub(crate) fn assemble(
    inv: &index::Inverted,
    record: impl Fn(usize, &mut Vec<u8>) + Sync,
    target: usize,
    sink: &Sink,
) -> io::Result<Budget> {
    let (mut meta, terms) = shard::shard(inv, target);
    meta.rc = records::RECORDS_PER_CHUNK;
    let mut sizes: Vec<(String, usize)> = Vec::new();
    let mut send = |file: OutFile| {
        sizes.push((file.path.clone(), file.bytes.len()));
        sink(file)
    };
    send(script_file("meta", &meta))?;
    for (name, map) in &terms {
        send(script_file(name, map))?;
    }
    drop(terms);
    // A chunk is a JSON array of records: what `script_file` prints for
    // `records::chunks`, each record written straight into its file.
    let chunks = inv.docs.div_ceil(records::RECORDS_PER_CHUNK);
    let record_sizes: Vec<(String, usize)> = (0..chunks)
        .into_par_iter()
        .map(|i| {
            let mut bytes = format!("{GLOBAL}.data(\"r/{i}\",[").into_bytes();
            let first = i * records::RECORDS_PER_CHUNK;
            let end = (first + records::RECORDS_PER_CHUNK).min(inv.docs);
            for doc in first..end {
                if doc > first {
                    bytes.push(b',');
                }
                record(doc, &mut bytes);
            }
            bytes.extend_from_slice(b"]);\n");
            let path = format!("search/r/{i}.js");
            let size = (path.clone(), bytes.len());
            sink(OutFile { path, bytes })?;
            Ok(size)
        })
        .collect::<io::Result<_>>()?;
    sizes.extend(record_sizes);
    let (first_query_bytes, warnings) = budget::measure(&meta, inv, &sizes);
    Ok(Budget {
        first_query_bytes,
        warnings,
    })
}

/// `search/<name>.js`, a script that hands `data` to the search front end.
fn script_file(name: &str, data: &impl Serialize) -> OutFile {
    let json = serde_json::to_string(data).expect("maps and arrays of strings always serialize");
    OutFile {
        path: format!("search/{name}.js"),
        bytes: format!("{GLOBAL}.data(\"{name}\",{json});\n").into_bytes(),
    }
}
