/*! drillbook search: the query side of the index that src/search/ builds.
 * Vendored, dependency-free, plain ES2019+. Index files are loaded with
 * <script> tags (never fetch/XHR) so search works from file:// and offline;
 * each calls window.__drillbookSearch.data(name, payload).
 *
 * The tokenizer here must match src/search/tokenize.rs rule for rule; both
 * are pinned by tests/search_tokens.json.
 *
 * Markup: templates/partials/search.html (.db-search[data-root]).
 * UI strings: the partial carries keys of drillbook.js's string table
 * (`search_label`, `search_placeholder` via data-i18n-placeholder,
 * `search_hint`, `search_results` via data-i18n-aria-label); strings built
 * here (no results, counts, kinds, "show more")
 * follow document.documentElement.dataset.uiLang ('zh' or English).
 *
 * Global API (window.__drillbookSearch):
 *   data(name, payload)        called by every index file
 *   tokenize(text)             index-side tokens
 *   queryTerms(query)          [{t, p}] terms a query requires (p: prefix)
 *   stem, termMatches, prefixCandidates, highlightRanges(text, terms[, limit])
 *   createEngine(loadScript)   {search(q) → Promise<[{doc, score}]>,
 *                               records(docIds) → Promise<[record]>,
 *                               prefetchNext(q, stale, max): the first
 *                               records of likely next keystrokes}
 *                               loadScript(name, low): low = a guess,
 *                               fetched at low priority
 *   search(q)                  the page's engine (script tags under data-root)
 */
