//! The query side in Rust: a port of `search.js`'s evaluation over the
//! generated index files (exact and prefix lookups, AND across terms, scores
//! summed, ranked by score then doc id). Used by the unit tests (against a
//! brute-force scan) and, through `query_files`, by the integration tests
//! that query a built site's `search/` folder.

use super::GLOBAL;
use super::index::Posting;
use super::shard::{Meta, PrefixSource, decode_postings};
use super::tokenize::{QueryTerm, prefix_candidates, query_terms};
use crate::output::OutFile;
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

/// A result: doc id and score, in rank order (score desc, then doc id).
pub(crate) type Hit = (u32, u32);

/// The result URLs (relative to the site root, e.g.
/// `debug/read-only-filesystem-logs/index.html`) for `query`, best first, as
/// the search box ranks them, read from the index files under `<site>/search/`.
/// An I/O error if the folder cannot be read (a site built without search);
/// panics on files drillbook did not write (a test helper, not a parser).
pub fn query_files(site: &Path, query: &str) -> std::io::Result<Vec<String>> {
    let dir = site.join("search");
    let mut files = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "js") {
                let rel = path.strip_prefix(site).unwrap_or(&path);
                files.push(OutFile {
                    path: rel.to_string_lossy().replace('\\', "/"),
                    bytes: std::fs::read(&path)?,
                });
            }
        }
    }
    let loaded = Loaded::new(&files);
    Ok(loaded
        .search(query)
        .into_iter()
        .map(|(doc, _)| loaded.url(doc))
        .collect())
}

/// The generated files as `search.js` sees them: name → registered data.
pub(crate) struct Loaded {
    files: HashMap<String, Value>,
    meta: Meta,
}

impl Loaded {
    pub(crate) fn new(files: &[OutFile]) -> Self {
        let files: HashMap<String, Value> = files.iter().map(parse).collect();
        let meta = serde_json::from_value(files["meta"].clone()).expect("meta.js holds a Meta");
        Loaded { files, meta }
    }

    /// The URL of doc `doc`, from its result record.
    fn url(&self, doc: u32) -> String {
        let doc = doc as usize;
        let chunk = &self.files[&format!("r/{}", doc / self.meta.rc)];
        chunk[doc % self.meta.rc][0]
            .as_str()
            .expect("a record starts with its url")
            .to_string()
    }

    fn postings(&self, file: &str, tok: &str) -> Vec<Posting> {
        let code = self
            .files
            .get(file)
            .and_then(|f| f.get(tok))
            .and_then(Value::as_str);
        code.map(|c| decode_postings(c).expect("generated postings decode"))
            .unwrap_or_default()
    }

    fn exact(&self, tok: &str) -> Vec<Posting> {
        self.meta
            .exact_file(tok)
            .map(|f| self.postings(&f, tok))
            .unwrap_or_default()
    }

    /// Doc → best impact among the tokens `term` matches (as `search.js` does).
    fn term_scores(&self, term: &QueryTerm) -> HashMap<u32, u32> {
        let mut lists = Vec::new();
        if !term.prefix {
            lists.push(self.exact(&term.token));
        } else {
            let q = term.token.as_str();
            let source = self.meta.prefix_source(q);
            match source.clone() {
                Some(PrefixSource::Shard(f)) => {
                    let obj = self.files[&f].as_object().expect("shard is an object");
                    for tok in obj.keys().filter(|t| t.starts_with(q)) {
                        lists.push(self.postings(&f, tok));
                    }
                }
                Some(PrefixSource::Merged(f)) => {
                    // One list, under the first key that shares the file.
                    let obj = self.files[&f].as_object().expect("merged is an object");
                    for tok in obj.keys() {
                        lists.push(self.postings(&f, tok));
                    }
                }
                None => {}
            }
            // As search.js: a candidate starting with `q` is in the source.
            let covered = |c: &String| source.is_some() && c.starts_with(q);
            let candidates = prefix_candidates(q);
            lists.extend(
                candidates
                    .iter()
                    .filter(|c| !covered(c))
                    .map(|c| self.exact(c)),
            );
        }
        let mut out: HashMap<u32, u32> = HashMap::new();
        for (doc, imp) in lists.into_iter().flatten() {
            let best = out.entry(doc).or_insert(0);
            *best = (*best).max(u32::from(imp));
        }
        out
    }

    pub(crate) fn search(&self, query: &str) -> Vec<Hit> {
        let per_term: Vec<HashMap<u32, u32>> = query_terms(query)
            .iter()
            .map(|t| self.term_scores(t))
            .collect();
        let Some((first, rest)) = per_term.split_first() else {
            return Vec::new();
        };
        let hits = first
            .iter()
            .filter_map(|(&doc, &s)| {
                rest.iter()
                    .try_fold(s, |acc, m| m.get(&doc).map(|v| acc + v))
                    .map(|s| (doc, s))
            })
            .collect();
        ranked(hits)
    }
}

pub(crate) fn ranked(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    hits
}

/// `window.__drillbookSearch.data("s/3",{…});` → ("s/3", {…}).
fn parse(file: &OutFile) -> (String, Value) {
    let text = std::str::from_utf8(&file.bytes).expect("index files are UTF-8");
    let rest = text
        .strip_prefix(&format!("{GLOBAL}.data(\""))
        .expect("data call");
    let (name, json) = rest.split_once("\",").expect("name then data");
    let json = json.strip_suffix(");\n").expect("call closes");
    (
        name.to_string(),
        serde_json::from_str(json).expect("data is JSON"),
    )
}
