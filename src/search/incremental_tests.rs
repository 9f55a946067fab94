//! `IndexCache` makes the very files `build_index` makes, whatever edits
//! came between its builds: docs edited (title only, body only), added,
//! deleted, moved (a new URL), reordered; and after a save and restore.

use std::sync::Arc;

use super::incremental::IndexCache;
use super::synth::{self, Rng};
use super::{SearchDoc, SearchIndex, index_with_target, records, script_file};

/// Small shards, so trie splits and merged lists move with the edits.
const TARGET: usize = 600;

fn same(a: &SearchIndex, b: &SearchIndex, what: &str) {
    let names = |i: &SearchIndex| i.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(names(a), names(b), "{what}: the file list");
    for (x, y) in a.files.iter().zip(&b.files) {
        assert!(
            x.bytes == y.bytes,
            "{what}: `{}` differs:\n{}\n---\n{}",
            x.path,
            String::from_utf8_lossy(&x.bytes),
            String::from_utf8_lossy(&y.bytes)
        );
    }
    assert_eq!(
        a.budget.first_query_bytes, b.budget.first_query_bytes,
        "{what}"
    );
    assert_eq!(a.budget.warnings, b.budget.warnings, "{what}");
}

/// One random edit of `docs`; says what it did.
fn edit(docs: &mut Vec<Arc<SearchDoc>>, pool: &[SearchDoc], rng: &mut Rng, step: usize) -> String {
    let i = rng.below(docs.len());
    let mut doc = (*docs[i]).clone();
    match rng.below(7) {
        0 => {
            doc.title = format!("{} retitled{step}", doc.title);
            docs[i] = Arc::new(doc);
            format!("retitled {i}")
        }
        1 => {
            doc.body.push_str(&format!(" appended{step} sentence"));
            docs[i] = Arc::new(doc);
            format!("body of {i}")
        }
        2 if docs.len() > 2 => {
            docs.remove(i);
            format!("deleted {i}")
        }
        3 => {
            let mut new = pool[rng.below(pool.len())].clone();
            new.url = format!("new/page-{step}/index.html");
            docs.insert(i, Arc::new(new));
            format!("added at {i}")
        }
        4 => {
            doc.url = format!("moved/page-{step}/index.html");
            docs[i] = Arc::new(doc);
            format!("moved {i}")
        }
        5 => {
            let j = rng.below(docs.len());
            docs.swap(i, j);
            format!("swapped {i} and {j}")
        }
        _ => {
            // Equal content in a new `Arc`: reused all the same.
            docs[i] = Arc::new(doc);
            format!("copied {i}")
        }
    }
}

#[test]
fn an_incremental_index_equals_a_fresh_one_after_random_edits() {
    let pool = synth::corpus(80, 40, 7);
    for keep in [false, true] {
        random_edits(&pool, keep);
    }
}

fn random_edits(pool: &[SearchDoc], keep_records: bool) {
    let mut docs: Vec<Arc<SearchDoc>> = pool[..40].iter().cloned().map(Arc::new).collect();
    let mut rng = Rng::new(3);
    let mut cache = match keep_records {
        true => IndexCache::keeping_records(),
        false => IndexCache::default(),
    };
    let mut log = vec![format!("records kept: {keep_records}")];
    for step in 0..60 {
        let built = cache.index_with_target(&docs, TARGET);
        let fresh = index_with_target(&docs, TARGET);
        same(&built, &fresh, &format!("step {step} after {log:?}"));
        if step % 10 == 9 {
            // As the build driver saves and loads it.
            let ids: Vec<_> = (docs.iter())
                .filter_map(|d| Some((d.clone(), cache.ids_of(d)?.clone())))
                .collect();
            assert_eq!(ids.len(), docs.len(), "every doc's tokens are kept");
            cache = IndexCache::restore(cache.tokens().to_vec(), ids);
            log.push("restored".to_string());
        }
        log.push(edit(&mut docs, pool, &mut rng, step));
    }
}

#[test]
fn unused_tokens_are_renumbered_away() {
    let pool = synth::corpus(300, 40, 9);
    let mut cache = IndexCache::default();
    let mut live = 0;
    for chunk in pool.chunks(30) {
        let docs: Vec<Arc<SearchDoc>> = chunk.iter().cloned().map(Arc::new).collect();
        let built = cache.index_with_target(&docs, TARGET);
        same(&built, &index_with_target(&docs, TARGET), "a new corpus");
        live = super::index::build(&docs).terms.len();
    }
    let kept = cache.tokens().len();
    assert!(kept <= 2 * live + 1024, "{kept} tokens kept for {live}");
}

#[test]
fn a_restored_cache_with_foreign_ids_drops_the_doc() {
    let doc = Arc::new(synth::corpus(1, 20, 1).remove(0));
    let ids = super::index::DocIds::new(&[(5, 1)], 1);
    let mut cache = IndexCache::restore(vec!["a".into()], [(doc.clone(), ids)]);
    assert!(cache.ids_of(&doc).is_none());
    let docs = [doc];
    same(
        &cache.index_with_target(&docs, TARGET),
        &index_with_target(&docs, TARGET),
        "foreign ids",
    );
}

/// Record files are written from each record's JSON: the same bytes as
/// the chunk's script.
#[test]
fn record_files_are_the_chunks_scripts() {
    let docs = synth::corpus(5, 30, 2);
    let index = index_with_target(&docs, TARGET);
    for (i, chunk) in records::chunks(&docs).iter().enumerate() {
        let name = format!("r/{i}");
        let want = script_file(&name, chunk);
        let got = index.files.iter().find(|f| f.path == want.path).unwrap();
        assert_eq!(got.bytes, want.bytes);
    }
}
