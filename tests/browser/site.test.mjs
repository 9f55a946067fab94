// The whole site: navigation (home, modules, tags, breadcrumbs, prev/next),
// every page opening from file:// without JavaScript, no request to another
// host and no console error on any page, and screenshots for a human to look
// at (light, dark, 360 px) in $DRILLBOOK_SHOTS (default /tmp/shots); the book
// navigation (sidebar, on this page, phone drawer), print pages, plurals, and
// page weight that stays flat from 40 to 10,000 pages.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO, SHOTS, open, setup } from './harness.mjs';

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
  assert.match((await talk.textContent()).replace(/\s+/g, ' '), /0 drills · 1 template · 1 guide/);

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

const PAGES = {
  drill: ['ops/disk-read-only/index.html', 'Logs fail on a read-only filesystem', 'Operations drills'],
  template: ['talk/incident-messages/index.html', 'Incident messages', 'Incident talk'],
  guide: ['talk/phrase-guide/index.html', 'How to use the phrase banks', 'Incident talk'],
};

for (const where of ['http', 'file']) {
  test(`over ${where}: the sidebar lists the book and marks the current page on a drill, a template and a guide`, async () => {
    const ctx = where === 'http' ? await h.context() : await h.fileContext();
    for (const [kind, [rel, title, module]] of Object.entries(PAGES)) {
      const base = where === 'http' ? h.base : h.fileBase;
      const { page, problems } = await open(ctx, base + rel, h.origin);
      const nav = page.getByRole('navigation', { name: 'Book contents' });
      await nav.waitFor();
      const current = nav.locator('[aria-current="page"]');
      assert.equal(await current.count(), 1, `${kind}: one current page`);
      assert.equal((await current.textContent()).trim(), title);
      const box = await current.boundingBox();
      assert.ok(box && box.y >= 0 && box.y < 900, `${kind}: the current page is in view (${box && box.y})`);
      // Its module is open and lists its pages in order; the other module is collapsed.
      const toggle = nav.getByRole('button', { name: `Show or hide the pages of ${module}` });
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
      if (kind === 'drill') {
        const links = await nav.locator('#nav-m-ops a').allTextContents();
        assert.deepEqual(links, ['Logs fail on a read-only filesystem', 'CPU throttling with idle CPUs']);
        const other = nav.getByRole('button', { name: 'Show or hide the pages of Incident talk' });
        assert.equal(await other.getAttribute('aria-expanded'), 'false');
        // Opening a module is remembered on the next page.
        await other.click();
        await nav.getByRole('link', { name: 'Incident messages' }).waitFor();
        await nav.getByRole('link', { name: 'CPU throttling with idle CPUs' }).click();
        const next = page.getByRole('navigation', { name: 'Book contents' });
        await next.locator('[aria-current="page"]').getByText('CPU throttling with idle CPUs').waitFor();
        assert.equal(await next.getByRole('button', { name: 'Show or hide the pages of Incident talk' }).getAttribute('aria-expanded'), 'true');
        await next.getByRole('button', { name: 'Show or hide the pages of Incident talk' }).click();
      }
      if (kind === 'template') assert.equal(await nav.locator('.nav-kind-t').count(), 1, 'templates are marked');
      if (kind === 'guide') assert.equal(await nav.locator('.nav-kind-g').count(), 1, 'guides are marked');
      assert.deepEqual(problems, [], `${kind} over ${where}`);
      await page.close();
    }
    await ctx.close();
  });
}

