// Runs search.js's query engine over the index fixture the Rust tests write
// (tests/js/fixture/, from src/search/port.rs) and expects exactly the
// results the Rust port computed, which equal a brute-force scan.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadSearch, repo } from './load.mjs';

const fixture = path.join(repo, 'tests/js/fixture');
const expected = JSON.parse(fs.readFileSync(path.join(fixture, 'expected.json'), 'utf8'));

function engine() {
  const { api, run } = loadSearch();
  const loaded = [];
  const eng = api.createEngine(async (name) => {
    loaded.push(name);
    run(path.join(fixture, 'search', name + '.js'));
  });
  return { eng, loaded };
}

test('search.js finds exactly the expected pages, in order', async () => {
  const { eng } = engine();
  for (const [q, hits] of Object.entries(expected)) {
    const got = Array.from(await eng.search(q), (h) => [h.doc, h.score]);
    assert.deepEqual(got, hits, `query ${JSON.stringify(q)}`);
  }
});

test('a query loads only the meta and the shards its terms need', async () => {
  const { eng, loaded } = engine();
  await eng.search('dmesg');
  assert.equal(loaded[0], 'meta');
  assert.ok(loaded.length <= 4, `loaded ${loaded}`);
  assert.ok(loaded.every((n) => !n.startsWith('r/')), 'no records before results are shown');
});

test('records hold what a result shows', async () => {
  const { eng } = engine();
  const hits = await eng.search('限');
  const recs = await eng.records(hits.slice(0, 3).map((h) => h.doc));
  assert.equal(recs.length, Math.min(3, hits.length));
  for (const r of recs) {
    assert.match(r.url, /index\.html$/);
    assert.ok(r.title && r.module && r.kind);
  }
});

// An engine over the fixture that records each load and its priority.
function recordingEngine() {
  const { api, run } = loadSearch();
  const asked = [];
  const eng = api.createEngine(async (name, low) => {
    asked.push([name, !!low]);
    run(path.join(fixture, 'search', name + '.js'));
  });
  return { api, eng, asked };
}

test('the next keystroke: the first record of likely one-character-longer queries, fetched ahead at low priority', async () => {
  const { eng, asked } = recordingEngine();
  // A CJK character whose file holds its bigrams, and Latin prefixes.
  for (const q of ['限', '文', 'thr', 'ret']) {
    const hits = await eng.search(q);
    if (!hits.length) continue;
    asked.length = 0;
    await eng.prefetchNext(q, () => false, 3);
    await new Promise((r) => setTimeout(r, 0));
    assert.ok(asked.length <= 3, `${q}: ${asked}`);
    assert.ok(asked.every(([n, low]) => n.startsWith('r/') && low), `${q}: only low-priority records: ${asked}`);
  }
});

test('what is fetched ahead is what that keystroke shows first; a stale query fetches nothing', async () => {
  const { api, eng, asked } = recordingEngine();
  await eng.search('限');
  asked.length = 0;
  await eng.prefetchNext('限', () => true, 3);
  assert.equal(asked.length, 0);
  await eng.prefetchNext('限', () => false, 1);
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(asked.length, 1, `${asked}`);
  const firsts = [];
  for (const k of Object.keys(api.files)) {
    for (const tok of Object.keys(api.files[k])) {
      if (Array.from(tok).length === 2 && tok.startsWith('限')) firsts.push('r/' + (await eng.search(tok))[0].doc);
    }
  }
  assert.ok(firsts.includes(asked[0][0]), `${asked[0][0]} is the first result of a 限 bigram (${firsts})`);
});
