// Search box on the reader fixture (tests/fixtures/reader/, search enabled),
// over http (under a sub-path) and from file://: `/` focuses it, results
// appear as you type (title, module, kind, highlighted snippet), arrow keys
// move the active option, Enter opens it and the page highlights the words,
// Esc closes, Chinese queries find Chinese notes, nonsense says so, and the
// 中文 UI shows Chinese titles.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { open, setup } from './harness.mjs';

const DRILL = 'ops/disk-read-only/index.html';
const THROTTLING = 'ops/cpu-throttling/index.html';
const GUIDE = 'talk/phrase-guide/index.html';

let h;
before(async () => {
  h = await setup();
});
after(async () => {
  await h?.close();
});

/** The search widgets, found by role and accessible name. */
function searchBox(page, zh = false) {
  const input = page.getByRole('combobox', { name: zh ? '搜索' : 'Search' });
  const list = page.getByRole('listbox', { name: zh ? '搜索结果' : 'Search results' });
  return { input, list, options: list.getByRole('option') };
}

/** Presses `/` on the page body and types `q` into the box it focuses. */
async function typeQuery(page, q, zh = false) {
  const box = searchBox(page, zh);
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await page.keyboard.press('/');
  assert.equal(await box.input.evaluate((e) => e === document.activeElement), true, '/ focuses the box');
  await page.keyboard.type(q);
  return box;
}

