// `drillbook serve` live reload in a real browser: the dev server (the real
// binary, `--port 0`) on a temporary copy of tests/fixtures/serve/, a drill
// page open in headless Chromium, and saves made to its Markdown on disk.
// Every wait is a poll with a deadline; every page fails its test on a
// console error or warning, an uncaught exception, a 4xx/5xx response or a
// request to another host (see `open()` in harness.mjs).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { SHOTS, open, startServe, until } from './harness.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const PAGE_MD = 'content/debug/read-only-logs.md';
const PAGE_URL = '/debug/read-only-logs/';
/** A sentence of the drill's visible "Tasks" list. */
const ORIGINAL = 'Give a three-sentence opening.';
const VIEWPORT = { width: 1000, height: 600 };
/** How long a save may take to show in the browser. */
const RELOAD_TIMEOUT = 10_000;

/** Makes the drill long enough to scroll: background notes after the rubric. */
function longPage(root) {
  const notes = Array.from(
    { length: 60 },
    (_, i) => `Background note ${i + 1}: the node's EBS volume is remounted read-only after I/O errors.`,
  );
  appendFileSync(join(root, PAGE_MD), `\n## Background\n\n${notes.join('\n\n')}\n`);
}

/** The page's `data-drillbook-*` state, or null while it navigates. */
async function live(page) {
  return page
    .evaluate(() => ({
      build: Number(document.documentElement.getAttribute('data-drillbook-build')),
      state: document.documentElement.getAttribute('data-drillbook-live'),
    }))
    .catch(() => null);
}

/** Waits until the page's live-reload client reports `connected`. */
async function connected(page, what = 'the live-reload client to connect') {
  return until(async () => {
    const s = await live(page);
    return s?.state === 'connected' && s;
  }, what, RELOAD_TIMEOUT);
}

/** Waits until `text` is visible on the page (across reloads). */
async function shows(page, text) {
  await until(() => page.getByText(text).first().isVisible(), `"${text}" to show`, RELOAD_TIMEOUT);
}

/** The text of <main>, or '' while the page navigates. */
async function mainText(page) {
  return page.locator('main').innerText({ timeout: 2_000 }).catch(() => '');
}


/** WCAG contrast of two `rgb(…)`/`rgba(…)` colours (alpha ignored: all opaque here). */
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, b_] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b_;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Text/background pairs of the overlay, read from getComputedStyle in its shadow root. */
async function overlayColours(page) {
  return page.evaluate(() => {
    const shadow = document.getElementById('drillbook-error-overlay').shadowRoot;
    const box = shadow.querySelector('.box');
    const bg = getComputedStyle(box).backgroundColor;
    const pairs = [];
    for (const sel of ['h1', '.summary', '.hint', 'pre', 'button']) {
      const el = shadow.querySelector(sel);
      const cs = getComputedStyle(el);
      const own = cs.backgroundColor;
      const back = own === 'rgba(0, 0, 0, 0)' ? bg : own;
      pairs.push({ sel, fg: cs.color, bg: back });
    }
    return pairs;
  });
}

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
  });
});
after(async () => {
  await browser?.close();
});

