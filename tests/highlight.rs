//! Highlighting golden test: every sample under
//! `tests/fixtures/highlight/samples/` (the extension is the fence language,
//! `_` for none) is highlighted and the whole result compared byte for byte
//! with `expected.html`, captured before the highlighter was made faster.
//! Speed work must not change one byte a reader gets. To re-capture after a
//! deliberate change of the output: `DRILLBOOK_BLESS=1 cargo test --test highlight`.

use std::path::Path;

use drillbook::render::Highlighter;

fn samples() -> Vec<(String, String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/highlight/samples");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("samples folder")
        .map(|e| e.expect("sample entry").path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path
                .file_name()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            let lang = match name.rsplit_once('.') {
                Some((_, "_")) | None => String::new(),
                Some((_, ext)) => ext.to_string(),
            };
            let code = std::fs::read_to_string(&path).expect("a UTF-8 sample");
            (name, lang, code)
        })
        .collect()
}

fn highlight_all(hl: &Highlighter) -> String {
    let mut out = String::new();
    for (name, lang, code) in samples() {
        out.push_str(&format!("=== {name} [{lang}] ===\n"));
        out.push_str(&hl.highlight(&code, &lang));
        out.push_str("\n=== end ===\n");
    }
    out
}

#[test]
fn highlighted_html_is_byte_identical_to_the_captured_output() {
    let expected_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/highlight/expected.html");
    let actual = highlight_all(&Highlighter::default());
    if std::env::var_os("DRILLBOOK_BLESS").is_some() {
        std::fs::write(&expected_path, &actual).expect("write expected.html");
        return;
    }
    let expected = std::fs::read_to_string(&expected_path).expect("expected.html");
    if actual != expected {
        let (a, e): (Vec<_>, Vec<_>) = (
            actual.split("=== end ===\n").collect(),
            expected.split("=== end ===\n").collect(),
        );
        for (a, e) in a.iter().zip(&e) {
            assert_eq!(a, e, "highlighted HTML changed");
        }
        assert_eq!(a.len(), e.len(), "a different number of samples");
    }
    // The samples really exercise the highlighter: spans, escapes, Chinese.
    assert!(expected.contains("<span class=\"h0\">"));
    assert!(expected.contains("&lt;script&gt;"));
    assert!(expected.contains("回滚"));
}

#[test]
fn the_same_highlighter_gives_the_same_bytes_on_every_call_and_thread() {
    // A highlight cache or lazily loaded syntaxes must not make the second
    // call, or a call from another thread, differ from the first.
    let hl = Highlighter::default();
    let first = highlight_all(&hl);
    let (second, third) = std::thread::scope(|s| {
        let a = s.spawn(|| highlight_all(&hl));
        let b = s.spawn(|| highlight_all(&hl));
        (a.join().expect("thread a"), b.join().expect("thread b"))
    });
    assert_eq!(first, second);
    assert_eq!(first, third);
}
