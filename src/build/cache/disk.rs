//! The build cache on disk, so `drillbook build` starts from its last run as
//! serve starts each rebuild from its previous one. Input: a `Cache` (to
//! save) or the cache file (to load). Output: the file, or the `Cache` it
//! holds. The file is a header — a magic line, the key of what the cache
//! is valid for (drillbook's build, the config) and a hash of the body —
//! then the body in `postcard`. A missing, foreign, stale or damaged file
//! loads as nothing: the cache only ever saves work, so it never fails a
//! build.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::{Seek, Write};
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Cache, DocCache, Parsed, Render, RenderCache, Resolved, Written};
use crate::config::Config;
use crate::content::Page;
use crate::render::{PageText, Rendered};
use crate::search::SearchDoc;
use crate::search::incremental::IndexCache;
use crate::search::index::DocIds;

/// The first bytes of every cache file; the number is the body's layout.
const MAGIC: &[u8] = b"drillbook build cache 2\n";

/// What the cache is valid for: this drillbook (its version and its very
/// binary, so a rebuilt drillbook with a changed layout never reads an old
/// body) and the config (every parse depends on it, as serve's `clear`
/// knows).
pub fn key(config: &Config) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    let exe = std::env::current_exe().and_then(std::fs::metadata);
    if let Ok(meta) = exe {
        meta.len().hash(&mut h);
        meta.modified().ok().hash(&mut h);
    }
    format!("{config:?}").hash(&mut h);
    h.finish()
}

/// The cache in `path` if it was saved under `key` and reads back whole.
pub fn load(path: &Path, key: u64) -> Option<Cache> {
    let bytes = std::fs::read(path).ok()?;
    let rest = bytes.strip_prefix(MAGIC)?;
    let (saved_key, rest) = rest.split_first_chunk::<8>()?;
    let (body_hash, body) = rest.split_first_chunk::<8>()?;
    if u64::from_le_bytes(*saved_key) != key || u64::from_le_bytes(*body_hash) != Streamed::of(body)
    {
        return None;
    }
    let saved: Saved = postcard::from_bytes(body).ok()?;
    Some(saved.into_cache())
}

/// Writes `cache` to `path` under `key`: into a temporary file renamed over
/// the old one, so a build killed meanwhile leaves the old file or the new.
/// The body is streamed (a whole copy of it in memory would add a tenth of
/// a large handbook's peak memory) and hashed on the way.
pub fn save(cache: &Cache, path: &Path, key: u64) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    let written = write(cache, &tmp, key).and_then(|()| std::fs::rename(&tmp, path));
    written.inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

fn write(cache: &Cache, tmp: &Path, key: u64) -> std::io::Result<()> {
    let mut file = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(tmp)?);
    file.write_all(MAGIC)?;
    file.write_all(&key.to_le_bytes())?;
    // The body's hash goes here once the body is written.
    file.write_all(&[0; 8])?;
    let hashing = Hashing {
        inner: file,
        hasher: Default::default(),
    };
    let hashing = postcard::to_io(&Saved::of(cache), hashing).map_err(std::io::Error::other)?;
    let hash = hashing.hasher.finish();
    let mut file = hashing.inner.into_inner().map_err(|e| e.into_error())?;
    file.seek(std::io::SeekFrom::Start((MAGIC.len() + 8) as u64))?;
    file.write_all(&hash.to_le_bytes())
}

/// A writer that hashes what passes through.
struct Hashing<W> {
    inner: W,
    hasher: Streamed,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.0.write(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The body's hash: SipHash over the bytes as one stream, so the same
/// however the writer splits them.
#[derive(Default)]
struct Streamed(std::collections::hash_map::DefaultHasher);

impl Streamed {
    fn of(bytes: &[u8]) -> u64 {
        let mut s = Streamed::default();
        s.0.write(bytes);
        s.finish()
    }
    fn finish(&self) -> u64 {
        self.0.finish()
    }
}

/// The body: borrowed from a `Cache` to save, owned when loaded.
#[derive(Serialize, Deserialize)]
struct Saved<'a> {
    pages: Vec<SavedPage<'a>>,
    outputs: Cow<'a, HashMap<String, u64>>,
    written: Option<Cow<'a, Written>>,
    /// The search index's vocabulary, which the docs' `ids` number.
    tokens: Cow<'a, [String]>,
}

/// A page that parsed, with its render and search doc if they are of that
/// parse (pages that failed are parsed again: their errors are cheap).
#[derive(Serialize, Deserialize)]
struct SavedPage<'a> {
    rel: Cow<'a, str>,
    hash: u64,
    page: Cow<'a, Page>,
    render: Option<SavedRender<'a>>,
    doc: Option<SavedDoc<'a>>,
}

