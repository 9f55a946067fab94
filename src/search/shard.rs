//! Stage: search, step 3 (shard). Input: `Inverted`. Output: the shard files
//! and the `Meta` that tells a query which file holds a token.
//! Latin tokens go into a trie keyed by their first characters, split until a
//! node fits `SHARD_TARGET` and packed in order, so a prefix query loads one
//! leaf (or, for a short prefix, one merged `p/` list). CJK tokens are only
//! looked up whole, so they are bucketed by hash (`h/`).

use super::index::{Inverted, Posting};
use super::tokenize::is_cjk;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Bytes of term data a shard file aims for; a lone frequent token may exceed it.
pub const SHARD_TARGET: usize = 12_000;

/// The manifest (`search/meta.js`): everything a query needs to pick files.
#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq)]
pub struct Meta {
    /// Format version.
    pub v: u32,
    /// Number of documents.
    pub n: usize,
    /// Result records per `r/` file.
    pub rc: usize,
    /// Number of CJK hash buckets (`h/0` … `h/{hb-1}`).
    pub hb: u32,
    /// Trie leaf key → `s/` file; an inner node's own token is `key + " "`.
    pub m: BTreeMap<String, u32>,
    /// Inner node key (≥ 2 chars) → `p/` file: merged postings of its subtree.
    pub p: BTreeMap<String, u32>,
    /// Heavy CJK token (`的`) → its own `s/` file, so it never shares a bucket.
    pub hx: BTreeMap<String, u32>,
}

/// Where a prefix query finds the tokens that start with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrefixSource {
    /// A shard holding every such token: expand by scanning its keys.
    Shard(String),
    /// One pre-merged postings list (`p/…`) for the whole subtree.
    Merged(String),
}

impl Meta {
    /// The file (`s/3`, `h/12`) that holds `tok` if it is indexed.
    pub fn exact_file(&self, tok: &str) -> Option<String> {
        let first = tok.chars().next()?;
        if is_cjk(first) {
            if let Some(f) = self.hx.get(tok) {
                return Some(format!("s/{f}"));
            }
            return (self.hb > 0).then(|| format!("h/{}", fnv(tok) % self.hb));
        }
        let mut key = String::new();
        for c in tok.chars() {
            key.push(c);
            if let Some(f) = self.m.get(&key) {
                return Some(format!("s/{f}"));
            }
        }
        self.m.get(&format!("{tok} ")).map(|f| format!("s/{f}"))
    }

    /// The source of all tokens starting with `q` (a Latin prefix).
    pub fn prefix_source(&self, q: &str) -> Option<PrefixSource> {
        let mut key = String::new();
        for c in q.chars() {
            key.push(c);
            if let Some(f) = self.m.get(&key) {
                return Some(PrefixSource::Shard(format!("s/{f}")));
            }
        }
        self.p
            .get(q)
            .map(|f| PrefixSource::Merged(format!("p/{f}")))
    }
}

/// FNV-1a over code points (not bytes) so JS computes it without an encoder.
pub fn fnv(s: &str) -> u32 {
    s.chars().fold(0x811c_9dc5_u32, |h, c| {
        (h ^ c as u32).wrapping_mul(0x0100_0193)
    })
}

const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Postings as text: per posting, the doc-id gap minus one as a varint
/// (5 bits a character; characters 32..63 mean "more follows", low bits first),
/// then the impact as one character.
pub fn encode_postings(posts: &[Posting]) -> String {
    let mut out = String::with_capacity(posts.len() * 2);
    let mut next = 0u32;
    for &(doc, imp) in posts {
        let mut gap = doc - next;
        while gap >= 32 {
            out.push(DIGITS[32 + (gap & 31) as usize] as char);
            gap >>= 5;
        }
        out.push(DIGITS[gap as usize] as char);
        out.push(DIGITS[usize::from(imp & 63)] as char);
        next = doc + 1;
    }
    out
}

/// The inverse of `encode_postings`; `None` on a malformed string.
pub fn decode_postings(s: &str) -> Option<Vec<Posting>> {
    let mut out = Vec::new();
    let mut next = 0u32;
    let mut bytes = s.bytes();
    while let Some(mut b) = bytes.next() {
        let (mut gap, mut shift) = (0u32, 0u32);
        loop {
            let d = DIGITS.iter().position(|&x| x == b)? as u32;
            gap |= (d & 31).checked_shl(shift)?;
            if d < 32 {
                break;
            }
            shift += 5;
            b = bytes.next()?;
        }
        let last = bytes.next()?;
        let imp = DIGITS.iter().position(|&x| x == last)? as u8;
        out.push((next + gap, imp));
        next += gap + 1;
    }
    Some(out)
}

/// One term ready for a file: token, encoded postings, postings.
struct Entry<'a> {
    token: &'a str,
    code: String,
    posts: &'a [Posting],
}

impl Entry<'_> {
    /// Bytes the entry adds to a JSON object: `"tok":"code",`.
    fn size(&self) -> usize {
        self.token.len() + self.code.len() + 6
    }
}

