// Drill page: practice mode, rubric self-check, Chinese notes, UI language
// and code copy, over http (under a sub-path) and from file://.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { open, primeClipboard, readClipboard, setup } from './harness.mjs';

const DRILL = 'ops/disk-read-only/index.html';
const GUIDE = 'talk/phrase-guide/index.html';

let h;
before(async () => {
  h = await setup();
});
after(async () => {
  await h?.close();
});

for (const where of ['http', 'file']) {
  describe(`drill page over ${where}`, () => {
    const url = (rel) => (where === 'http' ? h.base : h.fileBase) + rel;
    const context = (o) => (where === 'http' ? h.context(o) : h.fileContext(o));

    test('answers are hidden behind real buttons and revealed one by one', async () => {
      const ctx = await context();
      const { page, problems } = await open(ctx, url(DRILL), h.origin);
      const answer = page.getByText('The filesystem under the logs went read-only.');
      const second = page.getByText('Mitigate first: cordon and drain the node.');
      // Scenario and tasks come first and are visible.
      await assert.doesNotReject(page.getByRole('heading', { name: 'Scenario' }).waitFor());
      assert.equal(await answer.isVisible(), false);
      assert.equal(await second.isVisible(), false);

      const buttons = page.getByRole('button', { name: 'Reveal answer' });
      assert.equal(await buttons.count(), 2);
      const first = buttons.first();
      assert.equal(await first.getAttribute('aria-expanded'), 'false');
      const controls = await first.getAttribute('aria-controls');
      assert.ok(controls && (await page.locator(`[id="${controls}"]`).count()) === 1, 'aria-controls names the answer');

      await first.click();
      assert.equal(await answer.isVisible(), true);
      assert.equal(await second.isVisible(), false, 'only the clicked answer opens');
      const hide = page.getByRole('button', { name: 'Hide answer' });
      assert.equal(await hide.getAttribute('aria-expanded'), 'true');

      // Keyboard: Enter on the focused button toggles it back.
      await hide.focus();
      await page.keyboard.press('Enter');
      assert.equal(await answer.isVisible(), false);
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    test('"Show all answers" opens every answer and is remembered', async () => {
      const ctx = await context();
      const { page, problems } = await open(ctx, url(DRILL), h.origin);
      const all = page.getByRole('switch', { name: 'Show all answers' });
      await all.check();
      assert.equal(await page.getByText('The filesystem under the logs went read-only.').isVisible(), true);
      assert.equal(await page.getByText('Mitigate first: cordon and drain the node.').isVisible(), true);
      assert.equal(await page.getByRole('button', { name: 'Hide answer' }).count(), 2);

      await page.reload();
      assert.equal(await page.getByRole('switch', { name: 'Show all answers' }).isChecked(), true);
      assert.equal(await page.getByText('Mitigate first: cordon and drain the node.').isVisible(), true);

      // Remembered on the next drill too.
      await page.goto(url('ops/cpu-throttling/index.html'));
      assert.equal(await page.getByText('CFS quota throttling').isVisible(), true);
      await page.getByRole('switch', { name: 'Show all answers' }).uncheck();
      assert.equal(await page.getByText('CFS quota throttling').isVisible(), false);
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    test('rubric ticks are real checkboxes that survive a reload, with a reset', async () => {
      const ctx = await context();
      const { page, problems } = await open(ctx, url(DRILL), h.origin);
      const rubric = page.getByRole('region', { name: 'Self-check' });
      const boxes = rubric.getByRole('checkbox');
      assert.equal(await boxes.count(), 3, 'one checkbox per top-level item');
      await rubric.getByLabel('Names the kernel evidence').check();
      await rubric.getByLabel('Uses precise English').check();
      await page.reload();
      assert.equal(await rubric.getByLabel('Names the kernel evidence').isChecked(), true);
      assert.equal(await rubric.getByLabel('Separates mitigation from prevention').isChecked(), false);
      assert.equal(await rubric.getByLabel('Uses precise English').isChecked(), true);
      await rubric.getByText('2 of 3 checked').waitFor();

      // Another page does not share this page's ticks.
      await page.goto(url('ops/cpu-throttling/index.html'));
      await page.goto(url(DRILL));
      assert.equal(await rubric.getByLabel('Uses precise English').isChecked(), true);

      await rubric.getByRole('button', { name: 'Reset' }).click();
      assert.equal(await rubric.getByLabel('Uses precise English').isChecked(), false);
      await page.reload();
      assert.equal(await rubric.getByLabel('Names the kernel evidence').isChecked(), false);
      const keys = await page.evaluate(() => Object.keys(localStorage));
      const prefix = await page.evaluate(() => document.documentElement.dataset.storageKey);
      assert.ok(prefix, 'html carries data-storage-key');
      assert.ok(keys.every((k) => k.startsWith(prefix)), `keys namespaced: ${keys}`);
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    test('Chinese notes switch hides every zh block on every page, remembered', async () => {
      const ctx = await context();
      const { page, problems } = await open(ctx, url(DRILL), h.origin);
      const notes = page.locator('[lang="zh-Hans"]').filter({ hasText: '中文笔记：先确认' });
      assert.equal(await notes.isVisible(), true, 'shown by default');
      assert.equal(await page.getByText('第二段中文笔记').isVisible(), true);
      const sw = page.getByRole('switch', { name: 'Chinese notes' });
      assert.equal(await sw.isChecked(), true);
      await sw.uncheck();
      assert.equal(await notes.isVisible(), false);
      assert.equal(await page.getByText('第二段中文笔记').isVisible(), false);

      await page.goto(url(GUIDE));
      assert.equal(await page.getByText('大声读出来').isVisible(), false, 'remembered on another page');
      await page.getByRole('switch', { name: 'Chinese notes' }).check();
      assert.equal(await page.getByText('大声读出来').isVisible(), true);
      await page.goto(url(DRILL));
      assert.equal(await page.getByText('第二段中文笔记').isVisible(), true);
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    test('UI language switch changes interface strings and titles, remembered', async () => {
      const ctx = await context();
      const { page, problems } = await open(ctx, url(DRILL), h.origin);
      const langGroup = page.getByRole('group', { name: 'Interface language' });
      await langGroup.getByRole('button', { name: '中文' }).click();
      assert.equal(await page.evaluate(() => document.documentElement.dataset.uiLang), 'zh');
      assert.equal(await page.getByRole('button', { name: '显示答案' }).count(), 2);
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '日志写入失败：只读文件系统');
      assert.match(await page.title(), /^日志写入失败：只读文件系统/);
      await page.getByRole('switch', { name: '显示全部答案' }).waitFor();
      await page.getByRole('switch', { name: '中文笔记' }).waitFor();
      await page.getByRole('link', { name: '标签' }).first().waitFor();
      assert.equal(await page.getByRole('button', { name: '中文' }).getAttribute('aria-pressed'), 'true');

      await page.reload();
      assert.equal(await page.getByRole('button', { name: '显示答案' }).count(), 2);
      await page.goto(url('index.html'));
      await page.getByRole('heading', { name: '模块' }).waitFor();
      await page.getByRole('group', { name: '界面语言' }).getByRole('button', { name: 'EN' }).click();
      await page.getByRole('heading', { name: 'Modules' }).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.dataset.uiLang), 'en');
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    test('code blocks copy exactly their code', async () => {
      const ctx = await context();
      const { page, problems } = await open(ctx, url(DRILL), h.origin);
      await page.getByRole('button', { name: 'Reveal answer' }).first().click();
      await primeClipboard(page);
      await page.getByRole('button', { name: 'Copy code' }).click();
      await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor({ state: 'attached' });
      assert.equal(
        await readClipboard(page),
        'findmnt -T /var/log\n  dmesg -T | grep -i remount   # indented on purpose',
      );
      assert.deepEqual(problems, []);
      await ctx.close();
    });
  });
}

test('without JavaScript, answers and notes are visible and controls are not', async () => {
  const ctx = await h.browser.newContext({ javaScriptEnabled: false });
  const { page, problems } = await open(ctx, h.fileBase + DRILL, h.origin);
  assert.equal(await page.getByText('The filesystem under the logs went read-only.').isVisible(), true);
  assert.equal(await page.getByText('Mitigate first: cordon and drain the node.').isVisible(), true);
  assert.equal(await page.getByText('中文笔记：先确认').isVisible(), true);
  assert.equal(await page.getByRole('switch').count(), 0, 'no switch that would do nothing');
  assert.equal(await page.getByRole('button', { name: 'Reveal answer' }).count(), 0);
  assert.equal(await page.getByRole('checkbox').count(), 3, 'rubric still a checklist');
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a page still works when localStorage throws', async () => {
  const ctx = await h.context();
  await ctx.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('denied', 'SecurityError');
      },
    });
  });
  const { page, problems } = await open(ctx, h.base + DRILL, h.origin);
  await page.getByRole('button', { name: 'Reveal answer' }).first().click();
  assert.equal(await page.getByText('The filesystem under the logs went read-only.').isVisible(), true);
  await page.getByRole('switch', { name: 'Chinese notes' }).uncheck();
  assert.equal(await page.getByText('第二段中文笔记').isVisible(), false);
  await page.getByRole('region', { name: 'Self-check' }).getByLabel('Uses precise English').check();
  assert.deepEqual(problems, []);
  await ctx.close();
});
