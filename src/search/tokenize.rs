//! Stage: search, step 1 (tokenize). Input: any text (page field or query).
//! Output: index tokens, or query terms (`QueryTerm`) for the query side.
//! `themes/default/static/search.js` implements the same rules; the shared
//! table `tests/search_tokens.json` pins both. Change them together.

/// Tokens longer than this (base64 blobs, hashes in code) are cut, so one
/// blob cannot bloat a shard; both sides cut identically.
pub const MAX_TOKEN_CHARS: usize = 32;

/// Suffixes the stemmer strips, longest first. Every stem is a prefix of its
/// word (no letters are replaced), which prefix matching relies on.
const SUFFIXES: [&str; 10] = ["ings", "ies", "ied", "ing", "es", "ed", "ly", "s", "e", "y"];

/// What a partially typed word may still grow into after a stem: used to
/// match `throttlin` against the stem `throttl`.
const GROWTHS: [&str; 13] = [
    "ings", "ing", "ies", "ied", "es", "ed", "ly", "s", "e", "y", "ying", "yings", "yed",
];

/// One term of a query: a token, and whether it matches as a prefix.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QueryTerm {
    pub token: String,
    pub prefix: bool,
}

/// A run of the input: a Latin-ish word (lowercased) or a run of CJK
/// characters.
enum Run<'a> {
    Word(&'a str),
    Cjk(&'a [char]),
}

/// An owned `Run`, for the query side, which looks at its runs twice.
enum Segment {
    Word(String),
    Cjk(Vec<char>),
}

/// Han, kana and Hangul: split into bigrams (Lucene CJK-analyzer model).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// Full-width ASCII (U+FF01..U+FF5E) and the ideographic space fold to ASCII,
/// so `ＣＰＵ` is `cpu` and `，` separates like `,`.
fn fold(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    }
}

fn is_word_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// Splits `text` into runs, in order, and calls `each` with every one. The
/// index and the query side both split here, so they cannot disagree.
fn for_each_run(text: &str, mut each: impl FnMut(Run)) {
    let mut word = String::new();
    let mut cjk: Vec<char> = Vec::new();
    for c in text.chars().map(fold) {
        if is_cjk(c) {
            flush_word(&mut word, &mut each);
            cjk.push(c);
        } else if is_word_char(c) {
            flush_cjk(&mut cjk, &mut each);
            word.push(c);
        } else {
            flush_word(&mut word, &mut each);
            flush_cjk(&mut cjk, &mut each);
        }
    }
    flush_word(&mut word, &mut each);
    flush_cjk(&mut cjk, &mut each);
}

/// Hands on the word gathered so far, lowercased; empties `word` (a buffer
/// reused for the next word).
fn flush_word(word: &mut String, each: &mut impl FnMut(Run)) {
    if word.is_empty() {
        return;
    }
    // Same result as `to_lowercase`, without a second allocation.
    if word.is_ascii() {
        word.make_ascii_lowercase();
    } else {
        *word = word.to_lowercase();
    }
    each(Run::Word(word));
    word.clear();
}

fn flush_cjk(cjk: &mut Vec<char>, each: &mut impl FnMut(Run)) {
    if !cjk.is_empty() {
        each(Run::Cjk(cjk));
        cjk.clear();
    }
}

fn segments(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    for_each_run(text, |run| {
        out.push(match run {
            Run::Word(w) => Segment::Word(w.to_string()),
            Run::Cjk(c) => Segment::Cjk(c.to_vec()),
        })
    });
    out
}

fn cut(s: &str) -> String {
    if s.len() <= MAX_TOKEN_CHARS {
        return s.to_string();
    }
    s.chars().take(MAX_TOKEN_CHARS).collect()
}

/// The index side: every token of `text`, repeats kept (they are term counts).
pub fn tokenize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_token(text, |tok| out.push(tok.to_string()));
    out
}