/// Term files keyed by their name (`s/3`, `p/0`, `h/7`): token → postings.
pub type TermFiles = BTreeMap<String, BTreeMap<String, String>>;

/// Splits `inv` into term files of about `target` bytes and the meta that
/// finds them (`SHARD_TARGET` in builds; tests pass tiny targets to force splits).
pub fn shard(inv: &Inverted, target: usize) -> (Meta, TermFiles) {
    let entries = inv.terms.iter().map(|(t, p)| Entry {
        token: t,
        code: encode_postings(p),
        posts: p,
    });
    let (cjk, latin): (Vec<Entry>, Vec<Entry>) =
        entries.partition(|e| e.token.chars().next().is_some_and(is_cjk));
    let mut b = Builder {
        target,
        ..Builder::default()
    };
    b.place("", &latin);
    b.flush();
    b.bucket_cjk(cjk);
    b.meta.v = 1;
    b.meta.n = inv.docs;
    (b.meta, b.files)
}

#[derive(Default)]
struct Builder {
    meta: Meta,
    files: TermFiles,
    /// Leaves waiting to be packed into the next `s/` file, and their size.
    pending: Vec<(String, BTreeMap<String, String>)>,
    pending_size: usize,
    shards: u32,
    target: usize,
}

impl Builder {
    /// Places `terms` (sorted, all starting with `key`) as a leaf or splits them.
    fn place(&mut self, key: &str, terms: &[Entry]) {
        let size: usize = terms.iter().map(Entry::size).sum();
        if !key.is_empty() && size <= self.target {
            self.push_leaf(key.to_string(), terms, size);
            return;
        }
        let depth = key.chars().count();
        if depth >= 2 {
            self.merged(key, terms);
        }
        let own = terms.iter().take_while(|e| e.token == key).count();
        if own > 0 {
            let size = terms[..own].iter().map(Entry::size).sum();
            self.push_leaf(format!("{key} "), &terms[..own], size);
        }
        let mut rest = &terms[own..];
        while let Some(first) = rest.first() {
            let child: String = first.token.chars().take(depth + 1).collect();
            let len = rest
                .iter()
                .take_while(|e| e.token.starts_with(&child))
                .count();
            self.place(&child, &rest[..len]);
            rest = &rest[len..];
        }
    }

    fn push_leaf(&mut self, key: String, terms: &[Entry], size: usize) {
        if self.pending_size + size > self.target {
            self.flush();
        }
        let map = terms
            .iter()
            .map(|e| (e.token.to_string(), e.code.clone()))
            .collect();
        self.pending.push((key, map));
        self.pending_size += size;
    }

    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let id = self.shards;
        self.shards += 1;
        let mut file = BTreeMap::new();
        for (key, map) in self.pending.drain(..) {
            self.meta.m.insert(key, id);
            file.extend(map);
        }
        self.files.insert(format!("s/{id}"), file);
        self.pending_size = 0;
    }

    /// One postings list for every token under `key`, keeping each doc's best impact.
    fn merged(&mut self, key: &str, terms: &[Entry]) {
        let mut all: Vec<Posting> = terms.iter().flat_map(|e| e.posts.iter().copied()).collect();
        all.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        all.dedup_by_key(|p| p.0);
        let id = u32::try_from(self.meta.p.len()).unwrap_or(u32::MAX);
        self.meta.p.insert(key.to_string(), id);
        let file = BTreeMap::from([(key.to_string(), encode_postings(&all))]);
        self.files.insert(format!("p/{id}"), file);
    }

    /// Hash-buckets CJK tokens; one over half a shard gets a file of its own,
    /// since two such tokens hashed together would double a first query.
    fn bucket_cjk(&mut self, cjk: Vec<Entry>) {
        let (heavy, light): (Vec<Entry>, Vec<Entry>) =
            cjk.into_iter().partition(|e| e.size() > self.target / 2);
        for e in heavy {
            let id = self.shards;
            self.shards += 1;
            self.meta.hx.insert(e.token.to_string(), id);
            let file = BTreeMap::from([(e.token.to_string(), e.code)]);
            self.files.insert(format!("s/{id}"), file);
        }
        let total: usize = light.iter().map(Entry::size).sum();
        let buckets = total.div_ceil(self.target.max(1)).max(1);
        self.meta.hb = if light.is_empty() {
            0
        } else {
            u32::try_from(buckets).unwrap_or(u32::MAX)
        };
        for e in light {
            let name = format!("h/{}", fnv(e.token) % self.meta.hb);
            self.files
                .entry(name)
                .or_default()
                .insert(e.token.to_string(), e.code);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_round_trip() {
        let posts = vec![(0, 1), (1, 63), (31, 5), (32, 7), (5000, 2), (70_000, 9)];
        let code = encode_postings(&posts);
        assert_eq!(decode_postings(&code), Some(posts));
        assert_eq!(decode_postings("!"), None);
    }

    #[test]
    fn fnv_matches_reference() {
        // FNV-1a of "a" is 0xe40c292c.
        assert_eq!(fnv("a"), 0xe40c_292c);
    }
}
