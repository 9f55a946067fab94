//! Serve's search indexer: rebuilds the search index off the rebuild's
//! critical path. Input: `Job`s (every page's `SearchDoc`, in reading order)
//! from the rebuild. Output: one whole index generation, swapped into the
//! `State` at once. One thread; a burst of saves coalesces into one build of
//! the newest docs, run on its own small rayon pool so a page rebuild that
//! arrives meanwhile still finds a free core. The thread keeps an
//! `IndexCache`, so after an edit only the changed docs are tokenized.

use std::sync::Arc;
use std::sync::mpsc;
use std::thread::Scope;
use std::time::{Duration, Instant};

use crate::search::incremental::IndexCache;
use crate::search::{self, SearchDoc};

use rayon::prelude::*;

use super::state::{Files, State, Stored};

/// What to index: every page's doc, or `None` when search is off.
pub struct Job(pub Option<Vec<Arc<SearchDoc>>>);

/// Builds the index files of `job` (on the calling thread's rayon pool).
pub fn build(job: &Job) -> Arc<Files> {
    match &job.0 {
        Some(docs) => stored(search::build_index(docs)),
        None => Arc::default(),
    }
}

/// `build` from the index `cache` made last time, kept for the next.
fn build_from(job: &Job, cache: &mut IndexCache) -> Arc<Files> {
    match &job.0 {
        Some(docs) => stored(cache.build(docs)),
        None => {
            // Search turned off: nothing to keep.
            *cache = IndexCache::keeping_records();
            Arc::default()
        }
    }
}

fn stored(index: search::SearchIndex) -> Arc<Files> {
    let files = index
        .files
        .into_par_iter()
        .map(|f| {
            let stored = Stored::new(&f.path, f.bytes);
            (f.path, stored)
        })
        .collect();
    Arc::new(files)
}

/// Starts the indexer in `scope`; it stops once the returned sender (and
/// every clone) is dropped. `done` hears how long each generation took.
pub fn spawn<'scope>(
    scope: &'scope Scope<'scope, '_>,
    state: &'scope State,
    done: &'scope (dyn Fn(Duration) + Sync),
) -> mpsc::Sender<Job> {
    let (tx, rx) = mpsc::channel::<Job>();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().saturating_sub(1));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .thread_name(|i| format!("drillbook-search-{i}"))
        .build()
        .ok();
    scope.spawn(move || {
        let mut cache = IndexCache::keeping_records();
        while let Ok(mut job) = rx.recv() {
            // Only the newest docs matter; older jobs queued meanwhile are
            // already out of date.
            while let Ok(newer) = rx.try_recv() {
                job = newer;
            }
            let started = Instant::now();
            let files = match &pool {
                Some(pool) => pool.install(|| build_from(&job, &mut cache)),
                None => build_from(&job, &mut cache),
            };
            state.publish_search(files);
            done(started.elapsed());
        }
    });
    tx
}
