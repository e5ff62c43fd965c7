// Measurements (not a test): time to first interactive frame, and the time of one Step at
// 1,000 pods, in headless Chromium. Run after `trunk build --release`:
//   node tests/e2e/measure.mjs
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '../..');
const dist = path.join(root, 'dist');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const server = http.createServer((req, res) => {
  let file = path.join(dist, new URL(req.url, 'http://x').pathname);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  fs.readFile(file, (err, data) => {
    if (err) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    res.end(data);
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const t0 = Date.now();
await page.goto(base);
await page.waitForSelector('#step');
const firstFrame = Date.now() - t0;
const nav = await page.evaluate(() => performance.now());
console.log(`first interactive frame: ${firstFrame} ms after navigation start (performance.now at that point: ${nav.toFixed(0)} ms)`);
async function run(cmd, until) {
  await page.fill('#console', cmd);
  const t = Date.now();
  await page.press('#console', 'Enter');
  await page.waitForFunction(([c, u]) => {
    const text = document.querySelector('#console-output').textContent;
    return text.includes('$ ' + c) && (!u || text.includes(u));
  }, [cmd, until], { timeout: 600000 });
  return Date.now() - t;
}
console.log(`cluster reset: ${await run('cluster reset --workers 100 --cpu 64 --memory 256Gi --pods 120')} ms`);
const manifest = (await page.inputValue('#editor')).replace('replicas: 5', 'replicas: 1000');
await page.fill('#editor', manifest);
await page.click('#apply');
console.log(`settle 1,000 pods (console, in slices between frames): ${await run('settle', 'settled in')} ms`);
const times = [];
for (let i = 0; i < 10; i++) {
  const before = await page.textContent('#stepno');
  const t = Date.now();
  await page.click('#step');
  await page.waitForFunction((b) => document.querySelector('#stepno').textContent !== b, before);
  times.push(Date.now() - t);
}
times.sort((a, b) => a - b);
console.log(`one Step at 1,000 pods (click → re-rendered): median ${times[5]} ms, min ${times[0]} ms, max ${times[9]} ms`);
await browser.close();
server.close();
