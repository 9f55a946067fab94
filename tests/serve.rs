//! `drillbook serve` end to end: the real binary on a loopback port, serving a
//! temp copy of `tests/fixtures/serve/`, driven by a tiny HTTP client over
//! `TcpStream`. Waits are long-polls on `/__drillbook/events` with deadlines,
//! never fixed sleeps used as assertions.

#![allow(
    clippy::unwrap_used,
    reason = "a failing step of a test helper should panic the test"
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/serve");
const PAGE: &str = "content/debug/overlay.md";

struct Response {
    status: u16,
    headers: String,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// Sends `target` exactly as given (no normalisation, so escapes reach the server).
fn request(port: u16, target: &str, timeout: Duration) -> std::io::Result<Response> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(timeout))?;
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok(Response {
        status,
        headers: head.to_string(),
        body: body.to_string(),
    })
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

#[derive(Debug, serde::Deserialize)]
struct Status {
    version: u64,
    error: Option<String>,
}

struct Serve {
    child: Child,
    port: u16,
    _tmp: tempfile::TempDir,
    root: PathBuf,
    lines: mpsc::Receiver<String>,
}

impl Serve {
    fn start() -> Self {
        Self::start_with(&[], |_| {})
    }

    /// Starts serve on a copy of the fixture, changed first by `prepare`.
    /// `--port 0` lets the OS pick a port, read back from the printed URL:
    /// picking one here and passing it on would race other tests' sockets.
    fn start_with(args: &[&str], prepare: impl FnOnce(&Path)) -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("book");
        copy_dir(Path::new(FIXTURE), &root);
        prepare(&root);
        let mut child = Command::new(env!("CARGO_BIN_EXE_drillbook"))
            .args(["serve", "--port", "0", "--root"])
            .arg(&root)
            .args(args)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let lines = spawn_reader(child.stdout.take().unwrap());
        let mut serve = Serve {
            child,
            port: 0,
            _tmp: tmp,
            root,
            lines,
        };
        let line = serve.wait_line("Serving on");
        serve.port = line
            .split("127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in `{line}`"));
        serve
    }

    fn wait_line(&self, prefix: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = self
                .lines
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no `{prefix}` line from serve"));
            if line.starts_with(prefix) {
                return line;
            }
        }
    }

    fn get(&self, target: &str) -> Response {
        request(self.port, target, Duration::from_secs(30)).unwrap()
    }

    fn status(&self, since: Option<u64>) -> Status {
        let target = match since {
            Some(v) => format!("/__drillbook/events?since={v}"),
            None => "/__drillbook/events".into(),
        };
        let r = self.get(&target);
        assert_eq!(r.status, 200, "{}", r.body);
        serde_json::from_str(&r.body).unwrap()
    }

    /// Long-polls until `done` holds for a new status (20 s at most).
    fn wait_for(&self, mut since: u64, what: &str, done: impl Fn(&Status) -> bool) -> Status {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            let status = self.status(Some(since));
            if status.version != since && done(&status) {
                return status;
            }
            since = status.version;
        }
        panic!("timed out waiting for {what}");
    }

    fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.root.join(rel), text).unwrap();
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap()
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn_reader(out: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

#[test]
fn serves_pages_with_types_pretty_urls_and_404() {
    let s = Serve::start();
    let home = s.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        home.body.contains("/__drillbook/live.js?v="),
        "{}",
        home.body
    );
    let page = s.get("/debug/overlay/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("permission denied"));
    let bare = s.get("/debug/overlay");
    assert_eq!(bare.status, 301);
    assert_eq!(bare.header("Location"), Some("/debug/overlay/"));
    let draft = s.get("/expression/draft-phrases/");
    assert_eq!(draft.status, 200, "drafts are served by default");
    assert!(draft.body.contains("drafts-banner"));
    for (path, kind) in [
        ("/static/style.css", "text/css; charset=utf-8"),
        ("/static/drillbook.js", "text/javascript; charset=utf-8"),
        ("/static/favicon.svg", "image/svg+xml"),
        ("/__drillbook/live.js", "text/javascript; charset=utf-8"),
    ] {
        let r = s.get(path);
        assert_eq!(
            (r.status, r.header("Content-Type")),
            (200, Some(kind)),
            "{path}"
        );
    }
    let missing = s.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"), "{}", missing.body);
    // Served three folders deep, its root-relative links need a base.
    assert!(
        missing.body.contains(r#"<head><base href="/">"#),
        "{}",
        missing.body
    );
    assert!(!s.root.join("public").exists());
}

/// `GET target` with extra header lines; the raw head and body bytes.
fn request_raw(port: u16, target: &str, headers: &str) -> (String, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{headers}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let at = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8(raw[..at].to_vec()).unwrap();
    (head, raw[at + 4..].to_vec())
}

fn head_value<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[test]
fn text_goes_gzipped_to_clients_that_take_it_and_decodes_to_the_built_bytes() {
    let s = Serve::start_with(&["--no-drafts"], |_| {});
    // A full build of the same handbook, elsewhere (serve never writes).
    let built = tempfile::tempdir().unwrap();
    copy_dir(&s.root, built.path());
    let run = Command::new(env!("CARGO_BIN_EXE_drillbook"))
        .args(["build", "--root"])
        .arg(built.path())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let public = built.path().join("public");
    let mut gzipped = 0;
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&public).unwrap();
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.starts_with('.') {
            continue; // the build's own marker, not part of the site
        }
        let want = std::fs::read(entry.path()).unwrap();
        let target = format!("/{}", rel.replace(' ', "%20"));
        let (plain_head, plain) = request_raw(s.port, &target, "");
        let (gz_head, gz) = request_raw(s.port, &target, "Accept-Encoding: gzip, br\r\n");
        assert!(
            plain_head.starts_with("HTTP/1.1 200"),
            "{rel}: {plain_head}"
        );
        assert_eq!(head_value(&plain_head, "Content-Encoding"), None, "{rel}");
        let length = head_value(&gz_head, "Content-Length").unwrap();
        assert_eq!(length, gz.len().to_string(), "{rel}");
        if rel.ends_with(".html") {
            // Serve's pages carry the live-reload script: compare the two
            // answers with each other instead.
            assert_eq!(
                head_value(&gz_head, "Content-Encoding"),
                Some("gzip"),
                "{rel}"
            );
            assert_eq!(gunzip(&gz), plain, "{rel}");
            continue;
        }
        assert_eq!(plain, want, "{rel}: plain differs from the build");
        match head_value(&gz_head, "Content-Encoding") {
            Some("gzip") => {
                gzipped += 1;
                assert_eq!(head_value(&gz_head, "Vary"), Some("Accept-Encoding"));
                assert_eq!(head_value(&plain_head, "Vary"), Some("Accept-Encoding"));
                assert_eq!(gunzip(&gz), want, "{rel}: gzip differs from the build");
            }
            None => assert_eq!(gz, want, "{rel}"),
            Some(other) => panic!("{rel}: encoding {other}"),
        }
    }
    assert!(
        gzipped >= 5,
        "CSS, JS and search files go gzipped: {gzipped}"
    );
    let (head, gz) = request_raw(s.port, "/debug/overlay/", "Accept-Encoding: gzip\r\n");
    assert_eq!(head_value(&head, "Content-Encoding"), Some("gzip"));
    let page = String::from_utf8(gunzip(&gz)).unwrap();
    assert!(page.contains("permission denied") && page.contains("/__drillbook/live.js?v="));
    let (head, gz) = request_raw(s.port, "/no/such/", "Accept-Encoding: gzip;q=1\r\n");
    assert!(head.starts_with("HTTP/1.1 404"), "{head}");
    let missing = String::from_utf8(gunzip(&gz)).unwrap();
    assert!(missing.contains(r#"<head><base href="/">"#), "{missing}");
    let (head, _) = request_raw(s.port, "/debug/overlay/", "Accept-Encoding: gzip;q=0\r\n");
    assert_eq!(
        head_value(&head, "Content-Encoding"),
        None,
        "q=0 refuses gzip"
    );
}

#[test]
fn no_drafts_leaves_drafts_out() {
    let s = Serve::start_with(&["--no-drafts"], |_| {});
    assert_eq!(s.get("/expression/draft-phrases/").status, 404);
    assert!(!s.get("/").body.contains("drafts-banner"));
}

#[test]
fn path_escapes_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "TOP-SECRET").unwrap();
    let s = Serve::start_with(&[], |root| {
        #[cfg(unix)]
        std::os::unix::fs::symlink(&secret, root.join("content/debug/leak.txt")).unwrap();
    });
    for target in [
        "/../book.toml",
        "/%2e%2e/book.toml",
        "/%2E%2E/%2e%2e/book.toml",
        "/..%2fbook.toml",
        "/debug/../../book.toml",
        "/debug/..%5c..%5cbook.toml",
        "//etc/passwd",
        "/etc/passwd",
        "/book.toml",
        "/content/debug/overlay.md",
        "/debug/leak.txt",
        &format!("/{}", secret.display()),
    ] {
        let r = s.get(target);
        assert!(matches!(r.status, 403 | 404), "{target}: {}", r.status);
        assert!(!r.body.contains("TOP-SECRET") && !r.body.contains("[book]"));
    }
}

