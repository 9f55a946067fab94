// Browser-test harness: builds the fixture handbook tests/fixtures/reader/
// with the drillbook binary into a temporary directory, serves it under a
// sub-path over http://127.0.0.1:<free port>/ with a tiny node:http static
// server, and launches Debian's headless Chromium through playwright-core.
// Every page opened through `open()` records console errors, page errors,
// failed or 4xx/5xx responses and any request to another host.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURE = join(REPO, 'tests', 'fixtures', 'reader');
export const SHOTS = process.env.DRILLBOOK_SHOTS || '/tmp/shots';
/** The site is served below this sub-path, to prove links are relative. */
export const SUB_PATH = '/sub/handbook/';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

function binary() {
  const candidates = ['release', 'debug']
    .map((p) => join(REPO, 'target', p, 'drillbook'))
    .filter((p) => existsSync(p))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (candidates.length) return candidates[0];
  const built = spawnSync('cargo', ['build'], { cwd: REPO, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('cargo build failed');
  return join(REPO, 'target', 'debug', 'drillbook');
}

/** Builds a fixture handbook (the reader's by default); returns the output directory. */
export function buildFixture(fixture = FIXTURE) {
  const out = mkdtempSync(join(tmpdir(), 'drillbook-reader-'));
  const run = spawnSync(binary(), ['build', '--root', fixture, '--out', out], {
    cwd: REPO,
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    throw new Error(`drillbook build failed (${run.status}):\n${run.stderr}${run.stdout}`);
  }
  return out;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serves `dir` at SUB_PATH on 127.0.0.1; resolves to { server, origin, base }. */
export function serve(dir) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let path = decodeURIComponent(url.pathname);
    if (!path.startsWith(SUB_PATH)) {
      res.writeHead(404).end('outside the sub-path');
      return;
    }
    path = path.slice(SUB_PATH.length);
    if (path === '' || path.endsWith('/')) path += 'index.html';
    const file = normalize(join(dir, path));
    if (!file.startsWith(dir + sep) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => {
    server.listen(0, '127.0.0.1', () => {
      const origin = `http://127.0.0.1:${server.address().port}`;
      ok({ server, origin, base: origin + SUB_PATH });
    });
  });
}

/** Everything one test file needs; call `close()` in `after`.
 * `fixture`: another handbook to build instead of the reader's. */
export async function setup({ fixture } = {}) {
  const out = buildFixture(fixture);
  const { server, origin, base } = await serve(out);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
  });
  const fileBase = pathToFileURL(out + sep).href;
  mkdirSync(SHOTS, { recursive: true });
  return {
    out,
    origin,
    base,
    fileBase,
    browser,
    /** A fresh context; clipboard permissions granted for the http origin. */
    async context(options = {}) {
      const ctx = await browser.newContext(options);
      await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
      return ctx;
    },
    async fileContext(options = {}) {
      const ctx = await browser.newContext(options);
      await ctx.grantPermissions(['clipboard-read', 'clipboard-write']);
      return ctx;
    },
    async close() {
      await browser.close();
      await new Promise((ok) => server.close(ok));
      rmSync(out, { recursive: true, force: true });
    },
  };
}

/** True for URLs that stay inside the site (or the page itself). */
export function isLocal(url, origin) {
  return (
    url.startsWith(origin + '/') ||
    url.startsWith('file://') ||
    url.startsWith('data:') ||
    url.startsWith('blob:') ||
    url === 'about:blank'
  );
}

/**
 * Opens `url` in a new page of `ctx` and records problems: console errors,
 * uncaught exceptions, failed and 4xx/5xx responses, and requests to any
 * other host (which are aborted, so none leaves the machine).
 */
export async function open(ctx, url, origin) {
  const problems = [];
  const page = await ctx.newPage();
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (isLocal(u, origin)) return route.continue();
    problems.push(`request to another host: ${u}`);
    return route.abort();
  });
  page.on('request', (r) => {
    if (!isLocal(r.url(), origin)) problems.push(`request to another host: ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    // ERR_ABORTED is the browser dropping a request when the page navigates
    // away (a reload while the favicon loads); 4xx and other hosts are caught above.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  if (url) await page.goto(url);
  return { page, problems };
}

/**
 * Reads the clipboard back exactly, the way a reader would: paste into a
 * fresh textarea with the keyboard (works over http and from file://), and
 * cross-check with navigator.clipboard.readText() where it is available.
 */
export async function readClipboard(page) {
  await page.evaluate(() => {
    const t = document.createElement('textarea');
    t.id = '__pastebin';
    t.setAttribute('aria-label', 'paste bin');
    document.body.appendChild(t);
    t.focus();
  });
  await page.keyboard.press('ControlOrMeta+V');
  const pasted = await page.locator('#__pastebin').inputValue();
  await page.evaluate(() => document.getElementById('__pastebin').remove());
  const read = await page
    .evaluate(() => (navigator.clipboard && window.isSecureContext ? navigator.clipboard.readText() : null))
    .catch(() => null);
  if (read !== null && read !== pasted) {
    throw new Error(`clipboard disagrees: pasted ${JSON.stringify(pasted)}, read ${JSON.stringify(read)}`);
  }
  return pasted;
}

/** Puts known text on the clipboard (with the keyboard, as a reader would),
 * so a copy that silently did nothing is caught. */
export async function primeClipboard(page, text = '__nothing copied__') {
  await page.evaluate((text) => {
    const t = document.createElement('textarea');
    t.id = '__primer';
    t.value = text;
    document.body.appendChild(t);
    t.focus();
    t.select();
  }, text);
  await page.keyboard.press('ControlOrMeta+C');
  await page.evaluate(() => document.getElementById('__primer').remove());
}

/** The verbatim body of `::: template <format> "<title>"` in a fixture page. */
export function templateSource(rel, title) {
  const text = readFileSync(join(FIXTURE, 'content', rel), 'utf8').replace(/\r\n/g, '\n');
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^:{3,}\s*template\b/.test(l) && l.includes(`"${title}"`));
  if (start < 0) throw new Error(`no template "${title}" in ${rel}`);
  const end = lines.findIndex((l, i) => i > start && /^:{3,}\s*$/.test(l));
  return lines.slice(start + 1, end).join('\n');
}

/** Fills blanks the way the product promises: only `{{name}}` with an ASCII name. */
export function fill(source, values) {
  return source.replace(/\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}/g, (m, name) =>
    name in values && values[name] !== '' ? values[name] : m,
  );
}

// ---------------------------------------------------------------------------
// `drillbook serve` for the live-reload tests (live.test.mjs): the real dev
// server on a temporary copy of a fixture handbook. Import declarations are
// hoisted, so these extra imports work from here.
import { spawn as spawnChild } from 'node:child_process';
import { cpSync, renameSync, writeFileSync } from 'node:fs';

/** The fixture the Rust serve tests use too (two modules, two drills). */
export const SERVE_FIXTURE = join(REPO, 'tests', 'fixtures', 'serve');

/** target/debug/drillbook (built first if it is missing), or $DRILLBOOK_BIN. */
export function debugBinary() {
  if (process.env.DRILLBOOK_BIN) return process.env.DRILLBOOK_BIN;
  const bin = join(REPO, 'target', 'debug', 'drillbook');
  if (!existsSync(bin)) {
    const built = spawnSync('cargo', ['build'], { cwd: REPO, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('cargo build failed');
  }
  return bin;
}

/**
 * Polls `check` (async, may throw while a page navigates) until it returns a
 * truthy value, which is returned; fails with `what` after `timeout` ms.
 */
export async function until(check, what, timeout = 10_000, interval = 100) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${last})`);
    }
    await new Promise((ok) => setTimeout(ok, interval));
  }
}

