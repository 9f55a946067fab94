//! `drillbook serve` against hostile and careless clients: huge declared
//! bodies, `Expect: 100-continue`, an HTTP/2 preface, endless header lines,
//! 200 slow-drip connections, pipelined requests after `Connection: close`,
//! and a burst of keep-alive connections like a browser loading a page with
//! 20 subresources. After each, serve must still answer a page quickly.

#![allow(
    clippy::unwrap_used,
    reason = "a failing step of a test helper should panic the test"
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/serve");

struct Serve {
    child: Child,
    port: u16,
    _tmp: tempfile::TempDir,
}

impl Serve {
    /// Serve on a copy of the fixture with 20 stylesheets added under `static/`.
    fn start() -> Self {
        Self::start_limited(None)
    }

    /// `open_files`: run serve under `ulimit -n`, so clients can use up its
    /// file descriptors.
    fn start_limited(open_files: Option<u32>) -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("book");
        for entry in walkdir::WalkDir::new(FIXTURE) {
            let entry = entry.unwrap();
            let dest = root.join(entry.path().strip_prefix(FIXTURE).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&dest).unwrap();
            } else {
                std::fs::copy(entry.path(), &dest).unwrap();
            }
        }
        // The handbook's `static/` is copied to the site root.
        std::fs::create_dir_all(root.join("static")).unwrap();
        for i in 0..20 {
            let css = format!("/* sheet {i} */ body {{ margin: {i}px }}\n");
            std::fs::write(root.join(format!("static/s{i}.css")), css).unwrap();
        }
        let mut command = match open_files {
            None => Command::new(env!("CARGO_BIN_EXE_drillbook")),
            Some(n) => {
                let mut sh = Command::new("sh");
                sh.arg("-c")
                    .arg(format!("ulimit -n {n} && exec \"$0\" \"$@\""))
                    .arg(env!("CARGO_BIN_EXE_drillbook"));
                sh
            }
        };
        let mut child = command
            .args(["serve", "--port", "0", "--root"])
            .arg(&root)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let line = lines
            .by_ref()
            .map_while(Result::ok)
            .find(|l| l.starts_with("Serving on"))
            .expect("serve prints its URL");
        // Keep draining stdout so serve never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        let port = line
            .split("127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in `{line}`"));
        Serve {
            child,
            port,
            _tmp: tmp,
        }
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream
    }

    /// Sends `raw` and reads until the server closes (or 10 s pass).
    fn exchange(&self, raw: &[u8]) -> String {
        let mut stream = self.connect();
        stream.write_all(raw).unwrap();
        let mut got = Vec::new();
        let result = stream.read_to_end(&mut got);
        assert!(
            result.is_ok(),
            "the server must close the connection, got {result:?} after {:?}",
            String::from_utf8_lossy(&got)
        );
        String::from_utf8_lossy(&got).into_owned()
    }

    /// A plain page request must still be answered within 5 s.
    fn assert_serving(&mut self) {
        let started = Instant::now();
        let got = self.exchange(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assert!(got.starts_with("HTTP/1.1 200"), "{got}");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
        assert!(self.alive(), "serve exited");
    }

    fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads one response (head and `Content-Length` body) off a kept-alive stream.
fn read_response(stream: &mut TcpStream) -> (String, Vec<u8>) {
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 {
            panic!("connection closed before a full head: {head}");
        }
        head.push_str(&line);
        if line == "\r\n" {
            break;
        }
    }
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    (head, body)
}

fn header<'a>(response: &'a str, name: &str) -> Option<&'a str> {
    let head = response.split("\r\n\r\n").next()?;
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

