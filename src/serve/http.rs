//! Serve's HTTP side: N worker threads take requests from one tiny_http
//! server and answer from the in-memory `BuiltSite` (never from disk, so no
//! path can reach outside the site). Long-polls for reload events get their
//! own short-lived threads so slow or waiting clients never starve the pool.
//! Request bodies are never read (the site takes none): a request declaring
//! one is answered without it and its connection closed (the patched
//! tiny_http closes a connection whose body was left unread).
//! Text files are kept gzipped (`state::Stored`) and sent so, with
//! `Content-Encoding: gzip`, to clients whose `Accept-Encoding` allows it;
//! others get them decoded.
//! `lookup` (URL → file, redirect or 404) is pure and tested by a table.

use std::fmt::Write as _;
use std::io::{Cursor, Write as _};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use percent_encoding::percent_decode_str;
use tiny_http::{Header, Method, Request, Response, Server};

use super::state::{BuiltSite, State, Status, gzip};

/// The live-reload client, served at `/__drillbook/live.js`.
const LIVE_JS: &str = include_str!("live.js");
/// How long a long-poll waits for a new build before answering "no change".
const POLL_TIMEOUT: Duration = Duration::from_secs(25);
/// Long-polls beyond this many are answered at once (clients then retry).
const MAX_WAITERS: usize = 256;
/// A body larger than this (or chunked) gets `413`; smaller ones are
/// ignored. Either way the connection closes after the answer.
const MAX_BODY: usize = 8 * 1024;
/// The methods the server answers; others get `405` with this `Allow`.
const ALLOW: &str = "GET, HEAD";
/// The script tag base.html writes when `live_reload` is on.
const LIVE_SRC: &str = "/__drillbook/live.js\"";

/// What a request path resolves to.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    File(String),
    /// A folder asked for without its trailing slash: relative links in the
    /// page only work from `/x/`, so send the browser there.
    Redirect(String),
    NotFound,
    /// `..`, a backslash or a NUL: refused before looking anything up.
    Forbidden,
}

/// The warning for `--host` other than loopback: the dev server (drafts
/// included) is then open to the network.
pub fn exposure_warning(host: std::net::IpAddr) -> Option<String> {
    (!host.is_loopback()).then(|| {
        format!(
            "warning: serving on {host}, not loopback: anyone on the network who can reach this machine can read the site, drafts included"
        )
    })
}

/// Resolves a raw request target against the site's files.
pub fn lookup(target: &str, has: &dyn Fn(&str) -> bool) -> Lookup {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let Ok(decoded) = percent_decode_str(path).decode_utf8() else {
        return Lookup::NotFound;
    };
    if decoded.contains(['\\', '\0']) || decoded.split('/').any(|s| s == "..") {
        return Lookup::Forbidden;
    }
    let parts: Vec<&str> = decoded
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    let rel = parts.join("/");
    let is_dir = rel.is_empty() || decoded.ends_with('/');
    if is_dir {
        let index = if rel.is_empty() {
            "index.html".to_string()
        } else {
            format!("{rel}/index.html")
        };
        return if has(&index) {
            Lookup::File(index)
        } else {
            Lookup::NotFound
        };
    }
    if has(&rel) {
        Lookup::File(rel)
    } else if has(&format!("{rel}/index.html")) {
        // From the path as sent (still percent-encoded), but with one
        // leading slash: `//x/` would be a link to the host `x`.
        Lookup::Redirect(format!("/{}/", path.trim_start_matches('/')))
    } else {
        Lookup::NotFound
    }
}

/// The Content-Type for a file name.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "txt" | "md" | "toml" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// Starts `workers` threads answering requests until the process ends.
pub fn spawn_workers(server: Arc<Server>, state: Arc<State>, workers: usize) {
    let waiters = Arc::new(AtomicUsize::new(0));
    for _ in 0..workers {
        let (server, state, waiters) = (server.clone(), state.clone(), waiters.clone());
        std::thread::spawn(move || {
            // `recv` fails only when the server shuts down.
            while let Ok(request) = server.recv() {
                handle(request, &state, &waiters);
            }
        });
    }
}