test('"On this page" lists the h2/h3 headings, answer and rubric included, jumps to them and follows the reading', async () => {
  const ctx = await h.context({ viewport: { width: 1400, height: 800 } });
  const { page, problems } = await open(ctx, h.base + PAGES.drill[0], h.origin);
  const toc = page.getByRole('navigation', { name: 'On this page' });
  await toc.waitFor();
  const items = await toc.getByRole('link').allTextContents();
  assert.deepEqual(items.slice(0, 6), ['Scenario', 'Tasks', 'Model answer', 'Model answer', 'Self-check', 'Quick status line']);
  await toc.getByRole('link', { name: 'Self-check' }).click();
  await page.waitForFunction(() => location.hash === '#rubric-1-title');
  const top = await page.locator('#rubric-1-title').evaluate((e) => e.getBoundingClientRect().top);
  assert.ok(top >= -2 && top < 200, `the heading is at the top (${top})`);
  await page.waitForFunction(() => document.querySelector('.page-toc a.is-current')?.textContent === 'Self-check');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForFunction(() => document.querySelector('.page-toc a.is-current')?.textContent === 'Scenario');
  // The 中文 UI translates the generated titles.
  await page.getByRole('group', { name: 'Interface language' }).getByRole('button', { name: '中文' }).click();
  await page.getByRole('navigation', { name: '本页内容' }).getByRole('link', { name: '参考答案' }).first().waitFor();
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('on a phone: a small header, search one tap away, and the drawer traps focus and closes with Esc', async () => {
  for (const where of ['http', 'file']) {
    const ctx = where === 'http'
      ? await h.context({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true })
      : await h.fileContext({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
    const { page, problems } = await open(ctx, (where === 'http' ? h.base : h.fileBase) + PAGES.drill[0], h.origin);
    const header = await page.locator('.site-header').boundingBox();
    assert.ok(header.height <= 740 / 5, `header ${header.height}px`);
    const search = page.getByRole('combobox', { name: 'Search' });
    assert.equal(await search.isVisible(), false, 'the search box waits behind a button');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    assert.equal(await search.evaluate((e) => e === document.activeElement), true, 'one tap focuses it');
    await page.keyboard.press('Escape');

    const menu = page.getByRole('button', { name: 'Menu', exact: true });
    await menu.click();
    const drawer = page.getByRole('dialog', { name: 'Book' });
    await drawer.waitFor();
    assert.equal(await menu.getAttribute('aria-expanded'), 'true');
    await drawer.locator('[aria-current="page"]').getByText(PAGES.drill[1]).waitFor();
    // Tab around: focus never leaves the drawer.
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press(i % 7 === 6 ? 'Shift+Tab' : 'Tab');
      const inside = await page.evaluate(() => document.getElementById('book-nav').contains(document.activeElement));
      assert.ok(inside, `focus left the drawer after ${i + 1} presses`);
    }
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    assert.equal(await menu.evaluate((e) => e === document.activeElement), true, 'focus back on the menu button');
    assert.equal(await menu.getAttribute('aria-expanded'), 'false');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `scrolls sideways by ${overflow}px`);
    assert.deepEqual(problems, [], where);
    await ctx.close();
  }
});

test('the print pages hold every drill answer, notes and templates expanded, with in-document links and no control', async () => {
  const ctx = await h.context();
  const { page, problems } = await open(ctx, h.base + 'index.html', h.origin);
  await page.getByRole('link', { name: 'Print the whole handbook' }).click();
  await page.waitForURL(/\/print\/index\.html$/);
  const main = page.locator('main');
  for (const answer of ['The filesystem under the logs went read-only.', 'Mitigate first: cordon and drain the node.']) {
    assert.equal(await main.getByText(answer).isVisible(), true, answer);
  }
  await main.getByText('第二段中文笔记：缓解和根治要分开说。').waitFor({ state: 'visible' });
  await main.getByText('Owner:', { exact: false }).first().waitFor({ state: 'visible' });
  assert.equal(await page.locator('main button, main input, main select, main textarea, main form').count(), 0, 'no control');
  // A table of contents, and every page's ids unique.
  const toc = page.getByRole('navigation', { name: 'Contents' });
  for (const [, title] of Object.values(PAGES)) await toc.getByRole('link', { name: title }).waitFor();
  const dupes = await page.evaluate(() => {
    const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
    return ids.filter((id, i) => ids.indexOf(id) !== i);
  });
  assert.deepEqual(dupes, []);
  // Links between pages point inside the document.
  const hrefs = await main.locator('.page-body a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const href of hrefs) {
    if (href.startsWith('#')) assert.ok(await page.locator(href).count() === 1, `${href} has a target`);
  }
  await toc.getByRole('link', { name: 'CPU throttling with idle CPUs' }).click();
  assert.match(page.url(), /#p\d+$/);
  // A page break before each drill when printed.
  await page.emulateMedia({ media: 'print' });
  const breaks = await page.locator('article.page-drill').evaluateAll((as) => as.map((a) => getComputedStyle(a).breakBefore));
  assert.ok(breaks.length >= 2 && breaks.every((b) => b === 'page'), `break-before: ${breaks}`);
  assert.equal(await main.getByText('The filesystem under the logs went read-only.').isVisible(), true);
  // One per module, too.
  await page.emulateMedia({ media: 'screen' });
  await page.goto(h.base + 'talk/index.html');
  await page.getByRole('link', { name: 'Print this module' }).click();
  await page.waitForURL(/\/print\/talk\/index\.html$/);
  await page.locator('main').getByText('Heads-up', { exact: false }).first().waitFor();
  assert.equal(await page.locator('main').getByText('The filesystem under the logs went read-only.').count(), 0);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('counts use the right plural in English and the right form in Chinese', async () => {
  const ctx = await h.context();
  const { page, problems } = await open(ctx, h.base + 'index.html', h.origin);
  const card = (name) => page.getByRole('main').getByRole('listitem').filter({ has: page.getByRole('link', { name }) });
  const counts = async (name) => (await card(name).locator('.counts').textContent()).replace(/\s+/g, ' ').trim();
  assert.equal(await counts('Incident talk'), '0 drills · 1 template · 1 guide');
  assert.equal(await counts('Operations drills'), '2 drills · 0 templates · 0 guides');
  await page.getByRole('group', { name: 'Interface language' }).getByRole('button', { name: '中文' }).click();
  assert.equal(await counts('事故沟通'), '0 个演练 · 1 个模板 · 1 篇指南');
  // Chinese labels never break inside a word at 360 px.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(h.base + PAGES.drill[0]);
  const broken = await page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('.page-meta dt, .page-meta .kind, .page-meta .level, .breadcrumbs a, .switch span, .nav-kind, button:not(:has(.visually-hidden))')) {
      if (!el.offsetParent || !/[\u4e00-\u9fff]{2}/.test(el.textContent)) continue;
      const lines = new Set([...el.getClientRects()].map((r) => Math.round(r.top)));
      const range = document.createRange();
      range.selectNodeContents(el);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (tops.size > 1 && el.textContent.trim().length <= 6) out.push(el.textContent.trim());
      void lines;
    }
    return out;
  });
  assert.deepEqual(broken, [], 'labels broken across lines');
  assert.deepEqual(problems, []);
  await ctx.close();
});

/** A synthetic handbook of `n` small pages in two modules (search off: page weight only). */
function synthetic(n) {
  const root = mkdtempSync(join(tmpdir(), `drillbook-weight-${n}-`));
  writeFileSync(join(root, 'book.toml'), `[book]\ntitle = "Weight"\ntitle_zh = "重量"\n\n[search]\nenabled = false\n\n` +
    '[[modules]]\nid = "ops"\ntitle = "Ops"\ntitle_zh = "运维"\n\n[[modules]]\nid = "talk"\ntitle = "Talk"\ntitle_zh = "沟通"\n');
  for (const m of ['ops', 'talk']) mkdirSync(join(root, 'content', m), { recursive: true });
  for (let i = 0; i < n; i++) {
    const id = String(i).padStart(5, '0');
    const m = i % 2 ? 'talk' : 'ops';
    const kind = i % 10 === 7 ? 'template' : i % 10 === 9 ? 'guide' : 'drill';
    writeFileSync(join(root, 'content', m, `p${id}.md`), `---\ntitle: Page ${id}\ntitle_zh: 页面 ${id}\nkind: ${kind}\n` +
      `tags: [t${String(i % 40).padStart(2, '0')}]\norder: ${i}\n---\n\n## Scenario\n\nA disk went read-only on node ${id}.\n\n` +
      '::: zh\n中文笔记。\n:::\n\n::: answer\nRemount and drain.\n:::\n');
  }
  return root;
}

test('a page weighs the same at 10,000 pages as at 40; listings stay under 200 kB', async () => {
  const bin = ['release', 'debug'].map((p) => join(REPO, 'target', p, 'drillbook'))
    .filter((p) => { try { return statSync(p).isFile(); } catch { return false; } })
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  const sizes = {};
  const roots = [];
  try {
    for (const n of [40, 10_000]) {
      const root = synthetic(n);
      roots.push(root);
      const out = join(root, 'public');
      const run = spawnSync(bin, ['build', '--root', root, '--out', out], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const size = (rel) => statSync(join(out, rel)).size;
      sizes[n] = { page: size('ops/p00002/index.html'), template: size('ops/p00000/index.html'), module: size('ops/index.html') };
      if (n === 10_000) {
        const listings = [
          ...readdirSync(join(out, 'ops')).filter((f) => f.endsWith('.html')).map((f) => `ops/${f}`),
          ...readdirSync(join(out, 'tags', 't00')).map((f) => `tags/t00/${f}`),
          'index.html', 'tags/index.html',
        ];
        for (const rel of listings) assert.ok(size(rel) <= 200_000, `${rel}: ${size(rel)} bytes`);
        assert.ok(listings.length >= 50, `paginated: ${listings.length} listing files`);
        const toc = readFileSync(join(out, 'static', 'toc.js'), 'utf8');
        assert.ok(toc.includes('["p09998","Page 09998"'), 'the shared table of contents names every page');
        // The sidebar draws a window of the 5,000-page module around the
        // current page, and a button where pages are left out draws them all.
        const ctx = await h.fileContext();
        const { page, problems } = await open(ctx, pathToFileURL(join(out, 'ops', 'p05000', 'index.html')).href, h.origin);
        const links = page.locator('#book-nav .nav-pages .nav-page');
        const drawn = await links.count();
        assert.ok(drawn > 50 && drawn <= 150, `${drawn} pages drawn`);
        assert.equal(await page.locator('#book-nav .nav-page[aria-current="page"]').textContent(), 'Page 05000');
        const more = page.locator('#book-nav .nav-more');
        assert.equal(await more.count(), 2, 'a button above and below the window');
        assert.equal(await more.first().textContent(), 'Show all 5000 pages');
        await more.last().click();
        assert.equal(await links.count(), 5000);
        assert.equal(await page.locator('#book-nav .nav-page[aria-current="page"]').count(), 1);
        assert.deepEqual(problems, []);
        await ctx.close();
      }
    }
  } finally {
    for (const r of roots) rmSync(r, { recursive: true, force: true });
  }
  for (const k of ['page', 'template']) {
    const [small, big] = [sizes[40][k], sizes[10_000][k]];
    assert.ok(Math.abs(big - small) <= small * 0.05, `${k}: ${small} bytes at 40 pages, ${big} at 10,000`);
  }
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
        if (name === 'drill') {
          // The book navigation: the sidebar (wide) or the drawer (phone).
          if (width < 1024) {
            await page.getByRole('button', { name: 'Menu', exact: true }).click();
            await page.getByRole('dialog', { name: 'Book' }).waitFor();
            await page.screenshot({ path: join(SHOTS, `drawer-${colorScheme}${suffix}.png`) });
            await page.keyboard.press('Escape');
          } else {
            await page.evaluate(() => window.scrollTo(0, 0));
            await page.screenshot({ path: join(SHOTS, `sidebar-${colorScheme}${suffix}.png`) });
          }
          // Search results with their excerpts.
          await page.evaluate(() => window.scrollTo(0, 0));
          if (width < 640) await page.getByRole('button', { name: 'Search', exact: true }).click();
          await page.getByRole('combobox', { name: 'Search' }).fill('cordon');
          await page.getByRole('listbox', { name: 'Search results' }).getByRole('option').first().waitFor();
          await page.screenshot({ path: join(SHOTS, `search-${colorScheme}${suffix}.png`) });
        }
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