/**
 * Starts `drillbook serve --port 0 --root <tmp>/book` on a copy of `fixture`
 * (changed first by `prepare(root)`) and reads the URL it prints. Resolves to
 * { origin, root, log(), path(rel), read(rel), write(rel, text),
 *   saveByRename(rel, text), status(), close() }; `close()` stops the
 * process and removes the temporary directory.
 */
export async function startServe({ fixture = SERVE_FIXTURE, prepare, args = [], timeout = 60_000 } = {}) {
  const tmp = mkdtempSync(join(tmpdir(), 'drillbook-serve-'));
  const root = join(tmp, 'book');
  cpSync(fixture, root, { recursive: true });
  if (prepare) prepare(root);
  const child = spawnChild(debugBinary(), ['serve', '--port', '0', '--root', root, ...args], {
    cwd: tmp,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let log = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (d) => {
      log += d;
    });
  }
  const exited = new Promise((ok) => child.once('exit', ok));
  let origin;
  try {
    origin = await until(
      () => {
        if (child.exitCode !== null) throw new Error(`serve exited (${child.exitCode}):\n${log}`);
        return /Serving on (http:\/\/127\.0\.0\.1:\d+)\//.exec(log)?.[1];
      },
      'the "Serving on" line',
      timeout,
      50,
    );
  } catch (e) {
    child.kill('SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`${e.message}\n${log}`);
  }
  const path = (rel) => join(root, rel);
  return {
    origin,
    root,
    pid: child.pid,
    log: () => log,
    path,
    read: (rel) => readFileSync(path(rel), 'utf8'),
    write: (rel, text) => writeFileSync(path(rel), text),
    /** Saves the way many editors do: a temporary file renamed over the page. */
    saveByRename(rel, text, suffix = '.tmp') {
      writeFileSync(path(rel) + suffix, text);
      renameSync(path(rel) + suffix, path(rel));
    },
    /** The server's current {version, error}, at once. */
    async status() {
      const r = await fetch(`${origin}/__drillbook/events`, { cache: 'no-store' });
      return r.json();
    },
    async close() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
