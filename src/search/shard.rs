//! Stage: search, step 3 (shard). Input: `Inverted`. Output: the shard files
//! and the `Meta` that tells a query which file holds a token.
//! Tokens go into a trie keyed by their first characters, split until a
//! node fits its target and packed in order, so a prefix query loads one
//! leaf (or, for a short prefix, one merged `p/` list). A CJK token (one
//! character or a bigram) sits with the others that start with its first
//! character, so the file a one-character query loads already holds every
//! bigram the next keystroke can make (issue 15: results ≤ 50 ms after it).

use super::index::{Inverted, Posting};
use super::tokenize::is_cjk;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Bytes of term data a shard file aims for; a lone frequent token may exceed it.
pub const SHARD_TARGET: usize = 12_000;
/// Bytes up to which one CJK character's tokens (itself and every bigram it
/// starts) stay in one file; a larger family is split like any trie node.
pub const CJK_FAMILY: usize = 24_000;

/// The manifest (`search/meta.js`): everything a query needs to pick files.
#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq)]
pub struct Meta {
    /// Format version.
    pub v: u32,
    /// Number of documents.
    pub n: usize,
    /// Result records per `r/` file.
    pub rc: usize,
    /// Trie leaf key → `s/` file; an inner node's own token is `key + " "`.
    pub m: BTreeMap<String, u32>,
    /// Inner Latin node key (≥ 2 chars) → `p/` file: merged postings of its
    /// subtree. Nodes with the same subtree postings (`overl`, `overla`,
    /// `overlay`) share one file, so typing on along them loads nothing new.
    pub p: BTreeMap<String, u32>,
    /// A CJK character whose family is over `CJK_FAMILY` → the `s/` files
    /// its bigrams are hashed into (`fnv(bigram) % len`); its own token is
    /// then under `m["X "]`. A leaf per bigram would bloat this manifest.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub c: BTreeMap<String, Vec<u32>>,
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
    /// The file (`s/3`) that holds `tok` if it is indexed.
    pub fn exact_file(&self, tok: &str) -> Option<String> {
        let mut chars = tok.chars();
        if let (Some(first), Some(_), None) = (chars.next(), chars.next(), chars.next()) {
            let bucket = self.c.get(first.encode_utf8(&mut [0; 4]) as &str);
            if let Some(ids) = bucket.filter(|ids| !ids.is_empty()) {
                return Some(format!("s/{}", ids[fnv(tok) as usize % ids.len()]));
            }
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

/// Term files keyed by their name (`s/3`, `p/0`): token → postings (a `p/`
/// file holds one list, under the first key that uses it).
pub type TermFiles = BTreeMap<String, BTreeMap<String, String>>;

/// Splits `inv` into term files of about `target` bytes and the meta that
/// finds them (`SHARD_TARGET` in builds; tests pass tiny targets to force splits).
pub fn shard(inv: &Inverted, target: usize) -> (Meta, TermFiles) {
    let entries = inv.terms.iter().map(|(t, p)| Entry {
        token: t,
        code: encode_postings(p),
        posts: p,
    });
    let entries: Vec<Entry> = entries.collect();
    let mut b = Builder {
        target,
        cjk_family: target * CJK_FAMILY / SHARD_TARGET,
        ..Builder::default()
    };
    b.place("", &entries);
    b.flush();
    b.meta.v = 2;
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
    /// `CJK_FAMILY`, scaled with `target` (tests shrink both).
    cjk_family: usize,
    /// Merged postings already written → their `p/` file.
    merged_ids: HashMap<String, u32>,
}

impl Builder {
    /// Places `terms` (sorted, all starting with `key`) as a leaf or splits them.
    fn place(&mut self, key: &str, terms: &[Entry]) {
        let size: usize = terms.iter().map(Entry::size).sum();
        let cjk = key.chars().next().is_some_and(is_cjk);
        let fits = if cjk { self.cjk_family } else { self.target };
        if !key.is_empty() && size <= fits {
            self.push_leaf(key.to_string(), terms, size);
            return;
        }
        let depth = key.chars().count();
        if cjk && depth == 1 {
            self.split_family(key, terms);
            return;
        }
        // CJK tokens are only looked up whole: no prefix query needs a merge.
        if depth >= 2 && !cjk {
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

    /// A CJK family over `cjk_family`: its own token as the leaf `X `, its
    /// bigrams hashed into files of about `target` bytes.
    fn split_family(&mut self, key: &str, terms: &[Entry]) {
        let own = terms.iter().take_while(|e| e.token == key).count();
        if own > 0 {
            let size = terms[..own].iter().map(Entry::size).sum();
            self.push_leaf(format!("{key} "), &terms[..own], size);
        }
        let bigrams = &terms[own..];
        let size: usize = bigrams.iter().map(Entry::size).sum();
        let n = size.div_ceil(self.target.max(1)).max(1);
        let first = self.shards;
        let ids: Vec<u32> = (first..first + u32::try_from(n).unwrap_or(u32::MAX)).collect();
        self.shards += u32::try_from(n).unwrap_or(u32::MAX);
        for e in bigrams {
            let id = ids[fnv(e.token) as usize % n];
            self.files
                .entry(format!("s/{id}"))
                .or_default()
                .insert(e.token.to_string(), e.code.clone());
        }
        // A bucket no bigram hashed to still gets its file: a lookup of a
        // missing bigram must find an (empty) file, not a failed load.
        for id in &ids {
            self.files.entry(format!("s/{id}")).or_default();
        }
        self.meta.c.insert(key.to_string(), ids);
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
        let code = encode_postings(&all);
        if let Some(&id) = self.merged_ids.get(&code) {
            self.meta.p.insert(key.to_string(), id);
            return;
        }
        let id = u32::try_from(self.merged_ids.len()).unwrap_or(u32::MAX);
        self.meta.p.insert(key.to_string(), id);
        self.files.insert(
            format!("p/{id}"),
            BTreeMap::from([(key.to_string(), code.clone())]),
        );
        self.merged_ids.insert(code, id);
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
    fn a_cjk_character_and_its_bigrams_share_a_file() {
        let inv = Inverted {
            docs: 3,
            terms: ["回", "回滚", "回退", "滚", "滚动"]
                .iter()
                .map(|t| (t.to_string(), vec![(0, 1), (2, 5)]))
                .collect(),
        };
        let (meta, _) = shard(&inv, SHARD_TARGET);
        let file = meta.exact_file("回");
        assert!(file.is_some());
        assert_eq!(meta.exact_file("回滚"), file);
        assert_eq!(meta.exact_file("回退"), file);
        assert_eq!(meta.exact_file("回来"), file, "a missing bigram: same file");
        assert!(meta.c.is_empty());
    }

    #[test]
    fn a_large_cjk_family_is_hashed_not_split_per_bigram() {
        let terms: Vec<(String, Vec<Posting>)> = std::iter::once("的".to_string())
            .chain(
                (0x4e00..0x4e00 + 300).map(|c| format!("的{}", char::from_u32(c).unwrap_or('字'))),
            )
            .map(|t| (t, (0..20).map(|d| (d * 2, 3)).collect()))
            .collect();
        let inv = Inverted { docs: 40, terms };
        let (meta, files) = shard(&inv, 2_000);
        assert!(meta.m.len() <= 2, "{:?}", meta.m.keys().collect::<Vec<_>>());
        let ids = &meta.c["的"];
        assert!(ids.len() > 1);
        for (tok, _) in &inv.terms {
            let file = meta.exact_file(tok).expect("indexed");
            assert!(files[&file].contains_key(tok), "{tok} in {file}");
        }
    }

    #[test]
    fn equal_merged_lists_share_a_file() {
        let terms = ["overlay", "overlayfs", "overlays"]
            .iter()
            .map(|t| (t.to_string(), (0..40).map(|d| (d * 3, 7)).collect()))
            .collect();
        let inv = Inverted { docs: 120, terms };
        let (meta, files) = shard(&inv, 200);
        let over = meta.prefix_source("overl");
        assert!(matches!(over, Some(PrefixSource::Merged(_))), "{over:?}");
        assert_eq!(meta.prefix_source("overlay"), over);
        assert_eq!(files.keys().filter(|k| k.starts_with("p/")).count(), 1);
    }
}
