// Loads themes/default/static/search.js into a fresh VM context with a fake
// `window` (no `document`, so no UI), as a browser would via <script>.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function loadSearch() {
  const window = {};
  window.window = window;
  const ctx = vm.createContext(window);
  const run = (file) => vm.runInContext(fs.readFileSync(file, 'utf8'), ctx, { filename: file });
  run(path.join(repo, 'themes/default/static/search.js'));
  return { api: window.__drillbookSearch, run };
}
