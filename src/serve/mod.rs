//! `drillbook serve`: build in memory, serve over HTTP, rebuild on change.
//! Steps: bind (`bind`), first build (served even when it fails: the error
//! is shown), start the HTTP workers (`http`), then watch (`watch`) and on
//! each batch rebuild incrementally (`rebuild`, on the build driver) and publish the
//! result into the one shared `State`; the search index follows in the
//! background (`indexer`). Nothing is ever written into the output folder.

pub mod http;
pub mod indexer;
pub mod rebuild;
pub mod state;
pub mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diagnostic::Diagnostic;
use rebuild::{Builder, Outcome};
use state::State;
use watch::{Batch, Change};

/// The port tried first when none is given; the next free one is used if
/// it is taken.
pub const DEFAULT_PORT: u16 = 3000;
/// How many ports after the default are tried.
const PORT_TRIES: u16 = 100;

/// Everything `drillbook serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub host: IpAddr,
    /// `None`: `DEFAULT_PORT` or the next free port.
    pub port: Option<u16>,
    pub drafts: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("port {port} on {host} is not available: {reason}")]
    PortTaken {
        host: IpAddr,
        port: u16,
        reason: String,
    },
    #[error("no free port on {host} between {from} and {to}")]
    NoFreePort { host: IpAddr, from: u16, to: u16 },
    #[error(
        "no `book.toml` in `{0}`: this is not a drillbook handbook (start one with `drillbook init`)"
    )]
    NotAHandbook(PathBuf),
    #[error("cannot resolve the handbook folder `{path}`: {source}")]
    Root {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot watch the handbook for changes: {0}")]
    Watch(#[from] notify::Error),
}

/// What serve reports as it runs; the CLI prints it.
#[derive(Debug)]
pub enum Event {
    /// The server is up at this URL.
    Listening(String),
    /// A build succeeded: `what` changed, `outcome` says what was redone.
    Built {
        what: String,
        outcome: Outcome,
        elapsed: Duration,
    },
    /// The search index caught up with the pages, in the background.
    SearchUpdated { elapsed: Duration },
    /// A build failed; the last good site stays up (`first`: there is none
    /// yet, this run has not built once).
    Failed {
        /// The files with errors, e.g. `content/a.md, content/b.md`.
        what: String,
        first: bool,
        errors: Vec<Diagnostic>,
        warnings: Vec<Diagnostic>,
    },
}

/// A bound server and the URL it answers on.
pub struct Bound {
    pub server: tiny_http::Server,
    pub url: String,
}

/// Binds `host:port`; without a port, the first free one from `DEFAULT_PORT`.
pub fn bind(host: IpAddr, port: Option<u16>) -> Result<Bound, ServeError> {
    let try_port = |port: u16| tiny_http::Server::http(SocketAddr::new(host, port));
    let (server, port) = match port {
        Some(port) => try_port(port)
            .map(|s| (s, port))
            .map_err(|e| ServeError::PortTaken {
                host,
                port,
                reason: e.to_string(),
            })?,
        None => (DEFAULT_PORT..DEFAULT_PORT + PORT_TRIES)
            .find_map(|p| try_port(p).ok().map(|s| (s, p)))
            .ok_or(ServeError::NoFreePort {
                host,
                from: DEFAULT_PORT,
                to: DEFAULT_PORT + PORT_TRIES - 1,
            })?,
    };
    // `--port 0` asks the OS for any free port (tests use it): show the real one.
    let port = server
        .server_addr()
        .to_ip()
        .map_or(port, |addr| addr.port());
    let shown = match host {
        IpAddr::V6(v6) => format!("[{v6}]"),
        IpAddr::V4(v4) => v4.to_string(),
    };
    Ok(Bound {
        server,
        url: format!("http://{shown}:{port}/"),
    })
}

/// Serves until the process is stopped (or the watcher fails).
pub fn run(
    options: &ServeOptions,
    bound: Bound,
    report: &(dyn Fn(Event) + Sync),
) -> Result<(), ServeError> {
    if !options.root.join("book.toml").is_file() {
        return Err(ServeError::NotAHandbook(options.root.clone()));
    }
    let root = options
        .root
        .canonicalize()
        .map_err(|source| ServeError::Root {
            path: options.root.clone(),
            source,
        })?;
    let state = Arc::new(State::default());
    // Diagnostics show paths as the author named the root, not canonical.
    let mut builder = Builder::new(options.root.clone(), options.drafts);
    let watcher = watch::Watcher::new(&root, &builder.layout())?;
    rebuild(
        &mut builder,
        &state,
        Change::Config,
        &[],
        "the handbook",
        report,
    );
    settle(&mut builder, &state, report);
    // The first index is built before serving, so search works from the start.
    if let Some(job) = builder.search_job() {
        state.publish_search(indexer::build(&job));
    }
    let workers = std::thread::available_parallelism().map_or(4, |n| n.get() * 4);
    http::spawn_workers(Arc::new(bound.server), state.clone(), workers.max(8));
    report(Event::Listening(bound.url));
    let searched = |elapsed| report(Event::SearchUpdated { elapsed });
    std::thread::scope(|scope| {
        let jobs = indexer::spawn(scope, &state, &searched);
        let layout_builder = std::cell::RefCell::new(builder);
        let watched = watcher.run(&|| layout_builder.borrow().layout(), &mut |batch: Batch| {
            let change = batch.change.unwrap_or(Change::Asset);
            let what = describe(&batch);
            let mut builder = layout_builder.borrow_mut();
            rebuild(&mut builder, &state, change, &batch.paths, &what, report);
            if let Some(job) = builder.search_job() {
                // Only fails once the indexer has stopped, at shutdown.
                let _ = jobs.send(job);
            }
            settle(&mut builder, &state, report);
        });
        // Dropping the sender stops the indexer, which the scope joins.
        drop(jobs);
        watched
    })?;
    Ok(())
}

/// One rebuild, published: the new site on success, the error otherwise.
fn rebuild(
    builder: &mut Builder,
    state: &State,
    change: Change,
    paths: &[PathBuf],
    what: &str,
    report: &(dyn Fn(Event) + Sync),
) {
    let started = Instant::now();
    match builder.rebuild(change, paths) {
        Ok((site, outcome)) => {
            state.publish_site(site, builder.pending());
            report(Event::Built {
                what: what.to_string(),
                outcome,
                elapsed: started.elapsed(),
            });
        }
        Err(failure) => {
            let first = state.current().1.is_none();
            let text: Vec<String> = failure.errors.iter().map(|d| d.render(false)).collect();
            state.publish_error(text.join("\n\n"));
            report(Event::Failed {
                what: error_files(&failure.errors).unwrap_or_else(|| what.to_string()),
                first,
                errors: failure.errors,
                warnings: failure.warnings,
            });
        }
    }
}

/// Makes and publishes what the last rebuild left (its print files), after
/// its reload went out.
fn settle(builder: &mut Builder, state: &State, report: &(dyn Fn(Event) + Sync)) {
    match builder.settle() {
        Ok(Some(settled)) => state.settle(settled.files),
        Ok(None) => {}
        Err(failure) => {
            state.settle(builder.files());
            let text: Vec<String> = failure.errors.iter().map(|d| d.render(false)).collect();
            state.publish_error(text.join("\n\n"));
            report(Event::Failed {
                what: error_files(&failure.errors).unwrap_or_else(|| "the print pages".to_string()),
                first: false,
                errors: failure.errors,
                warnings: failure.warnings,
            });
        }
    }
}

/// The files the errors are in, each once, in the errors' order: the
/// summary names what to fix, not what was saved (which may be deleted).
fn error_files(errors: &[crate::diagnostic::Diagnostic]) -> Option<String> {
    let mut files: Vec<&str> = Vec::new();
    for e in errors {
        if !e.span.path.is_empty() && !files.contains(&e.span.path.as_str()) {
            files.push(&e.span.path);
        }
    }
    (!files.is_empty()).then(|| files.join(", "))
}

/// `content/debug/x.md`, or `content/debug/x.md and 2 more`.
fn describe(batch: &Batch) -> String {
    let first = batch
        .paths
        .first()
        .map_or_else(|| "files".to_string(), |p| p.display().to_string());
    match batch.paths.len() {
        0 | 1 => first,
        n => format!("{first} and {} more", n - 1),
    }
}