#[test]
fn a_print_page_fetched_as_the_reload_arrives_has_the_edit() {
    // Serve publishes the edited page and sends the reload before it remakes
    // the print files that hold the page; a print file asked for in between
    // must wait for its new bytes, never answer with the old ones.
    let s = Serve::start();
    let prints = ["/print/", "/print/debug/"];
    for print in prints {
        let r = s.get(print);
        assert_eq!(r.status, 200, "{print}");
        assert!(r.body.contains("user namespaces"), "{print}");
    }
    let mut version = s.status(None).version;
    let original = s.read(PAGE);
    for mark in ["PRINT-EDIT-ONE", "PRINT-EDIT-TWO"] {
        s.write(PAGE, &original.replace("user namespaces", mark));
        // Asked the moment the reload is announced, all at once.
        version = s.wait_for(version, mark, |st| st.error.is_none()).version;
        let port = s.port;
        let asked: Vec<_> = prints
            .iter()
            .map(|&print| {
                std::thread::spawn(move || request(port, print, Duration::from_secs(30)).unwrap())
            })
            .collect();
        for (print, r) in prints.iter().zip(asked) {
            let r = r.join().unwrap();
            assert_eq!(r.status, 200, "{print}");
            assert!(r.body.contains(mark), "{print} lacks the edit {mark}");
        }
    }
}