for (const where of ['http', 'file']) {
  describe(`search over ${where}`, () => {
    const url = (rel) => (where === 'http' ? h.base : h.fileBase) + rel;
    const context = (o) => (where === 'http' ? h.context(o) : h.fileContext(o));

    test('"/" focuses the box; an English query lists results with title, module, kind and a snippet', async () => {
      const ctx = await context();
      const { page, problems } = await open(ctx, url(GUIDE), h.origin);
      const { input, list, options } = await typeQuery(page, 'throttling');
      await options.first().waitFor();
      assert.equal(await list.isVisible(), true);
      assert.equal(await input.getAttribute('aria-expanded'), 'true');
      assert.equal(await options.count(), 1);
      const opt = options.first();
      await opt.getByText('CPU throttling with idle CPUs').waitFor();
      await opt.getByText('Operations drills · Drill').waitFor();
      const marks = await opt.locator('mark').allTextContents();
      assert.ok(marks.length >= 2, `title and snippet marked: ${marks}`);
      assert.ok(marks.every((m) => /^(nr_)?throttl/i.test(m)), `marks: ${marks}`);
      const snippet = opt.locator('.db-sr-snippet');
      assert.match(await snippet.textContent(), /CFS quota throttling/);
      assert.ok((await snippet.locator('mark').count()) >= 1, 'snippet highlights the word');
      await page.getByRole('status').filter({ hasText: '1 result' }).waitFor();
      // A `/` typed inside the box is text, not a shortcut.
      await page.keyboard.type('/');
      assert.equal(await input.inputValue(), 'throttling/');
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    test('arrow keys move aria-activedescendant; Enter opens the page with the words highlighted', async () => {
      const ctx = await context();
      const { page, problems } = await open(ctx, url(GUIDE), h.origin);
      const { input, options } = await typeQuery(page, 'logs');
      await options.nth(1).waitFor();
      assert.equal(await options.count(), 2);
      assert.equal(await input.getAttribute('aria-activedescendant'), null, 'nothing active yet');
      const ids = await options.evaluateAll((os) => os.map((o) => o.id));
      await page.keyboard.press('ArrowDown');
      assert.equal(await input.getAttribute('aria-activedescendant'), ids[0]);
      assert.equal(await options.nth(0).getAttribute('aria-selected'), 'true');
      await page.keyboard.press('ArrowDown');
      assert.equal(await input.getAttribute('aria-activedescendant'), ids[1]);
      assert.equal(await options.nth(0).getAttribute('aria-selected'), 'false');
      await page.keyboard.press('ArrowDown');
      assert.equal(await input.getAttribute('aria-activedescendant'), ids[0], 'wraps around');
      await page.keyboard.press('ArrowUp');
      assert.equal(await input.getAttribute('aria-activedescendant'), ids[1]);
      await page.keyboard.press('ArrowUp');
      assert.equal(await input.getAttribute('aria-activedescendant'), ids[0]);
      // The title match ranks first: the read-only drill.
      await options.nth(0).getByText('Logs fail on a read-only filesystem').waitFor();

      await Promise.all([page.waitForURL((u) => u.pathname.endsWith('/' + DRILL)), page.keyboard.press('Enter')]);
      const now = new URL(page.url());
      assert.equal(now.searchParams.get('h'), 'logs');
      assert.ok(now.href.startsWith(url(DRILL)), `opened ${now.href}`);
      await page.getByRole('heading', { level: 1, name: 'Logs fail on a read-only filesystem' }).waitFor();
      const main = page.getByRole('main');
      await main.locator('mark').first().waitFor();
      const marks = await main.locator('mark').allTextContents();
      assert.ok(marks.length >= 2, `words highlighted in <main>: ${marks}`);
      assert.ok(marks.every((m) => /^log/i.test(m)), `only the query's words: ${marks}`);
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    test('Esc closes the results, a second Esc clears the box', async () => {
      const ctx = await context();
      const { page, problems } = await open(ctx, url(GUIDE), h.origin);
      const { input, list, options } = await typeQuery(page, 'logs');
      await options.first().waitFor();
      await page.keyboard.press('Escape');
      assert.equal(await list.isVisible(), false);
      assert.equal(await input.getAttribute('aria-expanded'), 'false');
      assert.equal(await input.inputValue(), 'logs', 'the query stays');
      await page.keyboard.press('ArrowDown');
      assert.equal(await list.isVisible(), true, 'ArrowDown reopens');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      assert.equal(await input.inputValue(), '');
      assert.equal(await list.isVisible(), false);
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    test('a Chinese query finds a page by its Chinese note', async () => {
      const ctx = await context();
      const { page, problems } = await open(ctx, url(GUIDE), h.origin);
      // 缓解 is only in a `::: zh` note of the read-only drill.
      const { options } = await typeQuery(page, '缓解');
      await options.first().waitFor();
      assert.equal(await options.count(), 1);
      await options.first().getByText('Logs fail on a read-only filesystem').waitFor();
      assert.deepEqual(await options.first().locator('.db-sr-snippet mark').allTextContents(), ['缓解']);
      await Promise.all([page.waitForURL((u) => u.pathname.endsWith('/' + DRILL)), page.keyboard.press('Enter')]);
      const note = page.getByRole('main').locator('[lang="zh-Hans"]').filter({ hasText: '第二段中文笔记' });
      assert.deepEqual(await note.locator('mark').allTextContents(), ['缓解']);
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    test('a nonsense query shows "No results"', async () => {
      const ctx = await context();
      const { page, problems } = await open(ctx, url(GUIDE), h.origin);
      const { input, list, options } = await typeQuery(page, 'zqxwvy');
      await page.getByRole('status').filter({ hasText: 'No results' }).waitFor();
      assert.equal(await options.count(), 0);
      assert.equal(await list.isVisible(), false);
      assert.equal(await input.getAttribute('aria-expanded'), 'false');
      // Enter with no results stays on the page.
      await page.keyboard.press('Enter');
      assert.ok(page.url().startsWith(url(GUIDE)));
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    test('excerpts come from the part that matched, around the match, with the terms in <mark>', async () => {
      const ctx = await context();
      const { page, problems } = await open(ctx, url(GUIDE), h.origin);
      const cases = [
        // English, deep in the body: the excerpt starts near it, not at "Scenario".
        { q: 'cordon', mark: /^cordon$/i, part: '.db-sr-snippet' },
        // Only in a `::: zh` note (the second one): a snippet of that note.
        { q: '根治', mark: /^根治$/, part: '.db-sr-snippet', lang: 'zh-Hans' },
        // Only in title_zh: the Chinese title shows under the English one.
        { q: '写入', mark: /^写入$/, part: '.db-sr-alt' },
      ];
      for (const c of cases) {
        await page.evaluate(() => { const i = document.querySelector('#db-search-input'); i.value = ''; i.blur(); });
        const { options } = await typeQuery(page, c.q);
        const opt = options.first();
        await opt.locator(`${c.part} mark`).first().waitFor();
        const marks = await opt.locator(`${c.part} mark`).allTextContents();
        assert.ok(marks.length >= 1 && marks.every((m) => c.mark.test(m)), `${c.q}: marks ${marks}`);
        if (c.lang) assert.equal(await opt.locator(c.part).getAttribute('lang'), c.lang);
        const text = (await opt.locator('.db-sr-snippet').textContent()) || '';
        assert.ok(!/Scenario(?! ·)\S/.test(text) && !/Tasks\S/.test(text), `${c.q}: a heading glued to the next word: ${text}`);
        assert.ok(!/#{2,}\s/.test(text), `${c.q}: raw Markdown: ${text}`);
        assert.ok(!/\s[，。：；！？）]/.test(text), `${c.q}: a space before CJK punctuation: ${text}`);
        if (c.q === 'cordon') {
          assert.ok(text.startsWith('… '), `cut before the match: ${text}`);
          assert.ok(text.split(/\s+/).length <= 32, `about 25 words: ${text}`);
        }
      }
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    test('no result text runs a heading into the next word', async () => {
      const ctx = await context();
      const { page, problems } = await open(ctx, url(GUIDE), h.origin);
      const { options } = await typeQuery(page, 'scenario');
      await options.first().waitFor();
      for (const text of await options.locator('.db-sr-snippet').allTextContents()) {
        assert.ok(!/(Scenario|Tasks)[A-Z]/.test(text), `glued: ${text}`);
      }
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    test('with the 中文 UI, results show title_zh, module and kind in Chinese', async () => {
      const ctx = await context();
      const { page, problems } = await open(ctx, url(GUIDE), h.origin);
      await page.getByRole('group', { name: 'Interface language' }).getByRole('button', { name: '中文' }).click();
      const { options } = await typeQuery(page, 'throttling', true);
      await options.first().waitFor();
      await options.first().getByText('CPU 空闲却被限流').waitFor();
      await options.first().getByText('运维演练 · 演练').waitFor();
      // The English title is what matched, so it shows too, under the Chinese one, marked.
      await options.first().locator('.db-sr-alt mark').getByText('throttling').waitFor();
      assert.equal(await options.first().locator('.db-sr-title').textContent(), 'CPU 空闲却被限流');
      await page.getByRole('status').filter({ hasText: '1 个结果' }).waitFor();
      // A query in Chinese marks the Chinese title.
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      const again = await typeQuery(page, '限流', true);
      await again.options.first().locator('.db-sr-title mark').getByText('限流').waitFor();
      assert.equal(await again.options.first().locator('.db-sr-alt').count(), 0, 'the English title did not match: not shown');
      assert.equal(await again.options.count(), 1);
      await Promise.all([page.waitForURL((u) => u.pathname.endsWith('/' + THROTTLING)), page.keyboard.press('Enter')]);
      assert.deepEqual(problems, []);
      await ctx.close();
    });
  });
}
