// The FSRS port in themes/default/static/practice.js against reference
// vectors: pinned ones computed by ts-fsrs 5.4.2 (fsrs_vectors.json, so a
// change in the port fails even without ts-fsrs installed), and random
// review histories replayed through ts-fsrs itself (a dev dependency used
// only here) with the same options: FSRS-6 defaults, long-term scheduler
// (`enable_short_term: false`), no fuzz.
process.env.TZ = 'UTC';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { repo } from './load.mjs';

function loadFSRS() {
  const window = {};
  window.window = window;
  const ctx = vm.createContext(window);
  const file = path.join(repo, 'themes/default/static/practice.js');
  vm.runInContext(fs.readFileSync(file, 'utf8'), ctx, { filename: file });
  assert.ok(window.drillbookFSRS, 'practice.js defines drillbookFSRS without a document');
  return window.drillbookFSRS;
}

const F = loadFSRS();
const DAY = 86400000;
const close = (a, b, what) => assert.ok(Math.abs(a - b) < 1e-6, `${what}: ${a} vs ${b}`);

/** Replays [grade, days] pairs through the port; returns each card. */
function replay(seq, start) {
  let card = null;
  let now = start;
  return seq.map(([g, days]) => {
    now += days * DAY;
    card = F.review(card, g, now);
    return card;
  });
}

test('pinned ts-fsrs vectors: stability, difficulty, interval, lapses, reps', () => {
  const ref = JSON.parse(fs.readFileSync(path.join(repo, 'tests/js/fsrs_vectors.json'), 'utf8'));
  const start = Date.parse(ref.start);
  assert.ok(ref.sequences.length >= 5);
  for (const seq of ref.sequences) {
    const cards = replay(seq.map((s) => [s.grade, s.days]), start);
    seq.forEach((want, i) => {
      const got = cards[i];
      const at = `step ${i} of ${JSON.stringify(seq.map((s) => [s.grade, s.days]))}`;
      close(got.s, want.stability, `stability ${at}`);
      close(got.d, want.difficulty, `difficulty ${at}`);
      assert.equal(got.ivl, want.scheduled_days, `interval ${at}`);
      assert.equal(got.lapses, want.lapses, `lapses ${at}`);
      assert.equal(got.reps, want.reps, `reps ${at}`);
    });
  }
});

test('a new drill: Again < Hard < Good < Easy, and the published first intervals', () => {
  const p = F.preview(null, 0);
  assert.deepEqual(Array.from([1, 2, 3, 4], (g) => p[g].ivl), [1, 2, 3, 8]);
  assert.deepEqual(Array.from([1, 2, 3, 4], (g) => p[g].s), [0.212, 1.2931, 2.3065, 8.2956]);
});

test('due dates: the local midnight starting the scheduled day', () => {
  const now = Date.UTC(2026, 2, 10, 15, 30);
  const card = F.review(null, 3, now);
  assert.equal(card.due, Date.UTC(2026, 2, 13));
  assert.equal(card.last, now);
});

test('random review histories agree with ts-fsrs itself', async (t) => {
  let ts;
  try {
    ts = await import('ts-fsrs');
  } catch {
    t.skip('ts-fsrs is not installed (npm ci installs it)');
    return;
  }
  const f = ts.fsrs(ts.generatorParameters({ enable_short_term: false, enable_fuzz: false }));
  assert.deepEqual([...ts.default_w], Array.from(F.W), 'same default parameters');
  // A small deterministic generator, so a failure names a reproducible case.
  let seed = 20261202;
  const rand = (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  let compared = 0;
  for (let k = 0; k < 300; k++) {
    const start = Date.UTC(2026, 0, 1, 12) + rand(400) * DAY;
    const seq = Array.from({ length: 1 + rand(12) }, (_, i) => [1 + rand(4), i === 0 ? 0 : rand(90)]);
    const mine = replay(seq, start);
    let card = ts.createEmptyCard(new Date(start));
    let now = start;
    seq.forEach(([g, days], i) => {
      now += days * DAY;
      card = f.next(card, new Date(now), g).card;
      const at = `step ${i} of ${JSON.stringify(seq)}`;
      close(mine[i].s, card.stability, `stability ${at}`);
      close(mine[i].d, card.difficulty, `difficulty ${at}`);
      assert.equal(mine[i].ivl, card.scheduled_days, `interval ${at}`);
      assert.equal(mine[i].lapses, card.lapses, `lapses ${at}`);
      assert.equal(F.dayStart(now, mine[i].ivl), card.due.getTime() - 12 * 3600000, `due ${at}`);
      compared++;
    });
  }
  assert.ok(compared > 1000, `compared ${compared} reviews`);
});