fn handle(request: Request, state: &Arc<State>, waiters: &Arc<AtomicUsize>) {
    match declared_body(&request) {
        Body::TooLarge => {
            send(request, text(413, "request body too large"));
            return;
        }
        Body::Small | Body::None => {}
    }
    if !matches!(request.method(), Method::Get | Method::Head) {
        send(
            request,
            text(405, "method not allowed").with_header(header("Allow", ALLOW)),
        );
        return;
    }
    let url = request.url().to_string();
    let path = url.split('?').next().unwrap_or("");
    match path {
        "/__drillbook/live.js" => {
            let r = Response::from_data(LIVE_JS.as_bytes().to_vec())
                .with_header(header("Content-Type", content_type("live.js")));
            send(request, no_store(r));
        }
        "/__drillbook/events" => events(request, &url, state, waiters),
        _ => {
            let r = site_file(&url, state, accepts_gzip(&request));
            send(request, r);
        }
    }
}

/// What a request says about its body (which is never read).
#[derive(Debug, PartialEq, Eq)]
enum Body {
    None,
    Small,
    TooLarge,
}

fn declared_body(request: &Request) -> Body {
    let chunked = request
        .headers()
        .iter()
        .any(|h| h.field.equiv("Transfer-Encoding"));
    match request.body_length() {
        _ if chunked => Body::TooLarge,
        Some(n) if n > MAX_BODY => Body::TooLarge,
        Some(n) if n > 0 => Body::Small,
        _ => Body::None,
    }
}

/// Whether the connection ends after this request's answer: the client
/// asked, HTTP/1.0 without keep-alive, or a body left unread (tiny_http
/// closes in each case; the answer says so).
fn closes_after(request: &Request) -> bool {
    let connection = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Connection"))
        .map(|h| h.value.as_str().to_ascii_lowercase());
    let http10 = *request.http_version() == tiny_http::HTTPVersion(1, 0);
    let asked = match &connection {
        Some(v) if v.contains("close") || v.contains("upgrade") => true,
        Some(v) => http10 && !v.contains("keep-alive"),
        None => http10,
    };
    asked || declared_body(request) != Body::None
}

/// `GET /__drillbook/events[?since=N]`: without `since`, the current status
/// at once; with it, waits until the version is not `N` (or the timeout).
fn events(request: Request, url: &str, state: &Arc<State>, waiters: &Arc<AtomicUsize>) {
    let since = url
        .split_once('?')
        .and_then(|(_, q)| q.split('&').find_map(|kv| kv.strip_prefix("since=")))
        .and_then(|v| v.parse::<u64>().ok());
    let busy = waiters.fetch_add(1, Ordering::SeqCst) >= MAX_WAITERS;
    let (state, waiters) = (state.clone(), waiters.clone());
    std::thread::spawn(move || {
        let status = match since {
            Some(since) if !busy => state.wait_change(since, POLL_TIMEOUT),
            _ => state.current().0,
        };
        waiters.fetch_sub(1, Ordering::SeqCst);
        let first = state.current().1.is_none();
        let r = Response::from_data(status_json(&status, first).into_bytes())
            .with_header(header("Content-Type", content_type("x.json")));
        send(request, no_store(r));
    });
}

/// Sends `response` with the head written here: tiny_http will not send a
/// `Connection` header itself, and the answer must say when the connection
/// closes. Connections otherwise stay open (keep-alive): the patched
/// tiny_http gives every connection its own thread, so an idle one never
/// holds up a fresh one.
fn send(request: Request, response: Response<Cursor<Vec<u8>>>) {
    let head_only = *request.method() == Method::Head;
    let closes = closes_after(&request);
    let keep_alive_10 = !closes && *request.http_version() == tiny_http::HTTPVersion(1, 0);
    let code = response.status_code();
    let mut head = format!("HTTP/1.1 {} {}\r\n", code.0, code.default_reason_phrase());
    for h in response.headers() {
        let _ = write!(head, "{}: {}\r\n", h.field.as_str(), h.value.as_str());
    }
    let body = response.into_reader().into_inner();
    let _ = write!(head, "Content-Length: {}\r\n", body.len());
    if closes {
        head.push_str("Connection: close\r\n");
    } else if keep_alive_10 {
        head.push_str("Connection: keep-alive\r\n");
    }
    head.push_str("\r\n");
    let body = if head_only { &[][..] } else { &body[..] };
    let mut writer = request.into_writer();
    // A client gone before its answer is not the server's problem.
    let _ = writer
        .write_all(head.as_bytes())
        .and_then(|()| writer.write_all(body))
        .and_then(|()| writer.flush());
}

