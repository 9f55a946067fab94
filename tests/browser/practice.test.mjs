// The practice loop (issue 14) on tests/fixtures/practice/, over http (under
// a sub-path) and from file://: write an attempt, compare, grade, FSRS
// scheduling seen through Playwright's clock, the Review page, progress and
// badges, export / import / reset, the keyboard, Listen, print, and
// screenshots of a drill mid-practice and of the Review page.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildFixture, open, REPO, setup, SHOTS } from './harness.mjs';

const FIXTURE = join(REPO, 'tests', 'fixtures', 'practice');
const DISK = 'ops/disk-full/';
const DNS = 'ops/dns-timeouts/';
const OOM = 'ops/oom-kills/';
const TALK = 'talk/status-update/';
const TEMPLATE = 'talk/heads-up/';
const REVIEW = 'review/index.html';
const DAY = 86400000;
/** Monday 2 March 2026, 10:00 local time: "today" for every test. */
const T0 = new Date(2026, 2, 2, 10, 0, 0).getTime();

let h;
before(async () => {
  h = await setup({ fixture: FIXTURE });
});
after(async () => {
  await h?.close();
});

/** Lets the announcer's short timeout run under the fake clock. */
async function settle(page) {
  await page.clock.runFor(100);
}

async function announced(page) {
  await settle(page);
  return page.locator('[data-announcer]').textContent();
}

