// The page's weight against the budget kept in www/size-budget.json (gzip -9, as the
// README's figures): a build that grows past it fails here. Builds nothing: reads dist/,
// made by `trunk build --release` (./dev.sh test does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const root = path.resolve(import.meta.dirname, '../..');
const dist = path.join(root, 'dist');
const budget = JSON.parse(fs.readFileSync(path.join(root, 'www/size-budget.json'), 'utf8'));
const gz = (f) => zlib.gzipSync(fs.readFileSync(path.join(dist, f)), { level: 9 }).length;

test('the page stays within its size budget (www/size-budget.json)', () => {
  assert.ok(fs.existsSync(path.join(dist, 'index.html')), 'dist/ is missing: run `trunk build --release` (./dev.sh test does)');
  const files = fs.readdirSync(dist);
  const wasm = files.filter((f) => f.endsWith('_bg.wasm'));
  assert.equal(wasm.length, 1, `one wasm module in dist/, found ${wasm.join(', ')}`);
  const w = gz(wasm[0]);
  // What the page loads besides the wasm: its JS (the bindings, boot, service worker
  // registration) and CSS; not the files fetched on demand (help texts, explain schemas).
  const rest = files.filter((f) => /\.(js|css)$/.test(f) && f !== 'sw.js').reduce((s, f) => s + gz(f), 0);
  console.log(`page: wasm ${w} B gzip (budget ${budget.wasm_gzip_bytes}), JS+CSS ${rest} B gzip (budget ${budget.js_css_gzip_bytes})`);
  assert.ok(w <= budget.wasm_gzip_bytes,
    `the page's wasm is ${w} B gzip, over its budget of ${budget.wasm_gzip_bytes} B (www/size-budget.json): find what grew with \`tools/wasm-size.sh\` and shrink it`);
  assert.ok(rest <= budget.js_css_gzip_bytes,
    `the page's JS and CSS are ${rest} B gzip, over their budget of ${budget.js_css_gzip_bytes} B (www/size-budget.json)`);
});