/// The live script's status: `first` says no build has succeeded yet, so
/// the overlay must not promise a last good version underneath.
pub fn status_json(status: &Status, first: bool) -> String {
    serde_json::json!({ "version": status.version, "error": status.error, "first": first })
        .to_string()
}

/// Whether the request's `Accept-Encoding` allows gzip (`gzip`, `x-gzip`
/// or `*`, with a non-zero `q`).
fn accepts_gzip(request: &Request) -> bool {
    let values = (request.headers().iter())
        .filter(|h| h.field.equiv("Accept-Encoding"))
        .map(|h| h.value.as_str());
    gzip_accepted(values)
}

/// Whether `Accept-Encoding` values allow gzip.
fn gzip_accepted<'a>(values: impl IntoIterator<Item = &'a str>) -> bool {
    values.into_iter().flat_map(|v| v.split(',')).any(|coding| {
        let mut parts = coding.split(';');
        let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        matches!(name.as_str(), "gzip" | "x-gzip" | "*") && q > 0.0
    })
}

fn site_file(url: &str, state: &State, gzip_ok: bool) -> Response<Cursor<Vec<u8>>> {
    let (status, site) = state.current();
    let Some(site) = site else {
        return first_build_failed(&status);
    };
    // A file still being made counts as there (it may be new): its
    // request waits for it below.
    let has = |p: &str| site.contains(p) || state.is_pending(p);
    match lookup(url, &has) {
        Lookup::File(path) => {
            // A file of this build still being made: wait for its bytes.
            let (status, site) = state.current_for(&path);
            match site {
                Some(site) => file_response(&site, &path, status.version, gzip_ok),
                None => first_build_failed(&status),
            }
        }
        Lookup::Redirect(to) => no_store(text(301, "moved").with_header(header("Location", &to))),
        Lookup::Forbidden => text(403, "forbidden"),
        Lookup::NotFound if has("404.html") => not_found_page(&site, status.version, gzip_ok),
        Lookup::NotFound => text(404, "not found"),
    }
}

/// A site file; HTML gets the build version in its live-reload script URL so
/// the page knows which build it shows.
fn file_response(
    site: &BuiltSite,
    path: &str,
    version: u64,
    gzip_ok: bool,
) -> Response<Cursor<Vec<u8>>> {
    let Some(stored) = site.get(path) else {
        return text(404, "not found");
    };
    let kind = content_type(path);
    let body = if kind.starts_with("text/html") {
        Encoded::text(with_live_version(&stored.plain(), version), gzip_ok)
    } else {
        match stored.gzipped() {
            Some(gz) if gzip_ok => Encoded::Gzip(gz.to_vec()),
            _ => Encoded::Plain(stored.plain().into_owned()),
        }
    };
    let vary = stored.gzipped().is_some();
    body.response(200, kind, vary)
}

/// A response body, gzipped or not.
enum Encoded {
    Plain(Vec<u8>),
    Gzip(Vec<u8>),
}

impl Encoded {
    /// Text made for this request (a page with its live-reload version):
    /// gzipped again if the client takes gzip.
    fn text(text: String, gzip_ok: bool) -> Encoded {
        if gzip_ok {
            Encoded::Gzip(gzip(text.as_bytes()))
        } else {
            Encoded::Plain(text.into_bytes())
        }
    }

    /// The response, saying how it is encoded and, when the file has both
    /// forms (`vary`), that the answer depends on `Accept-Encoding`.
    fn response(self, code: u16, kind: &str, vary: bool) -> Response<Cursor<Vec<u8>>> {
        let (body, gzipped) = match self {
            Encoded::Plain(b) => (b, false),
            Encoded::Gzip(b) => (b, true),
        };
        let mut r = Response::from_data(body)
            .with_status_code(code)
            .with_header(header("Content-Type", kind));
        if vary {
            r = r.with_header(header("Vary", "Accept-Encoding"));
        }
        if gzipped {
            r = r.with_header(header("Content-Encoding", "gzip"));
        }
        no_store(r)
    }
}

fn with_live_version(html: &[u8], version: u64) -> String {
    String::from_utf8_lossy(html).replacen(
        LIVE_SRC,
        &format!("/__drillbook/live.js?v={version}\""),
        1,
    )
}