#[derive(Serialize, Deserialize)]
struct SavedRender<'a> {
    links: Cow<'a, [(String, Resolved)]>,
    rendered: Cow<'a, Rendered>,
    digest: u64,
    text: Cow<'a, Option<PageText>>,
}

#[derive(Serialize, Deserialize)]
struct SavedDoc<'a> {
    url: Cow<'a, str>,
    doc: Cow<'a, SearchDoc>,
    /// Its tokens in the last search index, if it was indexed.
    ids: Option<Cow<'a, DocIds>>,
}

impl<'a> Saved<'a> {
    fn of(cache: &'a Cache) -> Self {
        let mut pages: Vec<SavedPage> = (cache.parsed.iter())
            .filter_map(|(rel, parsed)| {
                let page = parsed.page.as_ref().ok()?;
                let render = cache
                    .rendered
                    .get(rel)
                    .filter(|r| Arc::ptr_eq(&r.page, page))
                    .and_then(|r| Some((r, r.result.as_ref().ok()?)));
                let doc = match (render, cache.docs.get(rel)) {
                    (Some((_, r)), Some(d))
                        if Arc::ptr_eq(&d.page, page) && Arc::ptr_eq(&d.rendered, &r.rendered) =>
                    {
                        Some(SavedDoc {
                            url: Cow::Borrowed(&d.url),
                            doc: Cow::Borrowed(&*d.doc),
                            ids: cache.search.ids_of(&d.doc).map(Cow::Borrowed),
                        })
                    }
                    _ => None,
                };
                Some(SavedPage {
                    rel: Cow::Borrowed(rel),
                    hash: parsed.hash,
                    page: Cow::Borrowed(&**page),
                    render: render.map(|(c, r)| SavedRender {
                        links: Cow::Borrowed(&c.links),
                        rendered: Cow::Borrowed(&*r.rendered),
                        digest: r.digest,
                        text: Cow::Borrowed(&r.text),
                    }),
                    doc,
                })
            })
            .collect();
        // The same cache saves the same bytes.
        pages.sort_by(|a, b| a.rel.cmp(&b.rel));
        Saved {
            pages,
            outputs: Cow::Borrowed(&cache.outputs),
            written: cache.written.as_ref().map(Cow::Borrowed),
            tokens: Cow::Borrowed(cache.search.tokens()),
        }
    }

    fn into_cache(self) -> Cache {
        let mut cache = Cache::incremental();
        let mut indexed = Vec::new();
        for saved in self.pages {
            let rel = saved.rel.into_owned();
            let page = Arc::new(saved.page.into_owned());
            if let Some(r) = saved.render {
                let rendered = Arc::new(r.rendered.into_owned());
                if let Some(d) = saved.doc {
                    let doc = DocCache {
                        page: page.clone(),
                        rendered: rendered.clone(),
                        url: d.url.into_owned(),
                        doc: Arc::new(d.doc.into_owned()),
                    };
                    if let Some(ids) = d.ids {
                        indexed.push((doc.doc.clone(), ids.into_owned()));
                    }
                    cache.docs.insert(rel.clone(), doc);
                }
                let render = RenderCache {
                    page: page.clone(),
                    links: r.links.into_owned(),
                    result: Ok(Render {
                        rendered,
                        digest: r.digest,
                        text: r.text.into_owned(),
                    }),
                    // Checked under no routes yet: its links are resolved
                    // again against the first build's.
                    checked: 0,
                };
                cache.rendered.insert(rel.clone(), render);
            }
            let parsed = Parsed {
                hash: saved.hash,
                page: Ok(page),
            };
            cache.parsed.insert(rel, parsed);
        }
        cache.outputs = self.outputs.into_owned();
        cache.written = self.written.map(Cow::into_owned);
        cache.search = IndexCache::restore(self.tokens.into_owned(), indexed);
        cache
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_or_foreign_file_loads_as_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("cache/build");
        let mut cache = Cache::incremental();
        cache.outputs.insert("index.html".into(), 7);
        save(&cache, &path, 42).unwrap();
        let loaded = load(&path, 42).expect("the saved cache loads");
        assert_eq!(loaded.outputs.get("index.html"), Some(&7));
        assert!(load(&path, 43).is_none(), "another key");
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert!(load(&path, 42).is_none(), "a flipped bit");
        std::fs::write(&path, &bytes[..MAGIC.len() + 3]).unwrap();
        assert!(load(&path, 42).is_none(), "cut short");
        std::fs::write(&path, b"").unwrap();
        assert!(load(&path, 42).is_none(), "empty");
    }
}