#[test]
fn edits_rebuild_and_the_reload_event_arrives() {
    let s = Serve::start();
    let v0 = s.status(None).version;
    // A long-poll already waiting must be answered by the save.
    let port = s.port;
    let waiting = std::thread::spawn(move || {
        let r = request(
            port,
            &format!("/__drillbook/events?since={v0}"),
            Duration::from_secs(30),
        );
        serde_json::from_str::<Status>(&r.unwrap().body).unwrap()
    });
    // Give the poll time to be parked; the assertion does not depend on it.
    std::thread::sleep(Duration::from_millis(200));
    let original = s.read(PAGE);
    s.write(PAGE, &original.replace("user namespaces", "EDIT-IN-PLACE"));
    let event = waiting.join().unwrap();
    assert!(event.version > v0 && event.error.is_none(), "{event:?}");
    let v = s.wait_for(v0, "the in-place edit", |_| {
        s.get("/debug/overlay/").body.contains("EDIT-IN-PLACE")
    });
    let line = s.wait_line("Rebuilt");
    assert!(line.contains("overlay.md"), "{line}");

    // Temp file + rename, as vim, VS Code and JetBrains do.
    let tmp = s.root.join("content/debug/overlay.md___jb_tmp___");
    std::fs::write(&tmp, original.replace("user namespaces", "RENAME-SAVE")).unwrap();
    std::fs::rename(&tmp, s.root.join(PAGE)).unwrap();
    let v = s.wait_for(v.version, "the rename save", |_| {
        s.get("/debug/overlay/").body.contains("RENAME-SAVE")
    });

    // Truncate, then write.
    std::fs::File::create(s.root.join(PAGE)).unwrap();
    s.write(PAGE, &original.replace("user namespaces", "TRUNCATE-WRITE"));
    let v = s.wait_for(v.version, "the truncate + write", |st| {
        st.error.is_none() && s.get("/debug/overlay/").body.contains("TRUNCATE-WRITE")
    });

    // Delete and re-create.
    std::fs::remove_file(s.root.join(PAGE)).unwrap();
    s.write(PAGE, &original.replace("user namespaces", "RECREATED"));
    let v = s.wait_for(v.version, "the re-created page", |st| {
        st.error.is_none() && s.get("/debug/overlay/").body.contains("RECREATED")
    });

    // A new folder with a new page.
    std::fs::create_dir_all(s.root.join("content/debug/deep")).unwrap();
    s.write(
        "content/debug/deep/fresh.md",
        "---\ntitle: Fresh page\nkind: guide\n---\n\nNEW-PAGE\n",
    );
    let v = s.wait_for(v.version, "the new page", |_| {
        s.get("/debug/deep/fresh/").body.contains("NEW-PAGE")
    });

    // Removing a page that another links to is an error; the last good
    // site stays up; restoring it clears the error.
    std::fs::remove_file(s.root.join(PAGE)).unwrap();
    let broken = s.wait_for(v.version, "the broken-link error", |st| st.error.is_some());
    let text = broken.error.unwrap();
    assert!(
        text.contains("broken link") && text.contains("read-only-logs.md:"),
        "{text}"
    );
    assert!(s.get("/debug/overlay/").body.contains("RECREATED"));
    s.write(PAGE, &original);
    s.wait_for(broken.version, "the restored page", |st| st.error.is_none());
    assert!(!s.root.join("public").exists(), "serve wrote into public/");
}

