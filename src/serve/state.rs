//! Serve's shared state: the last good `BuiltSite` (an `Arc` swapped in
//! whole after a good build) and the last build's error, under one version
//! number that long-polling clients wait on. Readers never see a half-built
//! site: a rebuild publishes only once all of its files are in memory.

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// Every file of a built site, by its `/`-separated path under the site root.
#[derive(Debug, Default)]
pub struct BuiltSite {
    pub files: HashMap<String, Arc<[u8]>>,
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
}

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

    pub fn publish_site(&self, site: Arc<BuiltSite>) {
        let mut inner = self.lock();
        inner.site = Some(site);
        inner.status.version += 1;
        inner.status.error = None;
        self.changed.notify_all();
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
        state.publish_site(Arc::new(BuiltSite::default()));
        assert_eq!(waiter.join().unwrap().version, 1);
        state.publish_error("boom".into());
        let (status, site) = state.current();
        assert_eq!(status.error.as_deref(), Some("boom"));
        assert!(site.is_some());
        let timed_out = state.wait_change(2, Duration::from_millis(10));
        assert_eq!(timed_out.version, 2);
    }
}
