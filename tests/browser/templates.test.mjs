// Template cards: labelled blanks, live filling of text and preview, values
// remembered across templates and pages, and "Copy" putting exactly the
// filled source text on the clipboard — over http, from file://, and where
// navigator.clipboard is missing (plain http on a LAN address).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fill, open, primeClipboard, readClipboard, setup, templateSource } from './harness.mjs';

const PAGE = 'talk/incident-messages/index.html';
const SRC = 'talk/incident-messages.md';
const DRILL = 'ops/disk-read-only/index.html';

let h;
before(async () => {
  h = await setup();
});
after(async () => {
  await h?.close();
});

async function copyAndRead(page, card) {
  await primeClipboard(page);
  await card.getByRole('button', { name: 'Copy', exact: true }).click();
  await card.getByText('Copied').waitFor();
  return readClipboard(page);
}

for (const where of ['http', 'file']) {
  describe(`templates over ${where}`, () => {
    const url = (rel) => (where === 'http' ? h.base : h.fileBase) + rel;
    const context = (o) => (where === 'http' ? h.context(o) : h.fileContext(o));

    test('the card shows title, format, labelled fields and the text', async () => {
      const ctx = await context();
      const { page, problems } = await open(ctx, url(PAGE), h.origin);
      const gh = page.getByRole('region', { name: 'PR review comment' });
      await gh.getByText('github', { exact: true }).waitFor();
      const node = gh.getByLabel('Node name');
      assert.equal(await node.getAttribute('placeholder'), 'ip-10-0-3-17');
      await gh.getByLabel('Reviewer').waitFor();
      const slack = page.getByRole('region', { name: 'Slack heads-up' });
      await slack.getByText('slack', { exact: true }).waitFor();
      // A blank without a placeholders entry falls back to its name.
      await slack.getByLabel('owner').waitFor();
      // Labels follow the UI language.
      await page.getByRole('button', { name: '中文' }).click();
      await gh.getByLabel('节点名').waitFor();
      await gh.getByRole('button', { name: '复制', exact: true }).waitFor();
      await page.getByRole('button', { name: 'EN' }).click();
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    test('Copy says which blanks are still empty; Clear empties this card only; plain text drops the markup', async () => {
      const ctx = await context();
      const { page, problems } = await open(ctx, url(PAGE), h.origin);
      const gh = page.getByRole('region', { name: 'PR review comment' });
      const slack = page.getByRole('region', { name: 'Slack heads-up' });
      await slack.getByLabel('Team to notify').fill('@infra');
      await slack.getByLabel('owner').fill('lin');
      await gh.getByLabel('Reviewer').fill('@mei');
      // Node name is empty in both cards: the Slack copy names it.
      await primeClipboard(page);
      await slack.getByRole('button', { name: 'Copy', exact: true }).click();
      await slack.getByText('Copied — 1 blank still empty: node').waitFor();
      assert.match(await readClipboard(page), /\{\{node\}\}/);
      await gh.getByLabel('Reviewer').fill('');
      await gh.getByRole('button', { name: 'Copy', exact: true }).click();
      await gh.getByText('Copied — 2 blanks still empty: node, reviewer').waitFor();
      await gh.getByLabel('Reviewer').fill('@mei');

      // Clear: this card's fields and values go; the other card keeps its own.
      await gh.getByLabel('Node name').fill('ip-10-0-1-1');
      await gh.getByRole('button', { name: 'Clear' }).click();
      assert.equal(await gh.getByLabel('Node name').inputValue(), '');
      assert.equal(await gh.getByLabel('Reviewer').inputValue(), '');
      assert.match(await gh.locator('pre').textContent(), /\{\{reviewer\}\}/);
      assert.equal(await slack.getByLabel('Team to notify').inputValue(), '@infra');
      await page.reload();
      assert.equal(await page.getByRole('region', { name: 'PR review comment' }).getByLabel('Reviewer').inputValue(), '');
      assert.equal(await page.getByRole('region', { name: 'Slack heads-up' }).getByLabel('owner').inputValue(), 'lin');

      // Copy as plain text: no **bold**, no backticks, no task box.
      const card = page.getByRole('region', { name: 'PR review comment' });
      await card.getByLabel('Node name').fill('ip-10-0-9-9');
      await primeClipboard(page);
      await card.getByRole('button', { name: 'Copy as plain text' }).click();
      await card.getByText(/^Copied/).waitFor();
      const plain = await readClipboard(page);
      assert.ok(plain.startsWith('Retry without backoff on ip-10-0-9-9'), plain);
      assert.ok(plain.includes('  - add jitter, owner {{reviewer}}'), plain);
      assert.ok(plain.includes('{{ .Values.x }} and ${{ secrets.TOKEN }}'), plain);
      // In Chinese.
      await page.getByRole('button', { name: '中文' }).click();
      await card.getByRole('button', { name: '清空' }).waitFor();
      await page.getByRole('button', { name: 'EN' }).click();
      // A text-only format has nothing to strip: no such button.
      await page.goto(url('ops/disk-read-only/index.html'));
      const status = page.getByRole('region', { name: 'Quick status line' });
      await status.getByRole('button', { name: 'Clear' }).waitFor();
      assert.equal(await status.getByRole('button', { name: 'Copy as plain text' }).count(), 0);
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    test('typing fills text and preview live; Copy copies the exact filled source', async () => {
      const ctx = await context();
      const { page, problems } = await open(ctx, url(PAGE), h.origin);
      const gh = page.getByRole('region', { name: 'PR review comment' });
      const source = templateSource(SRC, 'PR review comment');

      // Nothing typed: the source itself, blanks as {{name}}, literal braces kept.
      assert.equal(await copyAndRead(page, gh), source);

      await gh.getByLabel('Node name').fill('ip-10-0-9-9');
      const text = gh.locator('pre');
      assert.match(await text.textContent(), /on `ip-10-0-9-9`/);
      const preview = gh.getByRole('group', { name: 'Preview' });
      await preview.getByText('ip-10-0-9-9').waitFor();
      await preview.getByText('{{reviewer}}').waitFor();

      // Reviewer left empty stays {{reviewer}}; the rest is exact.
      const copied = await copyAndRead(page, gh);
      assert.equal(copied, fill(source, { node: 'ip-10-0-9-9' }));
      assert.ok(copied.includes('{{reviewer}}'));
      assert.ok(copied.includes('{{ .Values.x }} and ${{ secrets.TOKEN }}'));
      assert.ok(copied.includes('\n  - [ ] add jitter'), 'indentation kept');
      assert.ok(!copied.includes('\r') && !copied.endsWith('\n'));

      // Typed values are text, never HTML.
      const evil = '<img src=x onerror="window.__pwned=1">';
      await gh.getByLabel('Reviewer').fill(evil);
      await preview.getByText(evil).waitFor();
      assert.equal(await page.evaluate(() => window.__pwned), undefined);
      assert.equal(await gh.locator('img').count(), 0);
      assert.equal(await copyAndRead(page, gh), fill(source, { node: 'ip-10-0-9-9', reviewer: evil }));

      // Clearing a field puts the blank back.
      await gh.getByLabel('Reviewer').fill('');
      assert.equal(await copyAndRead(page, gh), fill(source, { node: 'ip-10-0-9-9' }));
      assert.deepEqual(problems, []);
      await ctx.close();
    });

    test('a value typed once is there in the next template and on other pages', async () => {
      const ctx = await context();
      const { page, problems } = await open(ctx, url(PAGE), h.origin);
      const gh = page.getByRole('region', { name: 'PR review comment' });
      const slack = page.getByRole('region', { name: 'Slack heads-up' });
      await gh.getByLabel('Node name').fill('node-a');
      assert.equal(await slack.getByLabel('Node name').inputValue(), 'node-a');
      await slack.getByLabel('Team to notify').fill('@sre');
      const slackSource = templateSource(SRC, 'Slack heads-up');
      const expected = fill(slackSource, { node: 'node-a', team: '@sre' });
      assert.equal(await copyAndRead(page, slack), expected);
      assert.ok(expected.includes('<b>not html</b>') && expected.includes('\n    - indented line kept'));
      assert.ok(expected.endsWith('Owner: {{owner}}'));

      await page.reload();
      assert.equal(await slack.getByLabel('Team to notify').inputValue(), '@sre');
      assert.equal(await copyAndRead(page, slack), expected);

      await page.goto(url(DRILL));
      const status = page.getByRole('region', { name: 'Quick status line' });
      assert.equal(await status.getByLabel('Node name').inputValue(), 'node-a');
      assert.equal(
        await copyAndRead(page, status),
        fill(templateSource('ops/disk-read-only.md', 'Quick status line'), { node: 'node-a' }),
      );
      assert.deepEqual(problems, []);
      await ctx.close();
    });
  });
}

test('Copy falls back to execCommand where navigator.clipboard is missing or rejects', async () => {
  for (const stub of [
    // Plain http on a LAN address: no navigator.clipboard at all.
    () => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }),
    // A clipboard that refuses (no permission, document not focused).
    () =>
      Object.defineProperty(Navigator.prototype, 'clipboard', {
        get: () => ({ writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) }),
      }),
  ]) {
    const ctx = await h.browser.newContext();
    await ctx.addInitScript(stub);
    const { page, problems } = await open(ctx, h.base + PAGE, h.origin);
    const gh = page.getByRole('region', { name: 'PR review comment' });
    await gh.getByLabel('Node name').fill('lan-node');
    const copied = await copyAndRead(page, gh);
    assert.equal(copied, fill(templateSource(SRC, 'PR review comment'), { node: 'lan-node' }));
    assert.deepEqual(problems, []);
    await ctx.close();
  }
});
