//! Serve's shared state: the last good `BuiltSite` (an `Arc` swapped in
//! whole after a good build) and the last build's error, under one version
//! number that long-polling clients wait on. Readers never see a half-built
//! site: a rebuild publishes only once all of its files are in memory. The
//! search index is rebuilt in the background and swapped in on its own, one
//! whole generation of shards at a time. Text files are kept gzipped (a
//! third of their size: 10,000 pages are ~200 MB of HTML) and sent as they
//! are to clients that accept gzip. A build may publish before some of its
//! files are made (`pending`: the print files, see `rebuild`); a request for
//! one of those waits until `settle` publishes it, so no reader gets the
//! bytes of before the reload.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::{Read as _, Write as _};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use flate2::Compression;

/// Files by their `/`-separated path under the site root.
pub type Files = HashMap<String, Stored>;

/// One file's bytes as serve keeps them: gzipped for text (HTML, CSS,
/// JavaScript, JSON, SVG, XML), as they are otherwise (images and fonts are
/// compressed already). Cloning shares the bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    bytes: Arc<[u8]>,
    gzip: bool,
}

/// Compression level 1: five times faster than the default for files a
/// fifth bigger; serve compresses every page of a first build.
const LEVEL: u32 = 1;

impl Stored {
    /// Keeps `bytes` (the file at `path`), gzipped if it is text.
    pub fn new(path: &str, bytes: Vec<u8>) -> Stored {
        if !compressible(path) || bytes.is_empty() {
            return Stored {
                bytes: Arc::from(bytes),
                gzip: false,
            };
        }
        Stored {
            bytes: Arc::from(gzip(&bytes)),
            gzip: true,
        }
    }

    /// The file's own bytes (decompressed if kept gzipped).
    pub fn plain(&self) -> Cow<'_, [u8]> {
        if !self.gzip {
            return Cow::Borrowed(&self.bytes);
        }
        let mut out = Vec::with_capacity(self.bytes.len() * 4);
        let mut decoder = flate2::read::GzDecoder::new(&self.bytes[..]);
        // The bytes were gzipped here, in memory: they always decode.
        match decoder.read_to_end(&mut out) {
            Ok(_) => Cow::Owned(out),
            Err(e) => unreachable!("serve's own gzip does not decode: {e}"),
        }
    }

    /// The gzip stream of the file, if it is kept gzipped.
    pub fn gzipped(&self) -> Option<&[u8]> {
        self.gzip.then_some(&self.bytes[..])
    }

    /// Bytes held in memory.
    pub fn held(&self) -> usize {
        self.bytes.len()
    }
}

/// `bytes` as one gzip member.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3 + 64),
        Compression::new(LEVEL),
    );
    // Writing into a Vec cannot fail.
    match encoder.write_all(bytes).and_then(|()| encoder.finish()) {
        Ok(out) => out,
        Err(e) => unreachable!("gzip into memory failed: {e}"),
    }
}

/// Whether a file of this name is text worth gzipping.
fn compressible(path: &str) -> bool {
    let kind = super::http::content_type(path);
    kind.starts_with("text/")
        || kind.starts_with("application/json")
        || kind.starts_with("application/xml")
        || kind.starts_with("image/svg")
}

/// Every file of a built site.
#[derive(Debug, Default)]
pub struct BuiltSite {
    /// Pages, listings, assets and statics of the last good build.
    pub files: Arc<Files>,
    /// One generation of the search index (`search/…`), which may lag the
    /// pages by one background rebuild.
    pub search: Arc<Files>,
}

impl BuiltSite {
    pub fn get(&self, path: &str) -> Option<&Stored> {
        self.files.get(path).or_else(|| self.search.get(path))
    }

    pub fn contains(&self, path: &str) -> bool {
        self.get(path).is_some()
    }
}

/// What a long-poll answers: the current version and error, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// Bumped by every build, good or bad.
    pub version: u64,
    /// The diagnostics of the last build as plain text; `None` if it was good.
    pub error: Option<String>,
}

struct Inner {
    status: Status,
    /// `None` until a first build succeeds.
    site: Option<Arc<BuiltSite>>,
    /// The newest search index, kept apart so either half can be swapped.
    search: Arc<Files>,
    /// Files of the current site still being made: their bytes are old.
    pending: HashSet<String>,
}

/// How long a request waits for a file still being made before it gets
/// what is there (a settle takes well under a second; a stuck one must
/// not hang the browser).
const PENDING_WAIT: Duration = Duration::from_secs(30);

pub struct State {
    inner: Mutex<Inner>,
    changed: Condvar,
}

impl Default for State {
    fn default() -> Self {
        State {
            inner: Mutex::new(Inner {
                status: Status {
                    version: 0,
                    error: None,
                },
                site: None,
                search: Arc::default(),
                pending: HashSet::new(),
            }),
            changed: Condvar::new(),
        }
    }
}

impl State {
    /// A panicking request thread must not take the server down with it, so
    /// a poisoned lock is used as is: every update below is a single store.
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The site to serve, with the version it is served at.
    pub fn current(&self) -> (Status, Option<Arc<BuiltSite>>) {
        let inner = self.lock();
        (inner.status.clone(), inner.site.clone())
    }

    /// Whether `path` is a file of the current site still being made.
    pub fn is_pending(&self, path: &str) -> bool {
        self.lock().pending.contains(path)
    }

