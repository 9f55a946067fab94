// Search latency and bytes in headless Chromium (optional part of run.sh).
//
// For each site (`--site name=DIR`), serves DIR on 127.0.0.1 (gzip for text and
// wasm, as a normal web server would), and for each query opens the home page
// in a fresh browser context (cold cache), focuses the search box (`/`, else
// the first search input), types the query and measures, in the page's clock:
//   latency_ms  from the last keystroke (keydown, or beforeinput for a character
//               typed as text, as every CJK one is) to the first DOM change that adds a link
//               (a result), and settled_ms to the last such change in 1.5 s;
//   query_bytes bytes transferred (headers + encoded bodies, workers included)
//               for requests made from focusing the box on.
// `--reps N` types each query N times (fresh context each time); the medians
// are then over every run, which a machine shared with other work needs.
// Prints JSON on stdout. Needs playwright-core (bench/.tools) and /usr/bin/chromium.
import { createRequire } from "node:module";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, ".tools", "node_modules", "x.js"));
const { chromium } = require("playwright-core");

const args = process.argv.slice(2);
const sites = [];
let queries = ["backoff", "overlay", "rollback", "回滚", "只读"];
let chromePath = "/usr/bin/chromium";
let reps = 1;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--site") {
    const [name, dir] = args[++i].split(/=(.*)/s);
    sites.push({ name, dir: path.resolve(dir) });
  } else if (args[i] === "--queries") queries = args[++i].split(",");
  else if (args[i] === "--chromium") chromePath = args[++i];
  else if (args[i] === "--reps") reps = Math.max(1, parseInt(args[++i], 10) || 1);
  else throw new Error(`unknown option ${args[i]}`);
}

const MIME = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".css": "text/css", ".json": "application/json", ".wasm": "application/wasm",
  ".svg": "image/svg+xml", ".png": "image/png", ".txt": "text/plain; charset=utf-8",
};
const COMPRESS = new Set([".html", ".js", ".mjs", ".css", ".json", ".wasm", ".svg", ".txt"]);

function serve(root) {
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = path.join(root, p);
    if (!file.startsWith(root)) { res.writeHead(403); return res.end(); }
    try {
      if (fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
      let body = fs.readFileSync(file);
      const ext = path.extname(file);
      const headers = { "content-type": MIME[ext] || "application/octet-stream", "cache-control": "no-cache" };
      if (COMPRESS.has(ext) && /gzip/.test(req.headers["accept-encoding"] || "")) {
        body = zlib.gzipSync(body);
        headers["content-encoding"] = "gzip";
      }
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end("not found");
    }
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

// Runs in the page before its scripts: keydown clock and result mutations.
function probe() {
  window.__bench = { lastKey: 0, adds: [] };
  // A character not on the keyboard (every CJK one) is typed as text input
  // with no keydown, so its `beforeinput` is the keystroke's time.
  const key = () => { window.__bench.lastKey = performance.now(); };
  document.addEventListener("keydown", key, true);
  document.addEventListener("beforeinput", key, true);
  new MutationObserver((muts) => {
    const t = performance.now();
    for (const m of muts) {
      for (const n of m.addedNodes) {
        if (n.nodeType === 1 && (n.matches("a[href]") || n.querySelector("a[href]"))) {
          window.__bench.adds.push(t);
          return;
        }
      }
    }
  }).observe(document, { childList: true, subtree: true });
}

const median = (xs) => {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function focusSearch(page) {
  await page.keyboard.press("/");
  const focused = await page.evaluate(() => {
    const el = document.activeElement;
    return !!el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA");
  });
  if (focused) return true;
  for (const sel of ['input[type="search"]', ".pagefind-ui__search-input", 'input[name="q"]', "input"]) {
    const el = await page.$(sel);
    if (el) { await el.click(); return true; }
  }
  return false;
}

async function oneQuery(browser, url, q) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(probe);
  // Context-level events also see requests made by workers (Pagefind 1.6 uses one).
  let phase = "load";
  const reqPhase = new Map();
  const bytes = { load: 0, query: 0 };
  const pending = [];
  let queryRequests = 0;
  context.on("request", (r) => {
    reqPhase.set(r, phase);
    if (phase === "query") queryRequests++;
  });
  context.on("requestfinished", (r) => {
    const ph = reqPhase.get(r);
    pending.push(r.sizes().then((sz) => { bytes[ph] += sz.responseBodySize + sz.responseHeadersSize; }, () => {}));
  });
  await page.goto(url, { waitUntil: "networkidle" });
  phase = "query"; // focusing the box is part of the first query: some UIs preload then
  if (!(await focusSearch(page))) {
    await context.close();
    return { q, error: "no search input found" };
  }
  await page.evaluate(() => { window.__bench.adds = []; });
  await page.keyboard.type(q);
  await page.waitForTimeout(1500);
  await page.waitForLoadState("networkidle").catch(() => {});
  const b = await page.evaluate(() => window.__bench);
  const after = b.adds.filter((t) => t >= b.lastKey);
  await Promise.all(pending);
  await context.close();
  return {
    q,
    latency_ms: after.length ? +(after[0] - b.lastKey).toFixed(1) : null,
    settled_ms: after.length ? +(after[after.length - 1] - b.lastKey).toFixed(1) : null,
    query_bytes: bytes.query,
    query_requests: queryRequests,
    page_load_bytes: bytes.load,
  };
}

const browser = await chromium.launch({ executablePath: chromePath, args: ["--no-sandbox"] });
const out = {};
try {
  for (const site of sites) {
    if (!fs.existsSync(path.join(site.dir, "index.html"))) {
      out[site.name] = { error: `no index.html in ${site.dir}` };
      continue;
    }
    const server = await serve(site.dir);
    const url = `http://127.0.0.1:${server.address().port}/`;
    const results = [];
    for (let rep = 0; rep < reps; rep++) {
      for (const q of queries) {
        try {
          results.push(await oneQuery(browser, url, q));
        } catch (e) {
          results.push({ q, error: String(e).slice(0, 300) });
        }
        console.error(site.name, JSON.stringify(results[results.length - 1]));
      }
    }
    server.close();
    const ok = results.filter((r) => r.latency_ms != null);
    out[site.name] = {
      queries: results,
      median_latency_ms: median(ok.map((r) => r.latency_ms)),
      median_settled_ms: median(ok.map((r) => r.settled_ms)),
      first_query_bytes: median(results.map((r) => r.query_bytes)),
      page_load_bytes: median(results.map((r) => r.page_load_bytes)),
      ...(ok.length ? {} : { error: (results.find((r) => r.error) || {}).error || "no results appeared after typing" }),
    };
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(out, null, 2));