(function () {
  'use strict';
  const G = typeof window !== 'undefined' ? window : globalThis;
  const api = G.__drillbookSearch || (G.__drillbookSearch = {});
  const files = api.files || (api.files = Object.create(null));
  api.data = function (name, payload) { files[name] = payload; };

  // ---- tokenizer (mirror of src/search/tokenize.rs) ----------------------
  const MAX_TOKEN_CHARS = 32;
  const SUFFIXES = ['ings', 'ies', 'ied', 'ing', 'es', 'ed', 'ly', 's', 'e', 'y'];
  const GROWTHS = ['ings', 'ing', 'ies', 'ied', 'es', 'ed', 'ly', 's', 'e', 'y', 'ying', 'yings', 'yed'];
  const WORD_CHAR = /[\p{Alphabetic}\p{N}_]/u;

  function isCjkCode(c) {
    return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
      (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
      (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
  }
  function isCjk(s) { return s.length > 0 && isCjkCode(s.codePointAt(0)); }
  function fold(c) {
    if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFEE0;
    return c === 0x3000 ? 0x20 : c;
  }

  // Runs of the text with their UTF-16 offsets in the original string:
  // {w: lowercased word} or {c: [chars]}.
  // `each` is called with every run in order; returning true stops the walk.
  function eachSegment(text, each) {
    let kind = null, buf = [], start = 0, pos = 0, stop = false;
    const flush = () => {
      if (kind === 'w') stop = each({ w: buf.join('').toLowerCase(), start, end: pos }) === true;
      else if (kind === 'c') stop = each({ c: buf, start, end: pos }) === true;
      kind = null; buf = [];
    };
    for (const raw of text) {
      const ch = String.fromCodePoint(fold(raw.codePointAt(0)));
      const k = isCjk(ch) ? 'c' : WORD_CHAR.test(ch) ? 'w' : null;
      if (k !== kind) { flush(); if (stop) return; kind = k; start = pos; }
      if (k) buf.push(ch);
      pos += raw.length;
    }
    flush();
  }
  function segments(text) {
    const out = [];
    eachSegment(text, (s) => { out.push(s); });
    return out;
  }

  function cut(s) {
    return s.length <= MAX_TOKEN_CHARS ? s : Array.from(s).slice(0, MAX_TOKEN_CHARS).join('');
  }
  const isVowel = (ch) => 'aeiouy'.includes(ch);

  function stripSuffix(word) {
    for (const suf of SUFFIXES) {
      if (!word.endsWith(suf)) continue;
      const base = word.slice(0, word.length - suf.length);
      if (base.length < 3) continue;
      if (suf === 's' && (word.endsWith('ss') || word.endsWith('us') || word.endsWith('is'))) continue;
      if (suf === 'y' && isVowel(word[word.length - 2])) continue;
      if (suf === 'ed' && base.endsWith('e')) continue;
      if (suf === 'ings' || suf === 'ing' || suf === 'ed') {
        if (![...base].some(isVowel)) continue;
        return undouble(base);
      }
      return base;
    }
    return word;
  }
  function undouble(base) {
    const n = base.length, last = base[n - 1];
    if (n > 3 && last === base[n - 2] && !'lsz'.includes(last) && !isVowel(last)) return base.slice(0, n - 1);
    return base;
  }
  function stem(word) {
    if (!/^[a-z]+$/.test(word)) return word;
    let s = stripSuffix(word);
    if (s.length > 3 && s.endsWith('y') && !isVowel(s[s.length - 2])) s = s.slice(0, -1);
    return s;
  }

  function wordTokens(word, out) {
    const trimmed = word.replace(/^_+|_+$/g, '');
    if (!trimmed) return;
    if (!trimmed.includes('_')) { out.push(cut(stem(trimmed))); return; }
    out.push(cut(trimmed));
    for (const part of trimmed.split('_')) if (part) out.push(cut(stem(part)));
  }
  function cjkTokens(run, out) {
    for (let i = 0; i < run.length; i++) {
      out.push(run[i]);
      if (i + 1 < run.length) out.push(run[i] + run[i + 1]);
    }
  }
  function tokenize(text) {
    const out = [];
    for (const s of segments(text)) {
      if (s.w !== undefined) wordTokens(s.w, out); else cjkTokens(s.c, out);
    }
    return out;
  }

  function mayGrow(base, rest) {
    if (!rest) return false;
    if (GROWTHS.some((g) => g.startsWith(rest))) return true;
    const first = Array.from(rest)[0];
    const tail = rest.slice(first.length);
    // A doubled consonant (`running`), or a final `c` taking a `k` (`panicking`).
    const doubled = base.endsWith(first) || (base.endsWith('c') && first === 'k');
    return doubled && ['ings', 'ed'].some((g) => g.startsWith(tail));
  }
  function prefixCandidates(q) {
    const out = [stem(q)];
    const chars = Array.from(q);
    for (let k = 3; k < chars.length; k++) {
      const head = chars.slice(0, k).join('');
      if (mayGrow(head, chars.slice(k).join('')) && !out.includes(head)) out.push(head);
    }
    return out;
  }
  function termMatches(term, tok) {
    if (!term.p) return tok === term.t;
    const q = term.t;
    return tok.startsWith(q) || tok === stem(q) ||
      (Array.from(tok).length >= 3 && q.startsWith(tok) && mayGrow(tok, q.slice(tok.length)));
  }

  function lastWordTerms(word, out) {
    const trimmed = word.replace(/^_+|_+$/g, '');
    const asPrefix = (s) => {
      const t = cut(s);
      return Array.from(t).length >= 2 ? { t, p: true } : { t: cut(stem(s)), p: false };
    };
    if (!trimmed) return;
    out.push(asPrefix(trimmed));
    if (!trimmed.includes('_')) return;
    const parts = trimmed.split('_').filter(Boolean);
    parts.forEach((part, i) => {
      if (i + 1 < parts.length) out.push({ t: cut(stem(part)), p: false });
      else if (Array.from(part).length >= 2) out.push(asPrefix(part));
    });
  }
  function queryTerms(query) {
    const segs = segments(query);
    let last = -1;
    segs.forEach((s, i) => { if (s.w !== undefined) last = i; });
    const out = [];
    segs.forEach((s, i) => {
      if (s.w !== undefined && i === last) lastWordTerms(s.w, out);
      else if (s.w !== undefined) { const toks = []; wordTokens(s.w, toks); toks.forEach((t) => out.push({ t, p: false })); }
      else if (s.c.length === 1) out.push({ t: s.c[0], p: false });
      else for (let j = 0; j + 1 < s.c.length; j++) out.push({ t: s.c[j] + s.c[j + 1], p: false });
    });
    const seen = new Set();
    return out.filter((x) => { const k = x.t + (x.p ? '*' : ''); return !seen.has(k) && seen.add(k); });
  }

  // ---- index files (mirror of src/search/shard.rs) ------------------------
  const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  const DIGIT = {};
  for (let i = 0; i < 64; i++) DIGIT[DIGITS[i]] = i;

  // Doc-id gaps as 5-bit varints (32..63 = more follows), then one impact char.
  function decode(code, into) {
    let next = 0, i = 0;
    while (i < code.length) {
      let gap = 0, shift = 0, d;
      while ((d = DIGIT[code[i++]]) >= 32) { gap += (d - 32) * 2 ** shift; shift += 5; }
      gap += d * 2 ** shift;
      const doc = next + gap, imp = DIGIT[code[i++]];
      if (!(into.get(doc) >= imp)) into.set(doc, imp);
      next = doc + 1;
    }
  }
  function fnv(s) {
    let h = 0x811c9dc5;
    for (const ch of s) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
    return h;
  }
  // A CJK token lives with its first character's family (`回` with `回滚`),
  // so the walk below finds it; a family too large for one file has its
  // bigrams hashed over `meta.c[first]`.
  function exactFile(meta, tok) {
    const chars = Array.from(tok);
    const ids = chars.length === 2 && meta.c && meta.c[chars[0]];
    if (ids && ids.length) return 's/' + ids[fnv(tok) % ids.length];
    let key = '';
    for (const ch of tok) {
      key += ch;
      if (meta.m[key] !== undefined) return 's/' + meta.m[key];
    }
    const own = meta.m[tok + ' '];
    return own !== undefined ? 's/' + own : null;
  }
  function prefixSource(meta, q) {
    let key = '';
    for (const ch of q) {
      key += ch;
      if (meta.m[key] !== undefined) return { scan: 's/' + meta.m[key] };
    }
    return meta.p[q] !== undefined ? { merged: 'p/' + meta.p[q] } : null;
  }
  // The [file, token, how] lookups a term needs; how: 'x' exact, 's' scan
  // the keys starting with the token, 'm' a merged file's one list (shared
  // by every key with the same subtree, so stored under the first one).
  function plan(meta, term) {
    if (!term.p) return [[exactFile(meta, term.t), term.t, 'x']];
    const src = prefixSource(meta, term.t);
    const out = [];
    if (src && src.scan) out.push([src.scan, term.t, 's']);
    if (src && src.merged) out.push([src.merged, term.t, 'm']);
    for (const c of prefixCandidates(term.t)) {
      // A candidate that starts with the prefix is in its source already:
      // its own file would be a load (the slowest part of a keystroke) for
      // postings already counted.
      if (src && c.startsWith(term.t)) continue;
      out.push([exactFile(meta, c), c, 'x']);
    }
    return out.filter((l) => l[0]);
  }

  function createEngine(loadScript) {
    const loading = new Map();
    // `low`: a guess at what the next keystroke needs, fetched at low priority.
    function file(name, low) {
      if (files[name]) return Promise.resolve(files[name]);
      if (!loading.has(name)) {
        loading.set(name, loadScript(name, low).then(() => files[name] || {}, (e) => { loading.delete(name); throw e; }));
      }
      return loading.get(name);
    }
    // `stale()` says a newer query has started: its postings are then not
    // decoded (null), which keeps the main thread free for the newer one.
    // `loadedOnly`: answer only from files already here (null otherwise).
    async function search(query, stale, loadedOnly) {
      const terms = queryTerms(query);
      if (!terms.length) return [];
      const meta = await file('meta');
      const plans = terms.map((t) => plan(meta, t));
      const names = new Set();
      // A token in no file (null) has no postings: there is nothing to load.
      plans.forEach((p) => p.forEach((l) => { if (l[0]) names.add(l[0]); }));
      if (loadedOnly && Array.from(names).some((n) => !files[n])) return null;
      await Promise.all(Array.from(names, (n) => file(n)));
      if (stale && stale()) return null;
      const maps = plans.map((lookups) => {
        const m = new Map();
        for (const [name, tok, how] of lookups) {
          const data = files[name] || {};
          if (how === 's') { for (const k of Object.keys(data)) if (k.startsWith(tok)) decode(data[k], m); }
          else if (how === 'm') { for (const k of Object.keys(data)) decode(data[k], m); }
          else if (data[tok] !== undefined) decode(data[tok], m);
        }
        return m;
      });
      maps.sort((a, b) => a.size - b.size);
      const hits = [];
      for (const [doc, s] of maps[0]) {
        let score = s;
        for (let i = 1; i < maps.length && score >= 0; i++) score = maps[i].has(doc) ? score + maps[i].get(doc) : -1;
        if (score >= 0) hits.push({ doc, score });
      }
      return hits.sort((a, b) => b.score - a.score || a.doc - b.doc);
    }
    async function records(docs, low) {
      const meta = await file('meta');
      const chunks = await Promise.all(docs.map((d) => file('r/' + Math.floor(d / meta.rc), low)));
      return docs.map((d, i) => {
        const r = chunks[i][d % meta.rc];
        const parts = [r[6] || '', r[7] || '', r[8] || ''];
        return {
          url: r[0], title: r[1], titleZh: r[2], module: r[3], moduleZh: r[4], kind: r[5],
          body: parts[0], zh: parts[1], templates: parts[2], text: parts.filter(Boolean).join(' · '),
        };
      });
    }
    /** Starts loading the index's manifest before the first keystroke. */
    function warm() { file('meta').catch(() => {}); }

    // The next keystroke's likely queries: `query` plus one character, for
    // the characters that continue an indexed token in a file already
    // here, most frequent first. A CJK character's file holds every bigram
    // it starts; a Latin prefix's scanned shard, its longer tokens.
    async function nextQueries(query) {
      const last = Array.from(query).pop();
      if (!last || (!WORD_CHAR.test(last) && !isCjk(last))) return [];
      const terms = queryTerms(query);
      const term = terms[terms.length - 1];
      if (!term) return [];
      const meta = await file('meta');
      const weight = new Map();
      const add = (ch, w) => weight.set(ch, (weight.get(ch) || 0) + w);
      if (isCjk(last) && !term.p && term.t === last) {
        const data = files[exactFile(meta, last)] || {};
        for (const k of Object.keys(data)) {
          const cs = Array.from(k);
          if (cs.length === 2 && cs[0] === last) add(cs[1], data[k].length);
        }
      } else if (term.p) {
        const src = prefixSource(meta, term.t);
        const data = (src && src.scan && files[src.scan]) || {};
        for (const k of Object.keys(data)) {
          if (k.length > term.t.length && k.startsWith(term.t)) add(String.fromCodePoint(k.codePointAt(term.t.length)), data[k].length);
        }
      }
      return Array.from(weight).sort((a, b) => b[1] - a[1]).map((x) => query + x[0]);
    }
    /**
     * Fetches, at low priority, the first result's record of up to `max`
     * likely next queries, so the keystroke that makes one of them shows
     * its first result without a load; stops once `stale()`.
     */
    async function prefetchNext(query, stale, max) {
      let asked = 0;
      for (const q of await nextQueries(query)) {
        if (asked >= max || (stale && stale())) return;
        const hits = await search(q, stale, true);
        if (!hits || !hits.length) continue;
        asked++;
        records([hits[0].doc], true).catch(() => {});
      }
    }
    return { search, records, warm, prefetchNext };
  }

  // ---- highlighting --------------------------------------------------------
  // UTF-16 [start, end) ranges of `text` that the query terms match.
  // With `limit`, matches more than `limit` units after the first are left
  // out: an excerpt shows only the first match's neighbourhood, and walking
  // a long page word by word was most of a result's drawing time.
  function highlightRanges(text, terms, limit) {
    const latin = terms.filter((x) => !isCjk(x.t));
    const cjk = terms.filter((x) => isCjk(x.t)).map((x) => x.t);
    const ranges = [];
    if (!latin.length) {
      // A CJK term is all CJK characters, so each occurrence lies inside
      // one CJK run: the runs need not be found first.
      for (const t of cjk) {
        for (let i = text.indexOf(t); i >= 0; i = text.indexOf(t, i + 1)) ranges.push([i, i + t.length]);
      }
    } else {
      let first = -1;
      eachSegment(text, (s) => {
        if (limit !== undefined && first >= 0 && s.start > first + limit) return true;
        const before = ranges.length;
        if (s.w !== undefined) {
          const toks = [];
          wordTokens(s.w, toks);
          if (toks.some((tok) => latin.some((x) => termMatches(x, tok)))) ranges.push([s.start, s.end]);
        } else if (cjk.length) {
          const run = text.slice(s.start, s.end);
          for (const t of cjk) {
            for (let i = run.indexOf(t); i >= 0; i = run.indexOf(t, i + 1)) ranges.push([s.start + i, s.start + i + t.length]);
          }
        }
        if (first < 0 && ranges.length > before) first = s.start;
        return false;
      });
    }
    ranges.sort((a, b) => a[0] - b[0]);
    const merged = [];
    for (const r of ranges) {
      const top = merged[merged.length - 1];
      if (top && r[0] <= top[1]) top[1] = Math.max(top[1], r[1]); else merged.push(r.slice());
    }
    return merged;
  }

  Object.assign(api, {
    tokenize, queryTerms, stem, termMatches, prefixCandidates, highlightRanges, createEngine,
    segments, fnv, isCjkCode,
  });

  if (typeof document !== 'undefined' && G.__drillbookSearchNoUI !== true) {
    // The UI lives in search-ui part below; it only runs in a browser.
    const start = () => { if (api.initUI) api.initUI(); };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
    else setTimeout(start, 0);
  }
})();

// ---- UI: WAI-ARIA combobox, results as you type, page highlighting --------
(function () {
  'use strict';
  if (typeof document === 'undefined') return;
  const api = window.__drillbookSearch;
  const PAGE = 10;
  // Likely next queries whose first record is fetched ahead; counted in the
  // first-query budget (src/search/budget.rs, `PREFETCH`).
  const PREFETCH = 3;
  const zh = () => document.documentElement.dataset.uiLang === 'zh';
  const KINDS = { drill: ['Drill', '演练'], template: ['Template', '模板'], guide: ['Guide', '指南'] };
  const say = (en, zhText) => (zh() ? zhText : en);

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  // Text with <mark>s around the ranges; text nodes only, never innerHTML.
  function marked(parent, text, ranges, from, to) {
    let at = from;
    for (const [s, e] of ranges) {
      if (e <= at || s >= to) continue;
      const a = Math.max(s, at), b = Math.min(e, to);
      if (a > at) parent.appendChild(document.createTextNode(text.slice(at, a)));
      parent.appendChild(el('mark', null, text.slice(a, b)));
      at = b;
    }
    if (at < to) parent.appendChild(document.createTextNode(text.slice(at, to)));
    return parent;
  }
  // An excerpt of ~25 words (a CJK character counts half a word) around
  // the first match, starting at its sentence when that is near.
  const WORDS = 25, BEFORE = 8;
  // How far past the first match an excerpt's marks are looked for (UTF-16
  // units): 25 words are far shorter.
  const EXCERPT_REACH = 1000;
  const isSpace = (c) => c === ' ' || c === '\n' || c === '\t';
  const cjkAt = (text, i) => api.isCjkCode(text.charCodeAt(i));
  // One step of `dir` (-1 or 1) from `i` over a word or a CJK character:
  // [new position, words passed].
  function step(text, i, dir) {
    const c = dir < 0 ? i - 1 : i;
    if (isSpace(text[c])) return [i + dir, 0];
    if (cjkAt(text, c)) return [i + dir, 0.5];
    let j = i;
    for (;;) {
      const k = dir < 0 ? j - 1 : j;
      if (k < 0 || k >= text.length || isSpace(text[k]) || cjkAt(text, k)) break;
      j += dir;
    }
    return [j, 1];
  }
  function excerpt(text, ranges) {
    const first = ranges.length ? ranges[0][0] : 0;
    let from = first, words = 0;
    while (from > 0 && words < BEFORE) { const [j, w] = step(text, from, -1); from = j; words += w; }
    // Start at the sentence the match is in, if it starts in the window.
    const head = text.slice(from, first);
    const stop = Math.max(head.lastIndexOf('. '), head.lastIndexOf(' · '), head.lastIndexOf('。'), head.lastIndexOf('？'), head.lastIndexOf('！'));
    if (stop >= 0) from += stop + (head[stop] === ' ' ? 3 : head[stop] === '.' ? 2 : 1);
    while (from < first && isSpace(text[from])) from++;
    let to = from;
    words = 0;
    while (to < text.length && (words < WORDS || to < first)) { const [j, w] = step(text, to, 1); to = j; words += w; }
    if (ranges.length) to = Math.max(to, ranges[0][1]);
    return [from, Math.min(to, text.length)];
  }
  function snippet(text, ranges) {
    const [from, to] = excerpt(text, ranges);
    const p = el('span', 'db-sr-snippet');
    if (from > 0) p.appendChild(document.createTextNode('… '));
    marked(p, text, ranges, from, to);
    if (to < text.length) p.appendChild(document.createTextNode(' …'));
    return p;
  }
  // The part of the record that matched: body, then Chinese notes, then
  // templates; the body's opening when only a title or tag matched.
  function excerptOf(rec, terms) {
    for (const [field, lang] of [['body', null], ['zh', 'zh-Hans'], ['templates', null]]) {
      const text = rec[field];
      if (!text) continue;
      const ranges = api.highlightRanges(text, terms, EXCERPT_REACH);
      if (ranges.length) { const s = snippet(text, ranges); if (lang) s.lang = lang; return s; }
    }
    const text = rec.body || rec.zh || rec.templates;
    return text ? snippet(text, []) : null;
  }

  function loader(root) {
    return (name, low) => new Promise((resolve, reject) => {
      const s = document.createElement('script');
      if (low) s.fetchPriority = 'low';
      s.src = root + 'search/' + name + '.js';
      s.charset = 'utf-8';
      s.async = true;
      s.onload = () => { s.remove(); resolve(); };
      s.onerror = () => { s.remove(); reject(new Error('cannot load ' + s.src)); };
      document.head.appendChild(s);
    });
  }

  function Box(box) {
    const root = box.dataset.root || '';
    const input = box.querySelector('[role="combobox"]');
    const list = box.querySelector('[role="listbox"]');
    if (!input || !list) return;
    // A theme override may drop the status line or the button: make them.
    const status = box.querySelector('.db-search-status') || box.appendChild(el('p', 'db-search-status'));
    const more = box.querySelector('.db-search-more') || box.appendChild(el('button', 'db-search-more'));
    status.setAttribute('role', 'status');
    more.type = 'button';
    const engine = api.createEngine(loader(root));
    let seq = 0, hits = [], shown = 0, active = -1, query = '';
    // The manifest (~10 kB at 10,000 pages) loads once the page is idle, so
    // the first keystroke waits for one shard, not for the manifest first.
    if (window.requestIdleCallback) window.requestIdleCallback(() => engine.warm(), { timeout: 2000 });
    else setTimeout(() => engine.warm(), 200);

    function setOpen(open) {
      list.hidden = !open;
      input.setAttribute('aria-expanded', String(open));
      if (!open) setActive(-1);
    }
    function options() { return list.querySelectorAll('[role="option"]'); }
    function setActive(i) {
      const opts = options();
      opts.forEach((o, j) => o.setAttribute('aria-selected', String(j === i)));
      active = i >= 0 && i < opts.length ? i : -1;
      if (active >= 0) { input.setAttribute('aria-activedescendant', opts[active].id); opts[active].scrollIntoView({ block: 'nearest' }); }
      else input.removeAttribute('aria-activedescendant');
    }
    function setStatus(text) { status.textContent = text; }

    function option(rec, i, terms) {
      const li = el('li', 'db-sr');
      li.id = 'db-sr-' + i;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      const a = el('a', 'db-sr-link');
      a.href = root + rec.url + '?h=' + encodeURIComponent(query);
      a.tabIndex = -1;
      const title = (zh() && rec.titleZh) || rec.title;
      a.appendChild(marked(el('span', 'db-sr-title'), title, api.highlightRanges(title, terms), 0, title.length));
      // The other language's title too, when it is what matched.
      const other = title === rec.title ? rec.titleZh : rec.title;
      const otherRanges = other ? api.highlightRanges(other, terms) : [];
      if (otherRanges.length) {
        const alt = marked(el('span', 'db-sr-alt'), other, otherRanges, 0, other.length);
        alt.lang = other === rec.titleZh ? 'zh-Hans' : 'en';
        a.appendChild(alt);
      }
      const kind = KINDS[rec.kind] ? KINDS[rec.kind][zh() ? 1 : 0] : rec.kind;
      const mod = (zh() && rec.moduleZh) || rec.module;
      a.appendChild(el('span', 'db-sr-meta', [mod, kind].filter(Boolean).join(' · ')));
      const ex = excerptOf(rec, terms);
      if (ex) a.appendChild(ex);
      li.appendChild(a);
      li.addEventListener('mousedown', (e) => e.preventDefault());
      return li;
    }
    // Each result is drawn as soon as its record (and every record ranked
    // above it) has arrived, so the first one shows after one small load.
    async function showMore(mine) {
      const terms = api.queryTerms(query);
      const next = hits.slice(shown, shown + PAGE);
      const start = shown;
      shown += next.length;
      // The first record is asked for alone: while the reader is still
      // typing, a query that is already stale then costs one request, not
      // ten that would queue ahead of the next query's (six per host).
      const first = engine.records(next.slice(0, 1).map((h) => h.doc));
      const pending = [first];
      // While that record loads: the likely next keystrokes' first records,
      // at low priority, so a fast typist's next result needs no load
      // (issue 15: results ≤ 50 ms after a keystroke; a load is ~15 ms).
      if (start === 0) engine.prefetchNext(query, () => mine !== seq, PREFETCH).catch(() => {});
      for (let i = 0; i < next.length; i++) {
        const [rec] = await pending[i];
        if (mine !== seq) return;
        list.appendChild(option(rec, start + i, terms));
        if (i === 0) {
          setOpen(true);
          // The first result is drawn before the others are asked for.
          next.slice(1).forEach((h) => pending.push(engine.records([h.doc])));
        }
      }
      more.hidden = shown >= hits.length;
      more.textContent = say('Show more', '显示更多');
    }
    async function run() {
      const mine = ++seq;
      query = input.value;
      if (!api.queryTerms(query).length) { list.textContent = ''; setOpen(false); setStatus(''); more.hidden = true; return; }
      let found;
      try {
        found = await engine.search(query, () => mine !== seq);
      } catch (e) {
        if (mine === seq) setStatus(say('Search index unavailable', '搜索索引无法加载'));
        return;
      }
      // Typed on while this ran: the newer input's search draws instead.
      if (mine !== seq || input.value !== query || !found) return;
      hits = found;
      list.textContent = ''; shown = 0; active = -1;
      if (!hits.length) {
        setOpen(false); more.hidden = true;
        setStatus(say('No results', '无结果'));
        return;
      }
      setStatus(say(hits.length + (hits.length === 1 ? ' result' : ' results'), hits.length + ' 个结果'));
      await showMore(mine);
    }

    // No debounce: each keystroke searches at once, and a search that a
    // newer keystroke overtook stops at its next step (`seq`), before it
    // asks for records, so a fast typist's loads do not pile up.
    input.addEventListener('input', run);
    input.addEventListener('focus', () => { engine.warm(); if (list.childElementCount) setOpen(true); });
    input.addEventListener('blur', () => setTimeout(() => { if (!box.contains(document.activeElement)) setOpen(false); }, 150));
    input.addEventListener('keydown', (e) => {
      const n = options().length;
      if (e.key === 'ArrowDown' && n) { e.preventDefault(); setOpen(true); setActive((active + 1) % n); }
      else if (e.key === 'ArrowUp' && n) { e.preventDefault(); setOpen(true); setActive(active <= 0 ? n - 1 : active - 1); }
      else if (e.key === 'Enter') {
        const opt = options()[active >= 0 ? active : 0];
        if (opt && !list.hidden) { e.preventDefault(); window.location.href = opt.querySelector('a').href; }
      } else if (e.key === 'Escape') {
        e.preventDefault();
        if (!list.hidden) setOpen(false); else { input.value = ''; run(); input.blur(); }
      }
    });
    more.addEventListener('click', () => showMore(seq));
    document.addEventListener('keydown', (e) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      e.preventDefault();
      input.focus();
      input.select();
    });
    // Re-render in the new language when the UI language switch flips.
    new MutationObserver(() => { if (input.value) run(); })
      .observe(document.documentElement, { attributes: true, attributeFilter: ['data-ui-lang'] });
  }

  // Marks the words of `?h=` in <main>, text nodes only.
  function highlightPage() {
    const q = new URLSearchParams(window.location.search).get('h');
    const main = document.querySelector('main');
    if (!q || !main) return;
    const terms = api.queryTerms(q);
    if (!terms.length) return;
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.parentNode.closest('script,style,textarea,mark,.db-search') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    let first = null;
    for (const node of nodes) {
      const text = node.nodeValue;
      const ranges = api.highlightRanges(text, terms);
      if (!ranges.length) continue;
      const frag = marked(document.createDocumentFragment(), text, ranges, 0, text.length);
      first = first || frag.querySelector('mark');
      node.parentNode.replaceChild(frag, node);
    }
    if (first && !window.location.hash) first.scrollIntoView({ block: 'center' });
  }

  api.initUI = function () {
    document.querySelectorAll('.db-search').forEach(Box);
    highlightPage();
    const box = document.querySelector('.db-search');
    if (box && !api.search) {
      api.search = api.createEngine(loader(box.dataset.root || '')).search;
    }
  };
})();