describe('drillbook serve: live reload in the browser', () => {
  // One server per test, so no test sees another's saves.
  let s;
  let ctx;
  const start = async (options) => {
    s = await startServe(options);
    ctx = await browser.newContext({ viewport: VIEWPORT });
    // A page load is local and small: a slow one is a hang, fail it early.
    ctx.setDefaultNavigationTimeout(10_000);
    return s;
  };
  const stop = async () => {
    await ctx?.close();
    await s?.close();
    ctx = s = undefined;
  };

  test('a save reloads the open page and keeps its scroll position', async (t) => {
    t.after(stop);
    await start({ prepare: longPage });
    // Without this Chromium itself restores the scroll position on reload;
    // the client must do it (after a rebuild the page may have changed).
    await ctx.addInitScript(() => {
      history.scrollRestoration = 'manual';
    });
    const { page, problems } = await open(ctx, s.origin + PAGE_URL, s.origin);
    await shows(page, ORIGINAL);
    const before = await connected(page);
    assert.ok(before.build > 0, `build number on <html>: ${before.build}`);

    await page.evaluate(() => window.scrollTo(0, 900));
    const y = await page.evaluate(() => window.scrollY);
    assert.ok(y > 500, `the page scrolls (scrollY ${y})`);

    const edited = 'Give a two-sentence opening for the incident channel.';
    s.write(PAGE_MD, s.read(PAGE_MD).replace(ORIGINAL, edited));
    await shows(page, edited);
    assert.equal(await page.getByText(ORIGINAL).count(), 0, 'the old sentence is gone');
    const afterSave = await connected(page);
    assert.ok(afterSave.build > before.build, `a new build (${before.build} → ${afterSave.build})`);
    // The client restores scrollY on load; allow for a few pixels.
    await until(async () => {
      const now = await page.evaluate(() => window.scrollY);
      return Math.abs(now - y) <= 20;
    }, `scrollY back near ${y}`, 5_000);
    assert.deepEqual(problems, []);
  });

  test('a broken save shows the error overlay over the last good page; the fix reloads', async (t) => {
    t.after(stop);
    await start();
    const { page, problems } = await open(ctx, s.origin + PAGE_URL, s.origin);
    await shows(page, ORIGINAL);
    const before = await connected(page);
    // Marks this document: it must survive the broken save (no reload).
    await page.evaluate(() => {
      window.__sameDocument = true;
    });

    const good = s.read(PAGE_MD);
    const lines = good.split('\n');
    const open_ = lines.indexOf('::: answer');
    const close = lines.indexOf(':::', open_);
    assert.ok(open_ >= 0 && close > open_, 'the fixture drill has a closed answer');
    // Unclose the answer, and change a sentence that must not show.
    const brokenLines = lines.filter((_, i) => i !== close);
    const broken = brokenLines.join('\n').replace(ORIGINAL, 'BROKEN sentence that must not be served.');
    s.write(PAGE_MD, broken);

    const overlay = page.getByRole('alertdialog', { name: 'Build error' });
    await overlay.waitFor({ state: 'visible', timeout: RELOAD_TIMEOUT });
    const text = await page.locator('#drillbook-error-text').innerText();
    const where = `content/debug/read-only-logs.md:${open_ + 1}:1`;
    assert.ok(text.includes(where), `the error names ${where}:\n${text}`);
    assert.match(text, /answer.*never closed/);
    assert.match(await overlay.innerText(), /last good version/);
    const during = await live(page);
    assert.equal(during.state, 'error');
    assert.equal(during.build, before.build, 'the page was not reloaded');
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'same document');
    // Underneath: still the last good page, in the tab and from the server.
    const under = await mainText(page);
    assert.ok(under.includes(ORIGINAL) && !under.includes('BROKEN'), under);
    const served = await (await fetch(s.origin + PAGE_URL)).text();
    assert.ok(served.includes(ORIGINAL) && !served.includes('BROKEN'), 'the server keeps the last good page');
    assert.match(s.log(), /never closed/, 'the terminal shows the error too');

    // A tab opened while the build is broken shows the error at once.
    const late = await open(ctx, s.origin + PAGE_URL, s.origin);
    const lateOverlay = late.page.getByRole('alertdialog', { name: 'Build error' });
    await lateOverlay.waitFor({ state: 'visible', timeout: RELOAD_TIMEOUT });
    assert.ok((await late.page.locator('#drillbook-error-text').innerText()).includes(where));
    assert.ok((await mainText(late.page)).includes(ORIGINAL));

    // "Hide" puts the overlay away, and the same status arriving again (the
    // leader's long-poll times out every 25 s and re-sends it over the
    // channel) does not bring it back.
    await overlay.getByRole('button', { name: 'Hide' }).click();
    assert.equal(await overlay.isVisible(), false, 'hidden');
    const again = await s.status();
    assert.ok(again.error, 'still broken');
    await late.page.evaluate((status) => new BroadcastChannel('drillbook-live').postMessage(status), again);
    await page.waitForTimeout(300); // nothing must happen; give the message time to arrive
    assert.equal(await overlay.isVisible(), false, 'a repeated status does not re-open the hidden overlay');
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'and does not reload');

    // The fix: the overlay goes away and the fixed content shows, in both tabs.
    const fixed = 'Give a fixed three-sentence opening.';
    s.write(PAGE_MD, good.replace(ORIGINAL, fixed));
    for (const p of [page, late.page]) {
      await shows(p, fixed);
      await connected(p);
      assert.equal(await p.getByRole('alertdialog', { name: 'Build error' }).count(), 0, 'no overlay');
      assert.equal(await p.getByText('BROKEN').count(), 0);
    }
    assert.equal(await page.evaluate(() => window.__sameDocument), undefined, 'the fix reloaded the page');
    assert.deepEqual(problems, []);
    assert.deepEqual(late.problems, []);
  });

  test('two tabs share one poller and both reload; the other tab takes over when the first closes', async (t) => {
    t.after(stop);
    await start();
    // The long-polls (`?since=N`) each tab made since its last load.
    const polls = new Map();
    const watch = (page) => {
      polls.set(page, []);
      page.on('request', (r) => {
        if (r.url().includes('/__drillbook/events?since=')) polls.get(page).push(r.url());
      });
      page.on('framenavigated', (f) => {
        if (f === page.mainFrame()) polls.set(page, []);
      });
    };
    const tabs = [];
    for (let i = 0; i < 2; i++) {
      const tab = await open(ctx, null, s.origin);
      watch(tab.page);
      await tab.page.goto(s.origin + PAGE_URL);
      await connected(tab.page);
      tabs.push(tab);
    }
    const pages = tabs.map((t) => t.page);
    /** The one tab that long-polls; the other must not poll at all. */
    const leader = async () => {
      const found = await until(() => {
        const polling = pages.filter((p) => !p.isClosed() && polls.get(p).length > 0);
        return polling.length === 1 && polling[0];
      }, 'exactly one tab long-polling');
      await new Promise((ok) => setTimeout(ok, 500));
      const polling = pages.filter((p) => !p.isClosed() && polls.get(p).length > 0);
      assert.deepEqual(polling, [found], 'only one tab long-polls');
      return found;
    };
    await leader();

    const first = 'Give a shared-channel opening.';
    s.write(PAGE_MD, s.read(PAGE_MD).replace(ORIGINAL, first));
    for (const p of pages) {
      await shows(p, first);
      await connected(p);
    }

    // Close whichever tab leads now; the other takes over the polling.
    const gone = await leader();
    const rest = pages.find((p) => p !== gone);
    await gone.close();
    const second = 'Give a handed-over opening.';
    s.write(PAGE_MD, s.read(PAGE_MD).replace(first, second));
    await shows(rest, second);
    await connected(rest);
    for (const tab of tabs) assert.deepEqual(tab.problems, []);
  });

  test('a save by writing x.md.tmp and renaming it over x.md reloads the page', async (t) => {
    t.after(stop);
    await start();
    const { page, problems } = await open(ctx, s.origin + PAGE_URL, s.origin);
    await shows(page, ORIGINAL);
    await connected(page);
    const renamed = 'Give a rename-saved opening.';
    s.saveByRename(PAGE_MD, s.read(PAGE_MD).replace(ORIGINAL, renamed));
    assert.equal(existsSync(s.path(PAGE_MD + '.tmp')), false);
    await shows(page, renamed);
    await connected(page);
    assert.equal(await page.getByRole('alertdialog', { name: 'Build error' }).count(), 0);
    // Another rename save of the same page, right after: picked up as well.
    const again = 'Give a twice-renamed opening.';
    s.saveByRename(PAGE_MD, s.read(PAGE_MD).replace(renamed, again));
    await shows(page, again);
    await connected(page);
    assert.deepEqual(problems, []);
  });

  test('the overlay is readable in light and dark, names each broken file once, and the theme cannot restyle it', async (t) => {
    t.after(stop);
    await start();
    for (const scheme of ['light', 'dark']) {
      const c = await browser.newContext({ viewport: VIEWPORT, colorScheme: scheme });
      try {
        const { page } = await open(c, s.origin + PAGE_URL, s.origin);
        if (scheme === 'light') {
          await connected(page);
          // Break the page: an unclosed answer.
          const lines = s.read(PAGE_MD).split('\n');
          const at = lines.indexOf(':::', lines.indexOf('::: answer'));
          s.write(PAGE_MD, lines.filter((_, i) => i !== at).join('\n'));
        }
        const overlay = page.getByRole('alertdialog', { name: 'Build error' });
        await overlay.waitFor({ state: 'visible', timeout: RELOAD_TIMEOUT });
        for (const { sel, fg, bg } of await overlayColours(page)) {
          const ratio = contrast(fg, bg);
          assert.ok(ratio >= 4.5, `${scheme} ${sel}: ${fg} on ${bg} is ${ratio.toFixed(2)}:1`);
        }
        const summary = await page.evaluate(() => document.getElementById('drillbook-error-overlay').shadowRoot.querySelector('.summary').textContent);
        // The file with the error, named once (the root is the temporary copy).
        assert.match(summary, /^1 error in \S*content\/debug\/read-only-logs\.md$/);
        mkdirSync(SHOTS, { recursive: true });
        await page.screenshot({ path: `${SHOTS}/overlay-${scheme}.png` });
      } finally {
        await c.close();
      }
    }
    assert.match(s.log(), /error: \S*content\/debug\/read-only-logs\.md: 1 error found; still serving the last good site/);
  });

  test('a failed first build says there is no last good site, in the page and in the terminal', async (t) => {
    t.after(stop);
    await start({
      prepare: (root) => {
        const md = join(root, PAGE_MD);
        const lines = readFileSync(md, 'utf8').split('\n');
        const at = lines.indexOf(':::', lines.indexOf('::: answer'));
        writeFileSync(md, lines.filter((_, i) => i !== at).join('\n'));
      },
    });
    const { page } = await open(ctx, s.origin + PAGE_URL, s.origin);
    const overlay = page.getByRole('alertdialog', { name: 'Build error' });
    await overlay.waitFor({ state: 'visible', timeout: RELOAD_TIMEOUT });
    assert.match(await overlay.innerText(), /the first build failed — fix it and this page reloads/);
    assert.doesNotMatch(await overlay.innerText(), /last good version is underneath/);
    await overlay.getByRole('button', { name: 'Hide' }).click();
    await page.getByRole('heading', { level: 1, name: 'The first build failed' }).waitFor();
    assert.match(s.log(), /the first build failed, so there is no last good site yet/);
    assert.doesNotMatch(s.log(), /still serving the last good site/);
  });

  test('pages under serve load in fresh tabs, with no request to another host and no error', async (t) => {
    t.after(stop);
    await start();
    // Fresh contexts, so each load opens new connections at once (a burst
    // of them once hung on tiny_http's connection pool; see serve/http.rs).
    for (const round of [1, 2]) {
      for (const path of ['/', '/debug/', PAGE_URL, '/expression/heads-up/', '/tags/']) {
        const fresh = await browser.newContext({ viewport: VIEWPORT });
        fresh.setDefaultNavigationTimeout(10_000);
        try {
          const { page, problems } = await open(fresh, s.origin + path, s.origin);
          await connected(page, `the client on ${path}`);
          const live = page.locator('script[src^="/__drillbook/live.js?v="]');
          assert.equal(await live.count(), 1, `${path}: one live-reload script`);
          assert.deepEqual(problems, [], `${path} (round ${round})`);
        } finally {
          await fresh.close();
        }
      }
    }
  });
});