/// `tokenize` without a `String` per token: calls `each` with every token in
/// order. The index builder calls it for every field of every page, and
/// most tokens are repeats it only counts.
pub fn for_each_token(text: &str, mut each: impl FnMut(&str)) {
    for_each_run(text, |run| match run {
        Run::Word(word) => word_tokens(word, &mut each),
        Run::Cjk(chars) => cjk_tokens(chars, &mut each),
    });
}

/// A word's tokens: an identifier (`uid_map`) gives itself unstemmed, then
/// each `_`-separated part stemmed; any other word gives its stem.
fn word_tokens(word: &str, each: &mut impl FnMut(&str)) {
    let trimmed = word.trim_matches('_');
    if trimmed.is_empty() {
        return;
    }
    if trimmed.contains('_') {
        each(cut_slice(trimmed));
        for part in trimmed.split('_').filter(|p| !p.is_empty()) {
            each(cut_slice(&part[..stem_len(part)]));
        }
    } else {
        each(cut_slice(&trimmed[..stem_len(trimmed)]));
    }
}

/// Unigrams and overlapping bigrams, in reading order: 只读 → 只, 只读, 读.
fn cjk_tokens(run: &[char], each: &mut impl FnMut(&str)) {
    let mut buf = [0u8; 8];
    for (i, c) in run.iter().enumerate() {
        each(c.encode_utf8(&mut buf));
        if let Some(next) = run.get(i + 1) {
            let n = c.len_utf8();
            c.encode_utf8(&mut buf);
            next.encode_utf8(&mut buf[n..]);
            // Two encoded chars are valid UTF-8.
            if let Ok(pair) = std::str::from_utf8(&buf[..n + next.len_utf8()]) {
                each(pair);
            }
        }
    }
}

