// Publishing on a static host: the reader fixture built with an absolute
// base_url (the address of a node:http server that, like GitHub Pages or
// nginx's `error_page 404`, answers any missing path with 404.html). The
// 404 page must load every style and script and lead home from any depth;
// pages carry their canonical link and the sitemap lists them.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { chromium } from 'playwright-core';
import { FIXTURE, SHOTS, SUB_PATH, debugBinary } from './harness.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
};

let server, origin, base, work, browser;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'drillbook-publish-'));
  const out = join(work, 'public');
  server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    path = path.startsWith(SUB_PATH) ? path.slice(SUB_PATH.length) : null;
    if (path !== null && (path === '' || path.endsWith('/'))) path += 'index.html';
    const file = path === null ? null : normalize(join(out, path));
    if (!file || !file.startsWith(out + sep) || !existsSync(file) || statSync(file).isDirectory()) {
      // What a static host does: its 404 page, whatever the depth.
      res.writeHead(404, { 'content-type': TYPES['.html'] });
      res.end(readFileSync(join(out, '404.html')));
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${server.address().port}`;
  base = origin + SUB_PATH;
  // The handbook learns where it will live before it is built.
  const root = join(work, 'handbook');
  cpSync(FIXTURE, root, { recursive: true });
  const toml = readFileSync(join(root, 'book.toml'), 'utf8').replace(/^base_url = .*$/m, `base_url = "${base}"`);
  writeFileSync(join(root, 'book.toml'), toml);
  const run = spawnSync(debugBinary(), ['build', '--root', root, '--out', out], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
  if (work) rmSync(work, { recursive: true, force: true });
});

for (const depth of ['missing', 'a/b/c/missing/', 'debug/nope/deeper/still/']) {
  test(`the 404 page keeps its styles and links at ${depth}`, async () => {
    const page = await browser.newPage();
    const failed = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    page.on('response', (r) => {
      if (r.status() >= 400 && r.request().resourceType() !== 'document') failed.push(`${r.status()} ${r.url()}`);
    });
    page.on('pageerror', (e) => failed.push(String(e)));
    const response = await page.goto(base + depth);
    assert.equal(response.status(), 404);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(failed, []);
    // The theme's stylesheet applied: the header is laid out by it.
    const styled = await page.evaluate(() =>
      [...document.styleSheets].some((s) => s.href && s.href.endsWith('/static/style.css') && s.cssRules.length > 10),
    );
    assert.ok(styled, 'style.css loaded and parsed');
    await page.locator('main a').first().click();
    await page.waitForLoadState();
    assert.equal(page.url(), base + 'index.html');
    if (depth === 'a/b/c/missing/') await page.goto(base + depth).then(() => page.screenshot({ path: join(SHOTS, '404-deep.png') }));
    await page.close();
  });
}

test('"Skip to content" on the 404 page stays on it and focuses the main content', async () => {
  const page = await browser.newPage();
  const missing = base + 'debug/nope/deeper/';
  assert.equal((await page.goto(missing)).status(), 404);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(100);
  assert.equal(page.url(), missing, 'the <base> did not send the reader home');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  await page.close();
});

test('pages name their canonical URL and the sitemap lists them', async () => {
  const page = await browser.newPage();
  await page.goto(base + 'index.html');
  assert.equal(await page.locator('link[rel=canonical]').getAttribute('href'), base);
  const sitemap = await (await fetch(base + 'sitemap.xml')).text();
  const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
  assert.ok(locs.length > 5, sitemap);
  assert.equal(new Set(locs).size, locs.length);
  for (const loc of locs.slice(0, 8)) {
    assert.ok(loc.startsWith(base), loc);
    const res = await page.goto(loc);
    assert.equal(res.status(), 200, loc);
    assert.equal(await page.locator('link[rel=canonical]').getAttribute('href'), loc);
  }
  await page.close();
});