#[test]
fn a_huge_declared_body_gets_413_and_serve_lives() {
    let mut s = Serve::start();
    let got = s.exchange(b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000000000\r\n\r\n");
    assert!(got.starts_with("HTTP/1.1 413"), "{got}");
    assert_eq!(header(&got, "Connection"), Some("close"));
    let got = s.exchange(
        b"POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
    );
    assert!(got.starts_with("HTTP/1.1 413"), "{got}");
    s.assert_serving();
}

#[test]
fn expect_100_continue_is_answered_without_waiting_for_the_body() {
    let mut s = Serve::start();
    let got = s.exchange(
        b"GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n",
    );
    assert!(got.starts_with("HTTP/1.1 200"), "{got}");
    assert_eq!(header(&got, "Connection"), Some("close"));
    let got = s.exchange(
        b"PUT /x HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 50000000\r\n\r\n",
    );
    assert!(got.starts_with("HTTP/1.1 413"), "{got}");
    s.assert_serving();
}

#[test]
fn other_methods_get_405_with_allow() {
    let mut s = Serve::start();
    let got = s.exchange(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
    assert!(got.starts_with("HTTP/1.1 405"), "{got}");
    assert_eq!(header(&got, "Allow"), Some("GET, HEAD"));
    let got = s.exchange(b"DELETE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!(got.starts_with("HTTP/1.1 405"), "{got}");
    assert_eq!(header(&got, "Allow"), Some("GET, HEAD"));
    s.assert_serving();
}

#[test]
fn an_http2_preface_and_broken_heads_close_the_connection() {
    let mut s = Serve::start();
    // The HTTP/2 connection preface, then a SETTINGS frame.
    let got = s.exchange(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00");
    assert!(got.starts_with("HTTP/1.1 505"), "{got}");
    assert_eq!(got.matches("HTTP/1.1").count(), 1, "{got}");
    let mut endless = b"GET / HTTP/1.1\r\nX-Long: ".to_vec();
    endless.extend(std::iter::repeat_n(b'a', 64 * 1024));
    let got = s.exchange(&endless);
    assert!(got.starts_with("HTTP/1.1 400"), "{got}");
    let got = s.exchange(b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n");
    assert!(got.starts_with("HTTP/1.1 400"), "{got}");
    s.assert_serving();
}

#[test]
fn connection_close_really_closes() {
    let s = Serve::start();
    // Pipelined: nothing after the request that asked to close is answered.
    let got = s.exchange(
        b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /s1.css HTTP/1.1\r\nHost: x\r\n\r\n",
    );
    assert_eq!(got.matches("HTTP/1.1 ").count(), 1, "{got}");
    assert_eq!(header(&got, "Connection"), Some("close"));
    // Without it, the connection stays open for the next request.
    let mut stream = s.connect();
    for i in 0..3 {
        write!(stream, "GET /s{i}.css HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let (head, body) = read_response(&mut stream);
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(
            !head.to_ascii_lowercase().contains("connection: close"),
            "{head}"
        );
        assert!(String::from_utf8_lossy(&body).contains(&format!("sheet {i}")));
    }
}

#[test]
fn a_double_slash_is_never_redirected_off_site() {
    let s = Serve::start();
    let got = s.exchange(b"GET //debug HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!(got.starts_with("HTTP/1.1 301"), "{got}");
    assert_eq!(header(&got, "Location"), Some("/debug/"));
}

/// Issue 12 (scope 6): tiny_http queued fresh connections behind idle
/// keep-alive ones. A page and its 20 subresources over 20 parallel
/// keep-alive connections (none closes) must all load in one round, while a
/// stalled client sits on another connection.
#[test]
fn twenty_subresources_load_in_one_round_beside_idle_and_stalled_clients() {
    let mut s = Serve::start();
    let mut page = s.connect();
    page.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let (head, _) = read_response(&mut page);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let mut stalled = s.connect();
    stalled.write_all(b"GET /s0.css HTTP/1.1\r\nHo").unwrap();
    let started = Instant::now();
    let loads: Vec<_> = (0..20)
        .map(|i| {
            let port = s.port;
            std::thread::spawn(move || {
                let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
                stream
                    .set_read_timeout(Some(Duration::from_secs(10)))
                    .unwrap();
                write!(stream, "GET /s{i}.css HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
                let (head, body) = read_response(&mut stream);
                assert!(head.starts_with("HTTP/1.1 200"), "{head}");
                assert!(String::from_utf8_lossy(&body).contains(&format!("sheet {i}")));
                // Kept open, as a browser keeps its connections.
                stream
            })
        })
        .collect();
    let streams: Vec<TcpStream> = loads.into_iter().map(|t| t.join().unwrap()).collect();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "20 parallel loads took {:?}",
        started.elapsed()
    );
    s.assert_serving();
    drop((streams, page, stalled));
}

#[test]
fn two_hundred_slow_drip_connections_do_not_stop_serving() {
    let mut s = Serve::start();
    let mut drips: Vec<TcpStream> = (0..200)
        .map(|_| {
            let mut stream = s.connect();
            stream.write_all(b"GET / HT").unwrap();
            stream
        })
        .collect();
    for stream in &mut drips {
        stream.write_all(b"TP/1.1\r\nX-Drip: ").unwrap();
    }
    s.assert_serving();
    for stream in &mut drips {
        stream.write_all(b"1\r\n").unwrap();
    }
    s.assert_serving();
    // Finishing a few of them gets them answered too.
    for stream in drips.iter_mut().take(5) {
        stream.write_all(b"Connection: close\r\n\r\n").unwrap();
        let mut got = Vec::new();
        stream.read_to_end(&mut got).unwrap();
        assert!(got.starts_with(b"HTTP/1.1 200"));
    }
}

/// Clients holding every file descriptor serve may open make `accept` fail;
/// once they go, serve must accept again (tiny_http's accept thread used to
/// end on the first such error, and the server with it).
#[test]
fn running_out_of_file_descriptors_is_survived() {
    let mut s = Serve::start_limited(Some(128));
    let at = std::net::SocketAddr::from(([127, 0, 0, 1], s.port));
    // Once the backlog is full a connect waits for a SYN retry: do not wait.
    let hogs: Vec<TcpStream> = (0..200)
        .filter_map(|_| TcpStream::connect_timeout(&at, Duration::from_millis(100)).ok())
        .collect();
    assert!(hogs.len() > 100, "only {} connections", hogs.len());
    std::thread::sleep(Duration::from_millis(500));
    drop(hogs);
    std::thread::sleep(Duration::from_millis(500));
    s.assert_serving();
}