/// `cut` as a slice: the first `MAX_TOKEN_CHARS` characters of `s`.
fn cut_slice(s: &str) -> &str {
    if s.len() <= MAX_TOKEN_CHARS {
        return s;
    }
    match s.char_indices().nth(MAX_TOKEN_CHARS) {
        Some((end, _)) => &s[..end],
        None => s,
    }
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// Strips one suffix from an all-`a-z` word, keeping at least 3 letters, then a
/// final consonant-`y` (`retrying` → `retr`, like `retry` and `retries`).
pub fn stem(word: &str) -> String {
    word[..stem_len(word)].to_string()
}

/// The length of `stem(word)`: stems are prefixes, so no allocation is needed.
fn stem_len(word: &str) -> usize {
    let b = word.as_bytes();
    if b.len() < 4 || !b.iter().all(u8::is_ascii_lowercase) {
        return b.len();
    }
    let mut n = strip_suffix(b);
    if n > 3 && b[n - 1] == b'y' && !is_vowel(b[n - 2]) {
        n -= 1;
    }
    n
}

fn strip_suffix(b: &[u8]) -> usize {
    for suf in SUFFIXES {
        let suf = suf.as_bytes();
        if !b.ends_with(suf) || b.len() - suf.len() < 3 {
            continue;
        }
        let base = &b[..b.len() - suf.len()];
        match suf {
            b"s" if b.ends_with(b"ss") || b.ends_with(b"us") || b.ends_with(b"is") => continue,
            b"y" if is_vowel(b[b.len() - 2]) => continue,
            // `speed` is not `sp` + `eed`; `string` has no vowel before `ing`.
            b"ed" if base.ends_with(b"e") => continue,
            b"ings" | b"ing" | b"ed" => {
                if !base.iter().copied().any(is_vowel) {
                    continue;
                }
                return undouble(base);
            }
            _ => {}
        }
        return base.len();
    }
    b.len()
}

/// `stopped` → `stop`, but `called` keeps `ll` (as does `call`) and `added`
/// keeps `dd` (the stem would be shorter than 3).
fn undouble(b: &[u8]) -> usize {
    let n = b.len();
    let last = b[n - 1];
    if n > 3 && last == b[n - 2] && !matches!(last, b'l' | b's' | b'z') && !is_vowel(last) {
        return n - 1;
    }
    n
}

/// Whether the typed tail `rest` after a stem `stem` could still become a
/// stripped suffix (`throttl` + `in` → `throttling`; `run` + `ni` → `running`;
/// a final `c` takes a `k`: `panic` + `kin` → `panicking`, `panicked`).
pub fn may_grow(stem: &str, rest: &str) -> bool {
    if rest.is_empty() {
        return false;
    }
    if GROWTHS.iter().any(|g| g.starts_with(rest)) {
        return true;
    }
    let doubled = stem
        .chars()
        .last()
        .is_some_and(|c| rest.starts_with(c) || (c == 'c' && rest.starts_with('k')));
    let tail = &rest[rest.chars().next().map_or(0, char::len_utf8)..];
    doubled && ["ings", "ed"].iter().any(|g| g.starts_with(tail))
}

/// Whole tokens a prefix term `q` matches besides those starting with `q`:
/// its stem, and each stem `q[..k]` (k ≥ 3) that `q` may be growing from.
/// A query looks these up as exact tokens; see `term_matches`.
pub fn prefix_candidates(q: &str) -> Vec<String> {
    let mut out = vec![stem(q)];
    for (k, _) in q.char_indices().skip(3) {
        if may_grow(&q[..k], &q[k..]) && !out.iter().any(|c| c == &q[..k]) {
            out.push(q[..k].to_string());
        }
    }
    out
}

/// Does index token `tok` match query term `term`? The reference rule that
/// both the shard lookup and the brute-force test must agree with.
pub fn term_matches(term: &QueryTerm, tok: &str) -> bool {
    if !term.prefix {
        return tok == term.token;
    }
    let q = term.token.as_str();
    tok.starts_with(q)
        || tok == stem(q)
        || (tok.chars().count() >= 3 && q.starts_with(tok) && may_grow(tok, &q[tok.len()..]))
}

/// The query side: terms that must all match (AND). The last word is a
/// prefix (its whole and its last identifier part) when ≥ 2 characters; a
/// CJK run needs its bigrams, or its unigram when one character long.
pub fn query_terms(query: &str) -> Vec<QueryTerm> {
    let segs = segments(query);
    let last_word = segs.iter().rposition(|s| matches!(s, Segment::Word(_)));
    let mut out: Vec<QueryTerm> = Vec::new();
    for (i, seg) in segs.iter().enumerate() {
        match seg {
            Segment::Word(w) if Some(i) == last_word => last_word_terms(w, &mut out),
            Segment::Word(w) => word_tokens(w, &mut |token| out.push(exact(token.to_string()))),
            Segment::Cjk(run) if run.len() == 1 => out.push(exact(run[0].to_string())),
            Segment::Cjk(run) => {
                out.extend(run.windows(2).map(|p| exact(p.iter().collect())));
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|t| seen.insert(t.clone()));
    out
}

fn exact(token: String) -> QueryTerm {
    QueryTerm {
        token,
        prefix: false,
    }
}

fn last_word_terms(word: &str, out: &mut Vec<QueryTerm>) {
    let trimmed = word.trim_matches('_');
    let as_prefix = |s: &str| {
        let token = cut(s);
        let prefix = token.chars().count() >= 2;
        let token = if prefix { token } else { cut(&stem(s)) };
        QueryTerm { token, prefix }
    };
    if trimmed.is_empty() {
        return;
    }
    if !trimmed.contains('_') {
        out.push(as_prefix(trimmed));
        return;
    }
    out.push(as_prefix(trimmed));
    let parts: Vec<&str> = trimmed.split('_').filter(|p| !p.is_empty()).collect();
    for (i, part) in parts.iter().enumerate() {
        if i + 1 < parts.len() {
            out.push(exact(cut(&stem(part))));
        } else if part.chars().count() >= 2 {
            out.push(as_prefix(part));
        }
    }
}

#[cfg(test)]
#[path = "tokenize_tests.rs"]
mod tests;