    /// The site to serve `path` from: once `path` is no longer pending
    /// (or after `PENDING_WAIT`).
    pub fn current_for(&self, path: &str) -> (Status, Option<Arc<BuiltSite>>) {
        let inner = self.lock();
        let (inner, _) = self
            .changed
            .wait_timeout_while(inner, PENDING_WAIT, |i| i.pending.contains(path))
            .unwrap_or_else(PoisonError::into_inner);
        (inner.status.clone(), inner.site.clone())
    }

    /// Swaps in a build's files, served with the newest search index;
    /// `pending` are files whose bytes are not made yet (see `settle`).
    pub fn publish_site(&self, files: Arc<Files>, pending: HashSet<String>) {
        let mut inner = self.lock();
        let search = inner.search.clone();
        inner.site = Some(Arc::new(BuiltSite { files, search }));
        inner.pending = pending;
        inner.status.version += 1;
        inner.status.error = None;
        self.changed.notify_all();
    }

    /// Swaps in the files of the same build with its pending files made
    /// (or, if making them failed, dropped). Not a new version: the reload
    /// went out with `publish_site`; requests held back go on now.
    pub fn settle(&self, files: Arc<Files>) {
        let mut inner = self.lock();
        let search = inner.search.clone();
        inner.site = Some(Arc::new(BuiltSite { files, search }));
        inner.pending.clear();
        self.changed.notify_all();
    }

    /// Swaps in a new search index generation beside the current pages.
    /// The version is not bumped: pages did not change, and a bump would
    /// reload every open tab a second time per save.
    pub fn publish_search(&self, search: Arc<Files>) {
        let mut inner = self.lock();
        inner.search = search.clone();
        if let Some(site) = &inner.site {
            let files = site.files.clone();
            inner.site = Some(Arc::new(BuiltSite { files, search }));
        }
    }

    /// Keeps the last good site and shows `error` beside it.
    pub fn publish_error(&self, error: String) {
        let mut inner = self.lock();
        inner.status.version += 1;
        inner.status.error = Some(error);
        self.changed.notify_all();
    }

    /// Waits until the version differs from `since` or `timeout` passes.
    pub fn wait_change(&self, since: u64, timeout: Duration) -> Status {
        let inner = self.lock();
        let (inner, _) = self
            .changed
            .wait_timeout_while(inner, timeout, |i| i.status.version == since)
            .unwrap_or_else(PoisonError::into_inner);
        inner.status.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_waiter_wakes_on_publish_and_errors_keep_the_site() {
        let state = Arc::new(State::default());
        let waiter = {
            let state = state.clone();
            std::thread::spawn(move || state.wait_change(0, Duration::from_secs(20)))
        };
        state.publish_site(Arc::default(), HashSet::new());
        assert_eq!(waiter.join().unwrap().version, 1);
        let search: Files = [(
            "search/meta.js".to_string(),
            Stored::new("m.js", b"m".to_vec()),
        )]
        .into();
        state.publish_search(Arc::new(search));
        let (status, site) = state.current();
        assert_eq!(status.version, 1, "a search swap does not reload pages");
        assert!(site.unwrap().contains("search/meta.js"));
        state.publish_error("boom".into());
        let (status, site) = state.current();
        assert_eq!(status.error.as_deref(), Some("boom"));
        assert!(site.is_some());
        let timed_out = state.wait_change(2, Duration::from_millis(10));
        assert_eq!(timed_out.version, 2);
    }

    #[test]
    fn a_pending_file_is_served_only_once_settled() {
        let state = Arc::new(State::default());
        let file = |text: &str| Stored::new("print/index.html", text.as_bytes().to_vec());
        let old: Files = [("print/index.html".to_string(), file("old"))].into();
        let pending: HashSet<String> = ["print/index.html".to_string()].into();
        state.publish_site(Arc::new(old), pending);
        let reader = {
            let state = state.clone();
            std::thread::spawn(move || {
                let (_, site) = state.current_for("print/index.html");
                site.unwrap()
                    .get("print/index.html")
                    .unwrap()
                    .plain()
                    .into_owned()
            })
        };
        assert!(state.is_pending("print/index.html"));
        // Other files are served meanwhile.
        let (status, _) = state.current_for("index.html");
        assert_eq!(status.version, 1);
        std::thread::sleep(Duration::from_millis(50));
        assert!(!reader.is_finished(), "the old bytes must not be served");
        let new: Files = [("print/index.html".to_string(), file("new"))].into();
        state.settle(Arc::new(new));
        assert_eq!(reader.join().unwrap(), b"new");
        assert!(!state.is_pending("print/index.html"));
        assert_eq!(state.current().0.version, 1, "settling is not a reload");
    }

    #[test]
    fn text_is_kept_gzipped_and_decodes_to_its_bytes() {
        let html = "<p>只读 logs</p>\n".repeat(200).into_bytes();
        let page = Stored::new("debug/x/index.html", html.clone());
        let gz = page.gzipped().expect("HTML is gzipped");
        assert!(gz.starts_with(&[0x1f, 0x8b]) && gz.len() < html.len() / 4);
        assert_eq!(page.plain(), &html[..]);
        assert_eq!(
            page,
            Stored::new("debug/x/index.html", html),
            "deterministic"
        );
        let png = Stored::new("debug/a.png", vec![0x89, b'P', b'N', b'G']);
        assert_eq!(png.gzipped(), None);
        assert_eq!(png.plain(), &[0x89, b'P', b'N', b'G'][..]);
        assert_eq!(Stored::new("e.css", Vec::new()).gzipped(), None);
    }
}