#[test]
fn a_broken_save_shows_the_error_and_keeps_the_last_good_page() {
    let s = Serve::start();
    let v0 = s.status(None).version;
    let good = s.read(PAGE);
    let bad = good.replace("title: Overlay", "tittle: Overlay");
    // A hundred broken saves in a row must not bring the server down.
    for i in 0..100 {
        s.write(PAGE, &format!("{bad}\n<!-- {i} -->\n"));
        std::thread::sleep(Duration::from_millis(2));
    }
    // A save caught mid-write may show another error (an empty page) first.
    let broken = s.wait_for(v0, "the front-matter error", |st| {
        st.error.as_deref().is_some_and(|e| e.contains("tittle"))
    });
    let text = broken.error.unwrap();
    assert!(text.contains("unknown key `tittle`"), "{text}");
    assert!(text.contains("content/debug/overlay.md:2:1"), "{text}");
    let page = s.get("/debug/overlay/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Overlay mount permission denied"));
    s.write(PAGE, &good.replace("user namespaces", "FIXED"));
    s.wait_for(broken.version, "the fix", |st| {
        st.error.is_none() && s.get("/debug/overlay/").body.contains("FIXED")
    });
}

#[test]
fn a_failed_first_build_still_serves_the_error() {
    let s = Serve::start_with(&[], |root| {
        let page = root.join(PAGE);
        let text = std::fs::read_to_string(&page).unwrap();
        std::fs::write(&page, text.replace("kind: drill", "kind: dril")).unwrap();
    });
    let status = s.status(None);
    assert!(
        status.error.as_deref().unwrap_or("").contains("dril"),
        "{status:?}"
    );
    let home = s.get("/");
    assert_eq!(home.status, 503);
    assert!(home.body.contains("/__drillbook/live.js?v="));
    let text = s.read(PAGE).replace("kind: dril", "kind: drill");
    s.write(PAGE, &text);
    s.wait_for(status.version, "the first good build", |st| {
        st.error.is_none()
    });
    assert_eq!(s.get("/").status, 200);
}

