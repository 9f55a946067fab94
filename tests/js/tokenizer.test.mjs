// The JS half of the shared tokenizer table (the Rust half:
// src/search/tokenize_tests.rs). Both must produce the same tokens.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadSearch, repo } from './load.mjs';

const table = JSON.parse(fs.readFileSync(path.join(repo, 'tests/search_tokens.json'), 'utf8'));
const { api } = loadSearch();
// Values from the VM context have another realm's prototypes: copy them out.
const plain = (v) => JSON.parse(JSON.stringify(v));

test('tokenize matches the shared table', () => {
  for (const c of table.tokenize) assert.deepEqual(plain(api.tokenize(c.in)), c.out, `tokenize(${JSON.stringify(c.in)})`);
});

test('queryTerms matches the shared table', () => {
  for (const c of table.query) {
    const got = plain(api.queryTerms(c.in)).map((x) => [x.t, x.p]);
    assert.deepEqual(got, c.out, `queryTerms(${JSON.stringify(c.in)})`);
  }
});

test('termMatches matches the shared table', () => {
  for (const c of table.matches) {
    const term = { t: c.term[0], p: c.term[1] };
    assert.equal(api.termMatches(term, c.token), c.match, `${JSON.stringify(c.term)} vs ${c.token}`);
  }
});

test('highlightRanges marks English words and Chinese substrings', () => {
  const text = 'Throttled CPU，限流生效 and retries';
  const ranges = plain(api.highlightRanges(text, api.queryTerms('限流 retry thrott')));
  assert.deepEqual(ranges.map(([s, e]) => text.slice(s, e)), ['Throttled', '限流', 'retries']);
});

test('highlightRanges: Chinese-only terms found without segmenting; a limit stops after the first match', () => {
  const text = 'Ｄｉｓｋ只读，mount 只读 again：只读了？只读';
  const ranges = plain(api.highlightRanges(text, api.queryTerms('只读')));
  const at = [];
  for (let i = text.indexOf('只读'); i >= 0; i = text.indexOf('只读', i + 1)) at.push(i);
  assert.equal(at.length, 4);
  assert.deepEqual(ranges.map(([s]) => s), at);
  assert.ok(ranges.every(([s, e]) => text.slice(s, e) === '只读'));
  const long = 'retry ' + 'word '.repeat(1000) + 'retry';
  assert.equal(plain(api.highlightRanges(long, api.queryTerms('retry'))).length, 2);
  assert.equal(plain(api.highlightRanges(long, api.queryTerms('retry'), 1000)).length, 1);
});