for (const where of ['http', 'file']) {
  describe(`practice over ${where}`, () => {
    const url = (rel) => (where === 'http' ? h.base : h.fileBase) + rel;
    const page_ = (id) => url(id + 'index.html');

    /** A fresh browser profile whose clock starts at T0 (+ `days`). */
    async function fresh(options = {}, days = 0) {
      const ctx = await (where === 'http' ? h.context(options) : h.fileContext(options));
      await ctx.clock.install({ time: T0 + days * DAY });
      return ctx;
    }

    /** Writes, reveals and grades a drill's first answer. */
    async function practise(page, id, grade, text = 'My answer') {
      await page.goto(page_(id));
      await page.locator('.attempt-input').first().fill(text);
      await page.locator('section.answer button.reveal').first().click();
      await page.locator(`button.grade[data-grade="${grade}"]`).click();
    }

    async function lists(page) {
      const read = (name) => page.locator(`[data-review-list="${name}"] > li > a`).allTextContents();
      return { due: await read('due'), new: await read('new'), week: await read('week') };
    }

    async function dueCount(page) {
      const badge = page.locator('[data-due-count]');
      if (await badge.isHidden()) return 0;
      const n = Number(await badge.locator('.due-number').textContent());
      assert.equal(await badge.locator('.visually-hidden').textContent(), `, ${n} due today`, 'said in words');
      return n;
    }

    test('"Your answer": a labelled box before each answer, saved as typed per answer, kept across reloads', async () => {
      const ctx = await fresh();
      const { page, problems } = await open(ctx, page_(DISK), h.origin);
      const boxes = page.getByRole('textbox', { name: 'Your answer' });
      assert.equal(await boxes.count(), 2, 'one box per ::: answer');
      // Each box comes right before its answer, in document order.
      const order = await page.evaluate(() =>
        [...document.querySelectorAll('.attempt-input, section.answer')].map((n) => n.tagName),
      );
      assert.deepEqual(order, ['TEXTAREA', 'SECTION', 'TEXTAREA', 'SECTION']);
      await boxes.nth(0).fill('First: free space\n  then find what grew');
      await boxes.nth(1).pressSequentially('Second: rotate');
      await page.reload();
      assert.equal(await boxes.nth(0).inputValue(), 'First: free space\n  then find what grew');
      assert.equal(await boxes.nth(1).inputValue(), 'Second: rotate');
      // Per page: another drill starts empty.
      await page.goto(page_(DNS));
      assert.equal(await page.getByRole('textbox', { name: 'Your answer' }).inputValue(), '');
      // The 中文 UI labels it too.
      await page.getByRole('button', { name: '中文' }).click();
      assert.equal(await page.getByRole('textbox', { name: '你的回答' }).count(), 1);
      // What is stored lives under this handbook's prefix only.
      const keys = await page.evaluate(() => Object.keys(localStorage));
      const prefix = await page.evaluate(() => document.documentElement.dataset.storageKey);
      assert.ok(keys.length > 0 && keys.every((k) => k.startsWith(prefix)), JSON.stringify(keys));
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    test('an attempt with HTML in it is shown back as text, and no dialog fires', async () => {
      const ctx = await fresh();
      const { page, problems } = await open(ctx, page_(DISK), h.origin);
      let dialogs = 0;
      page.on('dialog', (d) => {
        dialogs++;
        d.dismiss();
      });
      const evil = '<img src=x onerror=alert(1)><b>bold</b>';
      await page.locator('.attempt-input').first().fill(evil);
      await page.reload();
      await page.locator('section.answer button.reveal').first().click();
      const view = page.locator('.attempt-view').first();
      assert.equal(await view.textContent(), evil);
      assert.equal(await page.locator('main img, .attempt-view b').count(), 0, 'no element was made from the text');
      await page.clock.runFor(500);
      assert.equal(dialogs, 0);
      // Requests for `x` would show up as problems (404 over http).
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    test('reveal: the attempt beside the model answer on a wide screen, above it on a phone, rubric right under', async () => {
      for (const [viewport, beside] of [[{ width: 1200, height: 900 }, true], [{ width: 360, height: 800 }, false]]) {
        const ctx = await fresh({ viewport });
        const { page, problems } = await open(ctx, page_(DISK), h.origin);
        await page.locator('.attempt-input').first().fill('Opening: /var is full.');
        await page.locator('section.answer button.reveal').first().click();
        const mine = await page.locator('.attempt').first().boundingBox();
        const model = await page.locator('section.answer').first().boundingBox();
        if (beside) {
          assert.ok(mine.x + mine.width <= model.x, `side by side: ${JSON.stringify([mine, model])}`);
          assert.ok(Math.abs(mine.y - model.y) < 5, 'tops aligned');
        } else {
          assert.ok(mine.y + mine.height <= model.y, `stacked: ${JSON.stringify([mine, model])}`);
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          assert.ok(width <= 360, `no sideways scroll at 360 px (${width})`);
        }
        // Both are labelled.
        assert.equal(await page.locator('.attempt').first().getByText('Your answer').isVisible(), true);
        assert.equal(await page.locator('section.answer').first().getByRole('heading', { name: 'Model answer' }).isVisible(), true);
        // The rubric follows the last answer, then the grade buttons.
        const next = await page.evaluate(() => {
          const pairs = document.querySelectorAll('.practice-pair');
          const rubric = pairs[pairs.length - 1].nextElementSibling;
          return [rubric.className, rubric.nextElementSibling.className];
        });
        assert.deepEqual(next, ['rubric', 'grade-panel']);
        // An answer revealed without an attempt is shown as before.
        await page.locator('section.answer button.reveal').nth(1).click();
        assert.equal(await page.locator('.practice-pair').nth(1).getAttribute('class'), 'practice-pair');
        assert.deepEqual(problems, []);
        await ctx.close();
      }
    });

    test('stopwatch from the first keystroke, stopped at the reveal and kept with the review', async () => {
      const ctx = await fresh();
      const { page, problems } = await open(ctx, page_(DISK), h.origin);
      const watch = page.locator('.stopwatch').first();
      assert.equal(await watch.textContent(), '', 'nothing before typing');
      // Time stands still but for runFor, so the figures are exact.
      await page.clock.pauseAt(T0 + 30_000);
      await page.locator('.attempt-input').first().pressSequentially('abc');
      await page.clock.runFor(65_000);
      // The display ticks each second, counted from page load.
      assert.match(await watch.textContent(), /^Time 1:0[45]$/);
      await page.locator('section.answer button.reveal').first().click();
      await page.clock.runFor(20_000);
      assert.equal(await watch.textContent(), 'answered in 1:05');
      await page.locator('button.grade-good').click();
      const log = await page.evaluate(() => {
        const p = JSON.parse(localStorage.getItem(document.documentElement.dataset.storageKey + 'practice'));
        return Object.values(p.cards)[0].log;
      });
      assert.equal(log.length, 1);
      assert.equal(log[0].g, 3);
      assert.equal(log[0].ms, 65_000);
      assert.equal(log[0].at, T0 + 115_000, 'the review is dated');
      await page.reload();
      assert.equal(await page.locator('.stopwatch').first().textContent(), 'answered in 1:05');
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    test('grade buttons appear after a reveal; the rubric suggests one; the learner chooses', async () => {
      const ctx = await fresh();
      const { page, problems } = await open(ctx, page_(DISK), h.origin);
      const panel = page.locator('.grade-panel');
      assert.equal(await panel.isVisible(), false, 'no grading before a reveal');
      await page.locator('section.answer button.reveal').first().click();
      const names = await page.locator('button.grade .grade-name').allTextContents();
      assert.deepEqual(names, ['Again', 'Hard', 'Good', 'Easy']);
      const suggested = () => page.locator('button.grade.is-suggested .grade-name').allTextContents();
      assert.deepEqual(await suggested(), ['Again'], 'nothing ticked: under half');
      const boxes = page.locator('input.rubric-check');
      await boxes.nth(0).check();
      await boxes.nth(1).check();
      assert.deepEqual(await suggested(), ['Hard'], 'half ticked');
      await boxes.nth(2).check();
      await boxes.nth(3).check();
      assert.deepEqual(await suggested(), ['Good'], 'all ticked');
      // New drill: the buttons show FSRS's first intervals.
      assert.deepEqual(await page.locator('button.grade .grade-ivl').allTextContents(), ['tomorrow', 'in 2 days', 'in 3 days', 'in 8 days']);
      await page.locator('button.grade-easy').click();
      assert.equal(await page.locator('button.grade-easy').getAttribute('aria-pressed'), 'true');
      assert.match(await page.locator('.grade-status').textContent(), /^Graded Easy\. Next review .*\(in 8 days\)\.$/);
      // A change of mind replaces that review rather than adding one.
      await page.locator('button.grade-good').click();
      const card = await page.evaluate(() => {
        const p = JSON.parse(localStorage.getItem(document.documentElement.dataset.storageKey + 'practice'));
        return Object.values(p.cards)[0];
      });
      assert.equal(card.reps, 1);
      assert.equal(card.ivl, 3);
      assert.equal(card.log.length, 1);
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    test('grading Good removes a due drill from "due today"; past its date it is due again', async () => {
      const ctx = await fresh();
      const { page, problems } = await open(ctx, url(REVIEW), h.origin);
      assert.equal(await dueCount(page), 0);
      await practise(page, DISK, 3);
      // Good on a new drill: due in 3 days.
      await page.clock.setSystemTime(T0 + 3 * DAY);
      await page.goto(url(REVIEW));
      assert.deepEqual((await lists(page)).due, ['Disk full on /var']);
      assert.equal(await dueCount(page), 1, 'the header counts it');
      await page.goto(page_(DISK));
      assert.equal(await dueCount(page), 1, 'on every page');
      // Three days later the box starts blank; the last attempt is kept below.
      assert.equal(await page.locator('.attempt-input').first().inputValue(), '');
      assert.equal(await page.locator('.attempt-previous .attempt-view').first().textContent(), 'My answer');
      await practise(page, DISK, 3);
      assert.equal(await dueCount(page), 0);
      await page.goto(url(REVIEW));
      const l = await lists(page);
      assert.deepEqual(l.due, []);
      assert.ok(!l.new.includes('Disk full on /var'));
      // FSRS: Good three days after a first Good → 14 days.
      const card = await page.evaluate(() => {
        const p = JSON.parse(localStorage.getItem(document.documentElement.dataset.storageKey + 'practice'));
        return p.cards['ops/disk-full/'];
      });
      assert.equal(card.ivl, 14);
      await page.clock.setSystemTime(T0 + 16 * DAY);
      await page.goto(url(REVIEW));
      assert.equal((await lists(page)).due.length, 0, 'not yet: due on day 17');
      await page.clock.setSystemTime(T0 + 17 * DAY);
      await page.goto(url(REVIEW));
      assert.deepEqual((await lists(page)).due, ['Disk full on /var']);
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    test('"Again" brings a drill back sooner than "Easy"; the Review page orders and dates them', async () => {
      const ctx = await fresh();
      const { page, problems } = await open(ctx, url(REVIEW), h.origin);
      await practise(page, DISK, 1);
      await practise(page, DNS, 4);
      await practise(page, TALK, 2);
      await page.goto(url(REVIEW));
      let l = await lists(page);
      assert.deepEqual(l.due, []);
      // New drills in module order; this week by date.
      assert.deepEqual(l.new, ['OOM kills after a "small" change </script>']);
      assert.deepEqual(l.week, ['Disk full on /var', 'Give a status update on a call']);
      assert.match(await page.locator('[data-review-summary]').textContent(), /0 due today · 1 new · 2 coming up this week/);
      await page.clock.setSystemTime(T0 + 5 * DAY);
      await page.goto(url(REVIEW));
      l = await lists(page);
      // Most overdue first: Again (due day 1) before Hard (due day 2); Easy (day 8) not yet.
      assert.deepEqual(l.due, ['Disk full on /var', 'Give a status update on a call']);
      assert.deepEqual(await page.locator('[data-review-list="due"] .review-when').allTextContents(), ['overdue by 4 days', 'overdue by 3 days']);
      assert.deepEqual(l.week, ['DNS timeouts in one zone']);
      // The call to action starts with the most overdue; each entry links to its drill.
      assert.equal(await page.locator('[data-review-start]').textContent(), 'Start reviewing →');
      assert.match(await page.locator('[data-review-start]').getAttribute('href'), /ops\/disk-full\/index\.html$/);
      await page.locator('[data-review-list="due"] a').first().click();
      assert.equal(await page.locator('h1').textContent(), 'Disk full on /var');
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    test('progress on home and module pages and badges on listed drills, none before any practice', async () => {
      const ctx = await fresh();
      const { page, problems } = await open(ctx, url('index.html'), h.origin);
      assert.equal(await page.locator('.module-progress:visible, .practice-badge').count(), 0, 'a first-time reader sees today’s pages');
      await page.goto(url('ops/index.html'));
      assert.equal(await page.locator('.module-progress:visible, .practice-badge').count(), 0);
      await practise(page, DISK, 1);
      await practise(page, DNS, 4);
      await page.clock.setSystemTime(T0 + 2 * DAY);
      await page.goto(url('index.html'));
      const cards = page.locator('.module-card');
      assert.equal(await cards.nth(0).locator('.progress-text').textContent(), '2 / 3 practised');
      assert.equal(await cards.nth(0).locator('.progress-due').textContent(), '1 due today');
      assert.equal(await cards.nth(0).locator('progress').getAttribute('value'), '2');
      assert.equal(await cards.nth(1).locator('.progress-text').textContent(), '0 / 1 practised');
      await page.goto(url('ops/index.html'));
      assert.equal(await page.locator('.module-progress .progress-text').textContent(), '2 / 3 practised');
      const badges = await page.locator('.listing li').evaluateAll((lis) =>
        lis.map((li) => [li.querySelector('a').textContent, li.querySelector('.practice-badge')?.textContent]),
      );
      assert.deepEqual(badges, [
        ['Disk full on /var', 'due'],
        ['DNS timeouts in one zone', 'practised'],
        ['OOM kills after a "small" change </script>', 'new'],
      ]);
      await page.getByRole('button', { name: '中文' }).click();
      assert.equal(await page.locator('.module-progress .progress-text').textContent(), '已练习 2 / 3');
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    test('export → fresh profile → import restores the Review page exactly; attempts and ticks come back', async () => {
      const ctx = await fresh({ acceptDownloads: true });
      const { page, problems } = await open(ctx, url(REVIEW), h.origin);
      await practise(page, DISK, 1, 'Disk attempt');
      await page.locator('input.rubric-check').first().check();
      await practise(page, DNS, 3);
      await page.clock.setSystemTime(T0 + 2 * DAY);
      await page.goto(url(REVIEW));
      const reviewText = async (p) => {
        await p.evaluate(() => { document.querySelector('[data-keep-status]').textContent = ''; });
        return p.locator('main').innerText();
      };
      const before = await reviewText(page);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export progress' }).click()]);
      assert.match(download.suggestedFilename(), /^drillbook-progress-[\w-]+-2026-03-04\.json$/);
      const file = readFileSync(await download.path(), 'utf8');
      const data = JSON.parse(file);
      assert.equal(data.format, 'drillbook-progress');
      assert.equal(data.version, 1);
      assert.deepEqual(Object.keys(data.cards).sort(), ['ops/disk-full/', 'ops/dns-timeouts/']);
      assert.equal(data.attempts['ops/disk-full/'].a['answer-1'], 'Disk attempt');
      await ctx.close();

      const ctx2 = await fresh({}, 2);
      const { page: p2, problems: problems2 } = await open(ctx2, url(REVIEW), h.origin);
      assert.notEqual(await reviewText(p2), before, 'a fresh profile starts empty');
      await p2.getByLabel('Import progress').setInputFiles({ name: 'progress.json', mimeType: 'application/json', buffer: Buffer.from(file) });
      await p2.locator('[data-keep-status]').getByText('Imported').waitFor();
      assert.equal(await reviewText(p2), before);
      await p2.reload();
      assert.deepEqual(await lists(p2), { due: ['Disk full on /var'], new: ['OOM kills after a "small" change </script>', 'Give a status update on a call'], week: ['DNS timeouts in one zone'] });
      assert.equal(await dueCount(p2), 1);
      await p2.goto(page_(DISK));
      assert.equal(await p2.locator('.attempt-previous .attempt-view').first().textContent(), 'Disk attempt');
      assert.equal(await p2.locator('input.rubric-check').first().isChecked(), true);
      assert.deepEqual(problems, []);
      assert.deepEqual(problems2, []);
      await ctx2.close();
    });

    test('import merges: for each drill the later review wins', async () => {
      const ctx = await fresh();
      const { page, problems } = await open(ctx, url(REVIEW), h.origin);
      await practise(page, DISK, 4);
      const key = await page.evaluate(() => document.documentElement.dataset.storageKey);
      const mine = await page.evaluate((k) => JSON.parse(localStorage.getItem(k + 'practice')).cards['ops/disk-full/'], key);
      // A file with an older review of DISK and a newer review of DNS.
      const older = { ...mine, last: mine.last - DAY, due: mine.due - 5 * DAY, ivl: 1, log: [{ at: mine.last - DAY, g: 1, ms: 0 }] };
      const newer = { ...mine, last: mine.last + 1000, ivl: 3, m: 'ops' };
      const file = { format: 'drillbook-progress', version: 1, handbook: key, exported: '', cards: { 'ops/disk-full/': older, 'ops/dns-timeouts/': newer }, attempts: {}, rubric: {}, settings: {} };
      await page.goto(url(REVIEW));
      await page.getByLabel('Import progress').setInputFiles({ name: 'p.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
      await page.locator('[data-keep-status]').getByText('Imported').waitFor();
      assert.equal(await page.locator('[data-keep-status]').textContent(), 'Imported: 1 drills with reviews merged.');
      const cards = await page.evaluate((k) => JSON.parse(localStorage.getItem(k + 'practice')).cards, key);
      assert.deepEqual(cards['ops/disk-full/'], mine, 'the later local review stays');
      assert.deepEqual(cards['ops/dns-timeouts/'], newer);
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    test('a malformed or foreign file gets a clear message and changes nothing', async () => {
      const ctx = await fresh();
      const { page, problems } = await open(ctx, url(REVIEW), h.origin);
      await practise(page, DISK, 3, 'kept');
      await page.goto(url(REVIEW));
      const storage = () => page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));
      const before = await storage();
      const key = await page.evaluate(() => document.documentElement.dataset.storageKey);
      const good = { format: 'drillbook-progress', version: 1, handbook: key, exported: '', cards: {}, attempts: {}, rubric: {}, settings: {} };
      const cases = [
        ['{ not json', /^Nothing imported: the file is not JSON/],
        [JSON.stringify({ hello: 'world' }), /^Nothing imported: this is not a drillbook progress file\./],
        [JSON.stringify([1, 2]), /not a drillbook progress file/],
        [JSON.stringify({ ...good, version: 2 }), /format version 2; this site reads version 1/],
        [JSON.stringify({ ...good, handbook: 'drillbook:another-book:' }), /another handbook \(another-book\)/],
        [JSON.stringify({ ...good, cards: { 'ops/dns-timeouts/': { s: 'x', d: 5, last: 1, due: 1, ivl: 1 } } }), /damaged \(card `ops\/dns-timeouts\/` field `s`\)/],
        // A good card next to a bad one: the good one is not written either.
        [JSON.stringify({ ...good, cards: { 'ops/oom-kills/': { s: 2, d: 5, last: T0, due: T0, ivl: 1 } }, attempts: { x: 'nope' } }), /damaged \(attempt `x`\)/],
        [JSON.stringify({ ...good, settings: { 'ui-lang': 3 } }), /damaged/],
      ];
      for (const [text, message] of cases) {
        await page.getByLabel('Import progress').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(text) });
        const status = page.locator('[data-keep-status]');
        await status.getByText('Nothing imported').waitFor();
        assert.match(await status.textContent(), message);
        assert.match(await status.textContent(), /Your progress is unchanged\.$/);
        assert.equal(await storage(), before, `nothing changed for ${text}`);
        assert.equal(await announced(page), await status.textContent(), 'screen readers hear it');
      }
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    test('Reset asks first; Cancel keeps everything, confirming erases progress but not settings', async () => {
      const ctx = await fresh();
      const { page, problems } = await open(ctx, url(REVIEW), h.origin);
      await page.getByRole('button', { name: '中文' }).click();
      await page.getByRole('button', { name: 'EN' }).click();
      await practise(page, DISK, 1);
      await page.clock.setSystemTime(T0 + 2 * DAY);
      await page.goto(url(REVIEW));
      await page.getByRole('button', { name: 'Reset progress' }).click();
      const dialog = page.getByRole('alertdialog');
      assert.match(await dialog.textContent(), /cannot be undone/);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      assert.equal(await dialog.isVisible(), false);
      assert.deepEqual((await lists(page)).due, ['Disk full on /var']);
      await page.getByRole('button', { name: 'Reset progress' }).click();
      await dialog.getByRole('button', { name: 'Yes, erase my progress' }).click();
      assert.deepEqual((await lists(page)).due, []);
      assert.equal((await lists(page)).new.length, 4);
      assert.equal(await dueCount(page), 0);
      const keys = await page.evaluate(() => Object.keys(localStorage).map((k) => k.replace(document.documentElement.dataset.storageKey, '')));
      // Only the UI language and the Review page's new queue (navigation, not progress) are left.
      assert.deepEqual(keys.sort(), ['queue', 'ui-lang']);
      await page.goto(page_(DISK));
      assert.equal(await page.locator('.attempt-input').first().inputValue(), '');
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    test('keyboard: r reveals, 1–4 grade, j / k walk the queue, ? lists the shortcuts; all announced', async () => {
      const ctx = await fresh();
      const { page, problems } = await open(ctx, url(REVIEW), h.origin);
      // The queue is what the Review page listed: here the four new drills.
      await page.keyboard.press('j');
      await page.waitForURL(/ops\/disk-full\/index\.html$/);
      await page.keyboard.press('3');
      assert.equal(await announced(page), 'Reveal an answer first, then grade.');
      assert.equal(await page.locator('.grade-panel').isVisible(), false);
      // Typing in the box is typing, not shortcuts.
      await page.locator('.attempt-input').first().pressSequentially('r1 j');
      assert.equal(await page.locator('.attempt-input').first().inputValue(), 'r1 j');
      assert.equal(await page.locator('section.answer.is-open').count(), 0);
      await page.locator('h1').click();
      await page.keyboard.press('r');
      assert.equal(await page.locator('section.answer.is-open').count(), 1);
      assert.equal(await announced(page), 'Model answer revealed.');
      await page.keyboard.press('r');
      assert.equal(await page.locator('section.answer.is-open').count(), 2);
      await page.keyboard.press('r');
      assert.equal(await announced(page), 'Every answer is already shown.');
      await page.keyboard.press('4');
      assert.equal(await page.locator('button.grade-easy').getAttribute('aria-pressed'), 'true');
      // After grading, the next drill of the queue is one click away too.
      const next = page.getByRole('link', { name: 'Next in your review queue →' });
      assert.match(await next.getAttribute('href'), /ops\/dns-timeouts\/index\.html$/);
      assert.match(await announced(page), /^Graded Easy\. Next review .*\(in 8 days\)\.$/);
      await page.keyboard.press('2');
      assert.equal(await page.locator('button.grade-hard').getAttribute('aria-pressed'), 'true');
      assert.equal(await page.locator('button.grade-easy').getAttribute('aria-pressed'), 'false');
      assert.equal(await page.locator('button.grade-hard').getAttribute('aria-keyshortcuts'), '2');
      // j: the next drill of the queue; k: back.
      await page.keyboard.press('j');
      await page.waitForURL(/ops\/dns-timeouts\/index\.html$/);
      await page.keyboard.press('k');
      await page.waitForURL(/ops\/disk-full\/index\.html$/);
      // Outside the queue, j / k follow the module.
      await page.goto(page_(TALK));
      await page.evaluate(() => localStorage.removeItem(document.documentElement.dataset.storageKey + 'queue'));
      await page.goto(page_(DNS));
      await page.keyboard.press('j');
      await page.waitForURL(/ops\/oom-kills\/index\.html$/);
      await page.keyboard.press('k');
      await page.waitForURL(/ops\/dns-timeouts\/index\.html$/);
      // ? opens the list as a modal dialog; Escape closes it.
      await page.keyboard.press('?');
      const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      assert.equal(await dialog.isVisible(), true);
      assert.match(await dialog.textContent(), /Reveal the next hidden answer/);
      await page.keyboard.press('Escape');
      assert.equal(await dialog.isVisible(), false);
      // The same list for mouse and touch.
      await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
      assert.equal(await dialog.isVisible(), true);
      await dialog.getByRole('button', { name: 'Close' }).click();
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    test('Listen: only with a local English voice, hidden without one, Chinese notes skipped', async () => {
      // Headless Chromium has no voices; stand in for the browser's list.
      const fake = (voices) => {
        window.__spoken = [];
        window.SpeechSynthesisUtterance = function (text) { this.text = text; };
        const synth = {
          getVoices: () => voices,
          speak: (u) => window.__spoken.push({ text: u.text, voice: u.voice.name }),
          cancel: () => {},
          addEventListener: () => {},
        };
        Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
      };
      const remote = { name: 'Cloud', lang: 'en-US', localService: false, default: true };
      const local = { name: 'Local English', lang: 'en-GB', localService: true, default: false };
      const localZh = { name: 'Local Chinese', lang: 'zh-CN', localService: true, default: false };

      const ctx = await fresh();
      await ctx.addInitScript(fake, [remote, localZh]);
      const { page, problems } = await open(ctx, page_(TALK), h.origin);
      await page.locator('section.answer button.reveal').first().click();
      assert.equal(await page.getByRole('button', { name: 'Listen' }).count(), 0, 'no local English voice: no button');
      await ctx.close();

      const ctx2 = await fresh();
      await ctx2.addInitScript(fake, [remote, local, localZh]);
      const { page: p2, problems: problems2 } = await open(ctx2, page_(TALK), h.origin);
      const listen = p2.getByRole('button', { name: 'Listen' });
      assert.equal(await listen.count(), 0, 'hidden while the answer is');
      await p2.locator('section.answer button.reveal').first().click();
      await listen.click();
      const spoken = await p2.evaluate(() => window.__spoken);
      assert.deepEqual(spoken, [{ text: 'We have mitigated: error rates are back to normal. We are watching for thirty minutes before closing.', voice: 'Local English' }]);
      assert.equal(await p2.getByRole('button', { name: 'Stop' }).getAttribute('aria-pressed'), 'true');
      // Templates read their filled text.
      await p2.goto(page_(TEMPLATE));
      await p2.getByLabel('Team').fill('@sre');
      await p2.getByRole('button', { name: 'Listen' }).click();
      assert.equal((await p2.evaluate(() => window.__spoken)).pop().text, 'Heads-up @sre: we are rolling back the deploy.');
      assert.deepEqual(problems, []);
      assert.deepEqual(problems2, []);
      await ctx2.close();
    });

    test('print: attempts under "Your answer", no grade buttons, stopwatch or Listen', async () => {
      const ctx = await fresh();
      const { page, problems } = await open(ctx, page_(DISK), h.origin);
      await page.locator('.attempt-input').first().fill('Printed attempt');
      await page.locator('section.answer button.reveal').first().click();
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('.attempt').first().getByText('Your answer').isVisible(), true);
      assert.equal(await page.locator('.attempt-view').first().isVisible(), true);
      assert.equal(await page.locator('.attempt-view').first().textContent(), 'Printed attempt');
      for (const sel of ['.grade-panel', '.stopwatch', 'button.listen', '.attempt-input']) {
        assert.equal(await page.locator(sel).first().isVisible(), false, `${sel} hidden in print`);
      }
      assert.equal(await page.locator('.attempt').nth(1).isVisible(), false, 'an empty attempt is not printed');
      assert.deepEqual(problems, []);
      await ctx.close();
    });
  });
}

/** From disk: one drill graded Again, then two days on, so it is due. */
async function oneDrillDue() {
  const ctx = await h.fileContext();
  await ctx.clock.install({ time: T0 });
  const { page, problems } = await open(ctx, h.fileBase + DISK + 'index.html', h.origin);
  await page.locator('.attempt-input').first().fill('mine');
  await page.locator('section.answer button.reveal').first().click();
  await page.locator('button.grade-again').click();
  await page.clock.setSystemTime(T0 + 2 * DAY);
  return { ctx, page, problems };
}

describe('a drill deleted from the handbook', () => {
  test('is not counted as due in the header', async () => {
    const { ctx, page, problems } = await oneDrillDue();
    // A second card, due too, for a page the handbook no longer has.
    await page.evaluate(() => {
      const key = document.documentElement.getAttribute('data-storage-key') + 'practice';
      const saved = JSON.parse(localStorage.getItem(key));
      const [card] = Object.values(saved.cards);
      saved.cards['ops/deleted-long-ago/'] = { ...card };
      localStorage.setItem(key, JSON.stringify(saved));
    });
    await page.goto(h.fileBase + 'index.html');
    assert.equal(await page.locator('[data-due-count] .due-number').textContent(), '1');
    assert.deepEqual(problems, []);
    await ctx.close();
  });
});

describe('two handbooks opened from disk', () => {
  test('share one localStorage but not their progress', async () => {
    const other = buildFixture();
    try {
      const { ctx, page, problems } = await oneDrillDue();
      await page.goto(h.fileBase + 'index.html');
      assert.equal(await page.locator('[data-due-count] .due-number').textContent(), '1');
      // The reader fixture, another handbook, from the same disk and profile.
      await page.goto(pathToFileURL(other + sep).href + 'index.html');
      assert.equal(await page.locator('[data-due-count]').isHidden(), true, 'no count from the other handbook');
      assert.equal(await page.locator('.module-progress:visible, .practice-badge').count(), 0);
      await page.goto(pathToFileURL(other + sep).href + 'ops/disk-read-only/index.html');
      assert.equal(await page.locator('.attempt-input').first().inputValue(), '');
      await page.goto(pathToFileURL(other + sep).href + 'review/index.html');
      assert.equal(await page.locator('[data-review-list="due"] li').count(), 0);
      assert.deepEqual(problems, []);
      await ctx.close();
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('practice screenshots', () => {
  test('a drill mid-practice (light, dark, phone) and the Review page', async () => {
    for (const [name, options] of [
      ['light', { viewport: { width: 1200, height: 900 } }],
      ['dark', { viewport: { width: 1200, height: 900 }, colorScheme: 'dark' }],
      ['phone', { viewport: { width: 360, height: 800 } }],
    ]) {
      const ctx = await h.context(options);
      await ctx.clock.install({ time: T0 });
      const { page, problems } = await open(ctx, h.base + 'ops/dns-timeouts/index.html', h.origin);
      await page.locator('.attempt-input').first().fill('Answer written days ago.');
      await page.locator('section.answer button.reveal').first().click();
      await page.locator('button.grade-hard').click();
      await page.clock.setSystemTime(T0 + 3 * DAY);
      await page.goto(h.base + DISK + 'index.html');
      await page.locator('.attempt-input').first().pressSequentially('Opening: /var is full on three nodes; I am freeing space.\nThen: du -xh /var | sort -h | tail');
      await page.clock.runFor(95_000);
      await page.locator('section.answer button.reveal').first().click();
      await page.locator('input.rubric-check').nth(0).check();
      await page.locator('input.rubric-check').nth(1).check();
      await page.locator('input.rubric-check').nth(2).check();
      await page.screenshot({ path: join(SHOTS, `practice-drill-${name}.png`), fullPage: true });
      await page.goto(h.base + REVIEW);
      await page.screenshot({ path: join(SHOTS, `practice-review-${name}.png`), fullPage: true });
      assert.deepEqual(problems, []);
      await ctx.close();
    }
  });
});