#[test]
fn a_taken_explicit_port_is_an_error() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let out = Command::new(env!("CARGO_BIN_EXE_drillbook"))
        .args(["serve", "--root", FIXTURE, "--port", &port.to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("error: port {port} on 127.0.0.1 is not available")),
        "{stderr}"
    );
}

#[test]
fn two_thousand_requests_sixteen_at_a_time() {
    let s = Serve::start();
    let port = s.port;
    let started = Instant::now();
    let paths = [
        "/",
        "/debug/overlay/",
        "/static/style.css",
        "/tags/index.html",
    ];
    let workers: Vec<_> = (0..16)
        .map(|w| {
            std::thread::spawn(move || {
                for i in 0..125 {
                    let path = paths[(w + i) % paths.len()];
                    let r = request(port, path, Duration::from_secs(30)).unwrap();
                    assert_eq!(r.status, 200, "{path}");
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
}

/// Whether `word` is in the index serve currently serves: the manifest names
/// the term file that would hold it, and that file lists it.
fn indexed(s: &Serve, word: &str) -> bool {
    let meta = s.get("/search/meta.js");
    assert_eq!(meta.status, 200, "{}", meta.body);
    let json = &meta.body[meta.body.find('{').unwrap()..=meta.body.rfind('}').unwrap()];
    let meta: drillbook::search::shard::Meta = serde_json::from_str(json).unwrap();
    let token = drillbook::search::tokenize::tokenize(word).remove(0);
    meta.exact_file(&token).is_some_and(|file| {
        let r = s.get(&format!("/search/{file}.js"));
        r.status == 200 && r.body.contains(&format!("\"{token}\""))
    })
}

#[test]
fn an_edit_reaches_the_search_index_in_the_background() {
    let s = Serve::start();
    assert!(
        indexed(&s, "namespaces"),
        "the first index is served at once"
    );
    assert!(!indexed(&s, "zqxjvocab"));
    let original = s.read(PAGE);
    s.write(PAGE, &format!("{original}\nA zqxjvocab word.\n"));
    s.wait_line("Rebuilt");
    s.wait_line("  search index updated");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !indexed(&s, "zqxjvocab") {
        assert!(
            Instant::now() < deadline,
            "the new word never became findable"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_builds_the_review_page_and_keeps_its_list_of_drills_current() {
    let s = Serve::start();
    let review = s.get("/review/");
    assert_eq!(review.status, 200);
    assert!(review.body.contains("data-review-page"), "{}", review.body);
    let drills = s.get("/review/drills.js");
    assert_eq!(drills.status, 200);
    assert!(drills.body.contains("\"Overlay mount permission denied\""));
    assert!(indexed(&s, "复习"), "the Review page is searchable");
    let version = s.status(None).version;
    let original = s.read(PAGE);
    s.write(
        PAGE,
        &original.replace(
            "title: Overlay mount permission denied",
            "title: Overlay mount denied again",
        ),
    );
    s.wait_for(version, "the rebuild", |st| st.error.is_none());
    let drills = s.get("/review/drills.js");
    assert!(
        drills.body.contains("\"Overlay mount denied again\"")
            && !drills.body.contains("permission denied\""),
        "{}",
        drills.body
    );
    assert!(indexed(&s, "复习"), "still searchable after a rebuild");
}