/// The site's 404 page. Its links are relative to the site root but it
/// answers at any depth, so a `<base href="/">` keeps its styles and links.
fn not_found_page(site: &BuiltSite, version: u64, gzip_ok: bool) -> Response<Cursor<Vec<u8>>> {
    let stored = site.get("404.html").map(|s| s.plain());
    let html = with_live_version(stored.as_deref().unwrap_or(&[]), version);
    let html = html.replacen("<head>", "<head><base href=\"/\">", 1);
    let vary = site.get("404.html").is_some_and(|s| s.gzipped().is_some());
    Encoded::text(html, gzip_ok).response(404, "text/html; charset=utf-8", vary)
}

/// Before any build succeeded there is no site: every page is this one, and
/// its live-reload script shows the error and reloads once it is fixed.
fn first_build_failed(status: &Status) -> Response<Cursor<Vec<u8>>> {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"color-scheme\" content=\"light dark\">\
         <title>Build failed · drillbook</title></head>\
         <body style=\"font:16px/1.6 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem\">\
         <h1>The first build failed</h1>\
         <p>There is no last good version of the handbook to show yet. \
         Fix the error shown here and in the terminal; this page reloads by itself.</p>\
         <script src=\"/__drillbook/live.js?v={}\"></script></body></html>",
        status.version
    );
    no_store(
        Response::from_data(html.into_bytes())
            .with_status_code(503)
            .with_header(header("Content-Type", content_type("x.html"))),
    )
}

fn text(code: u16, body: &str) -> Response<Cursor<Vec<u8>>> {
    Response::from_data(body.as_bytes().to_vec())
        .with_status_code(code)
        .with_header(header("Content-Type", content_type("x.txt")))
}

/// The dev server's files change on every save: never let a browser cache them.
fn no_store(r: Response<Cursor<Vec<u8>>>) -> Response<Cursor<Vec<u8>>> {
    r.with_header(header("Cache-Control", "no-store"))
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("header names and values here are ASCII constants or paths")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_table() {
        let files = [
            "index.html",
            "debug/x/index.html",
            "static/a b.css",
            "404.html",
        ];
        let has = |p: &str| files.contains(&p);
        let file = |p: &str| Lookup::File(p.to_string());
        let cases = [
            ("/", file("index.html")),
            ("/index.html", file("index.html")),
            ("/debug/x/", file("debug/x/index.html")),
            ("/debug/x/?q=1", file("debug/x/index.html")),
            ("/debug/x", Lookup::Redirect("/debug/x/".into())),
            ("/static/a%20b.css", file("static/a b.css")),
            ("/../book.toml", Lookup::Forbidden),
            ("/%2e%2e/book.toml", Lookup::Forbidden),
            ("/..%2fbook.toml", Lookup::Forbidden),
            ("/debug/..%5c..%5cbook.toml", Lookup::Forbidden),
            ("//etc/passwd", Lookup::NotFound),
            ("//debug/x", Lookup::Redirect("/debug/x/".into())),
            ("///debug/x?a", Lookup::Redirect("/debug/x/".into())),
            ("/%ff", Lookup::NotFound),
            ("/debug/", Lookup::NotFound),
        ];
        for (url, want) in cases {
            assert_eq!(lookup(url, &has), want, "{url}");
        }
    }

    #[test]
    fn only_loopback_is_quiet() {
        let quiet = ["127.0.0.1", "::1", "127.0.0.2"];
        let loud = ["0.0.0.0", "::", "192.168.1.20", "10.0.0.1"];
        for host in quiet {
            assert_eq!(exposure_warning(host.parse().unwrap()), None, "{host}");
        }
        for host in loud {
            let warning = exposure_warning(host.parse().unwrap()).unwrap();
            assert!(warning.contains("anyone on the network"), "{host}");
        }
    }

    #[test]
    fn accept_encoding() {
        let yes = [
            "gzip",
            "gzip, deflate, br",
            "br;q=1.0, GZIP;q=0.5",
            "*",
            "x-gzip",
        ];
        let no = ["", "identity", "br", "gzip;q=0", "gzip; q=0.0, br", "gzipx"];
        for v in yes {
            assert!(gzip_accepted([v]), "{v}");
        }
        for v in no {
            assert!(!gzip_accepted([v]), "{v}");
        }
        assert!(!gzip_accepted([]));
        assert!(gzip_accepted(["br", "gzip"]), "two headers");
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/b.JS"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("f.woff2"), "font/woff2");
        assert_eq!(content_type("i.svg"), "image/svg+xml");
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
    }
}
