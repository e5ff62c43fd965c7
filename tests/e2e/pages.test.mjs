// End-to-end tests of the page as GitHub Pages serves it: under a sub-path (/kubestep/),
// offline after the first visit (service worker), and under its Content-Security-Policy.
// Builds nothing: serves dist-sub/, made by `./dev.sh test` with
//   trunk build --release --public-url /kubestep/ --dist dist-sub
// Screenshots go to target/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '../..');
const dist = path.join(root, 'dist-sub');
const shots = path.join(root, 'target', 'e2e');
fs.mkdirSync(shots, { recursive: true });
const PREFIX = '/kubestep/';

const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
let server, origin, base, browser;
// Test switches of the server: `down` drops every connection (a real outage, on top of
// Playwright's offline emulation); `swVersion` serves sw.js with another build version,
// as a new deploy would.
const srv = { down: false, hits: 0, swVersion: '', paths: {} };

before(async () => {
  assert.ok(fs.existsSync(path.join(dist, 'index.html')),
    'dist-sub/ is missing: run `trunk build --release --public-url /kubestep/ --dist dist-sub` (./dev.sh test does)');
  server = http.createServer((req, res) => {
    if (srv.down) { req.socket.destroy(); return; }
    srv.hits++;
    const url = new URL(req.url, 'http://x');
    srv.paths[url.pathname] = (srv.paths[url.pathname] || 0) + 1;
    // Like GitHub Pages: the project page lives under /<repo>/ and nothing else exists.
    if (url.pathname === PREFIX.slice(0, -1)) { res.writeHead(301, { location: PREFIX }).end(); return; }
    if (!url.pathname.startsWith(PREFIX)) { res.writeHead(404).end(); return; }
    let file = path.join(dist, decodeURIComponent(url.pathname.slice(PREFIX.length)));
    if (!file.startsWith(dist)) { res.writeHead(403).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404).end(); return; }
      if (path.basename(file) === 'sw.js' && srv.swVersion) {
        data = Buffer.from(String(data).replace(/"version":"[0-9a-f]+"/, `"version":"${srv.swVersion}"`));
      }
      // GitHub Pages sends this cache lifetime for every file.
      res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream', 'cache-control': 'max-age=600' });
      res.end(data);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${server.address().port}`;
  base = origin + PREFIX;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

// A fresh browser context (its own service workers and caches) that records every request
// (the page's and its service worker's), failed requests, page errors and CSP violations.
async function context() {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const log = { requests: [], failed: [], errors: [], csp: [] };
  ctx.on('request', (r) => log.requests.push(r.url()));
  ctx.on('requestfailed', (r) => log.failed.push(`${r.url()} ${r.failure()?.errorText}`));
  ctx.on('response', (r) => { if (r.status() >= 400) log.failed.push(`${r.url()} HTTP ${r.status()}`); });
  // Injected by the browser, outside the page's CSP: report every violation event.
  await ctx.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
  });
  ctx.on('page', (page) => watch(page, log));
  return { ctx, log };
}

function watch(page, log) {
  page.on('pageerror', (e) => log.errors.push(String(e)));
  page.on('console', (m) => {
    const t = m.text();
    if (/Content[- ]Security[- ]Policy|CSP violation/i.test(t)) log.csp.push(t);
    else if (m.type() === 'error') log.errors.push(t);
  });
}

async function stepUntil(page, predicate, max = 200) {
  for (let i = 0; i < max; i++) {
    if (await predicate()) return true;
    await page.click('#step');
  }
  return predicate();
}

const podStatuses = (page) => page.$$eval('.arch-pane .pod .pstat', (els) => els.map((e) => e.textContent));

// Apply the default manifest and step until its five pods run.
async function applyAndRun(page) {
  assert.match(await page.inputValue('#editor'), /name: newkubia/);
  await page.click('#apply');
  assert.match(await page.textContent('#apply-result'), /deployment.apps\/newkubia created/);
  const before = await page.textContent('#stepno');
  await page.click('#step');
  assert.notEqual(await page.textContent('#stepno'), before, 'Step advances');
  const running = await stepUntil(page, async () =>
    (await podStatuses(page)).filter((s) => s === '1/1 Running').length === 5);
  assert.ok(running, 'five pods run');
}

// Wait until the service worker is active and controls the page.
const swReady = (page) => page.evaluate(async () => {
  await navigator.serviceWorker.ready;
  if (!navigator.serviceWorker.controller) {
    await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  }
  return navigator.serviceWorker.controller.scriptURL;
});

test('under /kubestep/ the page loads and works, asks only for its own files, and breaks no CSP rule', async () => {
  const { ctx, log } = await context();
  const page = await ctx.newPage();
  srv.paths = {};
  await page.goto(origin + PREFIX.slice(0, -1)); // /kubestep → redirected to /kubestep/
  assert.equal(page.url(), base);
  await page.waitForSelector('#editor');
  await applyAndRun(page);
  await page.screenshot({ path: path.join(shots, 'pages-subpath.png') });
  assert.equal(await swReady(page), base + 'sw.js');
  // Precaching takes the hashed files from the HTTP cache. Usually the wasm crosses the
  // network once; when the worker's install races the page's own download of it, Chromium
  // may fetch it a second time (seen in about 1 run in 4). Never more than that.
  const wasm = Object.entries(srv.paths).filter(([p]) => p.endsWith('.wasm'));
  assert.equal(wasm.length, 1);
  assert.ok(wasm[0][1] <= 2, `the wasm was downloaded ${wasm[0][1]} times`);
  // Every request (page and service worker) is to this origin, under the base path; the
  // favicon is an inline data: URL by design.
  const foreign = log.requests.filter((u) => !u.startsWith(base) && u !== 'data:,' && u !== origin + PREFIX.slice(0, -1));
  assert.deepEqual(foreign, [], 'requests outside the base path');
  assert.deepEqual(log.failed, [], 'failed requests');
  assert.deepEqual(log.csp, [], 'CSP violations');
  assert.deepEqual(log.errors, [], 'page errors');
  // The built page has no inline script and a CSP without 'unsafe-inline'.
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1];
  assert.ok(csp, 'a CSP meta element');
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|\s\*/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(csp, /object-src 'none'/);
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    assert.match(m[1], /src="\/kubestep\//, `script not from the base path: ${m[0]}`);
    assert.equal(m[2].trim(), '', 'no inline script');
  }
  await ctx.close();
});

test('after the first visit the page works with no network at all', async () => {
  const { ctx, log } = await context();
  const page = await ctx.newPage();
  await page.goto(base);
  await page.waitForSelector('#editor');
  await swReady(page);
  // Offline: the browser's network is cut and the server drops every connection.
  await ctx.setOffline(true);
  srv.down = true;
  const hits = srv.hits;
  try {
    await page.reload();
    await page.waitForSelector('#editor');
    await applyAndRun(page);
    // A second tab, opened offline, works too.
    const page2 = await ctx.newPage();
    await page2.goto(base);
    await page2.waitForSelector('#editor');
    await page2.click('#apply');
    // The first tab's session was autosaved, so the Deployment already exists here.
    assert.match(await page2.textContent('#apply-result'), /deployment\.apps\/newkubia unchanged/);
    await page.screenshot({ path: path.join(shots, 'pages-offline.png') });
  } finally {
    srv.down = false;
    await ctx.setOffline(false);
  }
  assert.equal(srv.hits, hits, 'the server saw no request while offline');
  assert.deepEqual(log.csp, [], 'CSP violations');
  assert.deepEqual(log.errors, [], 'page errors');
  await ctx.close();
});

test('a new deploy replaces the service worker and deletes the old cache', async () => {
  const { ctx, log } = await context();
  const page = await ctx.newPage();
  await page.goto(base);
  await page.waitForSelector('#editor');
  await swReady(page);
  const keys = () => page.evaluate(() => caches.keys());
  const old = await keys();
  assert.equal(old.length, 1);
  assert.match(old[0], /^kubestep-[0-9a-f]{16}$/);
  // A new build: sw.js carries another version (a real build derives it from the hashes
  // of the files it lists).
  srv.swVersion = '0123456789abcdef';
  try {
    const state = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      const found = new Promise((r) => reg.addEventListener('updatefound', () => r(reg.installing), { once: true }));
      await reg.update();
      const worker = await Promise.race([found, new Promise((r) => setTimeout(() => r(null), 10000))]);
      if (!worker) return 'no new worker';
      if (worker.state !== 'activated') {
        await new Promise((r) => worker.addEventListener('statechange', () => worker.state === 'activated' && r()));
      }
      return worker.state;
    });
    assert.equal(state, 'activated');
  } finally {
    srv.swVersion = '';
  }
  assert.deepEqual(await keys(), ['kubestep-0123456789abcdef'], 'only the new build\'s cache is left');
  // The page reloads from the new worker and works.
  await page.reload();
  await page.waitForSelector('#editor');
  await page.click('#apply');
  assert.match(await page.textContent('#apply-result'), /created/);
  assert.deepEqual(log.errors, []);
  await ctx.close();
});
