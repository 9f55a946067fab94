// The whole site: navigation (home, modules, tags, breadcrumbs, prev/next),
// every page opening from file:// without JavaScript, no request to another
// host and no console error on any page, and screenshots for a human to look
// at (light, dark, 360 px) in $DRILLBOOK_SHOTS (default /tmp/shots).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SHOTS, open, setup } from './harness.mjs';

let h;
before(async () => {
  h = await setup();
});
after(async () => {
  await h?.close();
});

function htmlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return htmlFiles(p);
    return name.endsWith('.html') ? [p] : [];
  });
}

test('home lists modules with both titles and counts, and links the tag index', async () => {
  const ctx = await h.context();
  const { page, problems } = await open(ctx, h.base + 'index.html', h.origin);
  const main = page.getByRole('main');
  const ops = main.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Operations drills' }) });
  await ops.getByText('运维演练').waitFor();
  assert.match((await ops.textContent()).replace(/\s+/g, ' '), /2 drills · 0 templates · 0 guides/);
  const talk = main.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Incident talk' }) });
  assert.match((await talk.textContent()).replace(/\s+/g, ' '), /0 drills · 1 templates · 1 guides/);

  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Tags' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tags' }).waitFor();
  await page.getByRole('link', { name: 'logging' }).click();
  const listing = page.getByRole('main').getByRole('list').last();
  await listing.getByRole('link', { name: 'Logs fail on a read-only filesystem' }).waitFor();
  await listing.getByRole('link', { name: 'Incident messages' }).waitFor();
  await page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('link', { name: 'Home' }).click();
  await page.getByRole('heading', { name: 'Modules' }).waitFor();
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('module pages list pages by kind; pages show module, tags, level and prev/next', async () => {
  const ctx = await h.context();
  const { page, problems } = await open(ctx, h.base + 'talk/index.html', h.origin);
  await page.getByRole('heading', { level: 2, name: 'Templates' }).waitFor();
  await page.getByRole('heading', { level: 2, name: 'Guides' }).waitFor();
  assert.equal(await page.getByRole('heading', { level: 2, name: 'Drills' }).count(), 0);

  await page.goto(h.base + 'ops/index.html');
  await page.getByRole('main').getByRole('link', { name: 'Logs fail on a read-only filesystem' }).click();
  const meta = page.locator('article header');
  await meta.getByRole('link', { name: 'Operations drills' }).waitFor();
  await meta.getByRole('link', { name: 'ebs' }).waitFor();
  await meta.getByText('senior').waitFor();
  const crumbs = page.getByRole('navigation', { name: 'Breadcrumbs' });
  await crumbs.getByRole('link', { name: 'Operations drills' }).waitFor();

  await page.getByRole('link', { name: /Next\s+CPU throttling/ }).click();
  await page.getByRole('heading', { level: 1, name: 'CPU throttling with idle CPUs' }).waitFor();
  await page.getByRole('link', { name: /Previous\s+Logs fail/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Logs fail on a read-only filesystem' }).waitFor();
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('every page loads over http and from file:// with no error and no outside request', async () => {
  const pages = htmlFiles(h.out).map((p) => relative(h.out, p).split('\\').join('/'));
  assert.ok(pages.length >= 10, `pages: ${pages}`);
  for (const base of [h.base, h.fileBase]) {
    const ctx = base === h.base ? await h.context() : await h.fileContext();
    for (const rel of pages) {
      const { page, problems } = await open(ctx, base + rel, h.origin);
      await page.waitForLoadState('load');
      assert.deepEqual(problems, [], `${base}${rel}`);
      await page.close();
    }
    await ctx.close();
  }
});

test('from file:// without JavaScript every link opens a page, never a folder', async () => {
  const ctx = await h.browser.newContext({ javaScriptEnabled: false });
  const { page, problems } = await open(ctx, null, h.origin);
  const seen = new Set();
  const queue = [h.fileBase + 'index.html'];
  while (queue.length) {
    const url = queue.shift();
    if (seen.has(url)) continue;
    seen.add(url);
    await page.goto(url);
    assert.equal(await page.getByRole('main').count(), 1, `${url} is a site page`);
    const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.href));
    for (const href of hrefs) {
      const target = href.split('#')[0];
      if (!target) continue;
      assert.ok(target.startsWith(h.fileBase), `${url} links outside the site: ${href}`);
      assert.ok(target.endsWith('.html'), `${url} links to a folder: ${href}`);
      if (!seen.has(target)) queue.push(target);
    }
  }
  assert.ok(seen.size >= 10, `crawled ${seen.size} pages`);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('screenshots: drill and template pages, light, dark and 360 px', async () => {
  const shots = [
    ['drill', 'ops/disk-read-only/index.html'],
    ['template', 'talk/incident-messages/index.html'],
    ['home', 'index.html'],
  ];
  for (const colorScheme of ['light', 'dark']) {
    for (const [width, height, suffix] of [
      [1100, 900, ''],
      [360, 740, '-360'],
    ]) {
      const ctx = await h.context({ colorScheme, viewport: { width, height } });
      for (const [name, rel] of shots) {
        const { page, problems } = await open(ctx, h.base + rel, h.origin);
        if (name === 'drill') await page.getByRole('button', { name: 'Reveal answer' }).first().click();
        if (name === 'template') {
          await page.getByRole('region', { name: 'PR review comment' }).getByLabel('Node name').fill('ip-10-0-3-17');
        }
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${name} ${width}px scrolls sideways by ${overflow}px`);
        await page.screenshot({ path: join(SHOTS, `${name}-${colorScheme}${suffix}.png`), fullPage: true });
        assert.deepEqual(problems, []);
        await page.close();
      }
      await ctx.close();
    }
  }
  const ctx = await h.context();
  const { page } = await open(ctx, h.base + 'ops/disk-read-only/index.html', h.origin);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.getByText('Mitigate first: cordon and drain the node.').isVisible(), true, 'print shows answers');
  assert.equal(await page.getByRole('button', { name: 'Reveal answer' }).first().isVisible(), false, 'print hides controls');
  await page.screenshot({ path: join(SHOTS, 'drill-print.png'), fullPage: true });
  await ctx.close();
});
