// The page's benchmark (not a test): in headless Chromium, for each cluster size, the page's
// settle beside the native CLI's, then one Step, one Back, a scrub, a click on a pod and a
// scroll of the events, each timed from the input to the painted frame, and the browser's
// memory. Run `./dev.sh bench` (it builds the release page and the CLI first), or after
// `trunk build --release` and `cargo build --release --bin kubestep`:
//   node tests/e2e/bench.mjs [PODS...]        (default: 1000 10000)
// Each size runs on 100 nodes (1,000 above 20,000 pods), as the README's table says.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serveStatic, launchChromium } from './static.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const dist = path.join(root, process.env.KUBESTEP_DIST || 'dist');
const cli = path.join(root, 'target/release/kubestep');
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (sizes.length === 0) sizes.push(1000, 10000);
const { server, base } = await serveStatic(dist);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const ms = (x) => `${x.toFixed(1)} ms`;

// Resident memory of every process below `pid` (MB): the browser's.
function browserRss(pid) {
  const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,rss='], { encoding: 'utf8' });
  const rows = out.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
  const tree = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [p, pp] of rows) if (tree.has(pp) && !tree.has(p)) { tree.add(p); grew = true; }
  }
  return rows.filter(([p]) => tree.has(p) && p !== pid).reduce((s, [, , rss]) => s + rss, 0) / 1024;
}

// `settle` gives up after 10 virtual minutes; 100,000 pods take ~85 (the ReplicaSet
// controller creates them at its client's 20 QPS).
const SETTLE = 'settle --timeout 3h';

// The native CLI on the same commands: settle's wall time (the script with settle minus the
// one without), best of three.
function nativeSettle(reset, manifest) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubestep-bench-'));
  fs.writeFileSync(path.join(dir, 'app.yaml'), manifest);
  const script = (settle) => `${reset}\nkubectl apply -f ${path.join(dir, 'app.yaml')}\n${settle ? SETTLE + '\n' : ''}`;
  const time = (text) => {
    const f = path.join(dir, 'script.kss');
    fs.writeFileSync(f, text);
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const t = process.hrtime.bigint();
      execFileSync(cli, ['run', f], { maxBuffer: 1 << 30 });
      best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6);
    }
    return best;
  };
  const r = time(script(true)) - time(script(false));
  fs.rmSync(dir, { recursive: true });
  return r;
}

const browser = await launchChromium(['--js-flags=--max-old-space-size=4096']);
// Chromium runs as this process's children.
const pid = process.pid;
const rows = [];
for (const pods of sizes) {
  const nodes = pods > 20000 ? 1000 : 100;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const t0 = Date.now();
  await page.goto(base);
  await page.waitForSelector('#step');
  const firstFrame = Date.now() - t0;
  // Time from an input to the frame painted after it: the input, Yew's render (a
  // microtask), the next animation frame, then a task after its paint.
  const painted = (action) => page.evaluate(action);
  const inputToPaint = `(async (act) => {
      const t = performance.now();
      act();
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      return performance.now() - t;
    })`;
  async function run(cmd, until) {
    await page.fill('#console', cmd);
    const t = Date.now();
    await page.press('#console', 'Enter');
    await page.waitForFunction(([c, u]) => {
      const text = document.querySelector('#console-output').textContent;
      return text.includes('$ ' + c) && (!u || text.includes(u));
    }, [cmd, until], { timeout: 1800000, polling: 'raf' });
    return Date.now() - t;
  }
  const reset = `cluster reset --workers ${nodes} --cpu 64 --memory 256Gi --pods ${Math.max(110, Math.ceil(pods / nodes) + 20)}`;
  await run(reset);
  const manifest = (await page.inputValue('#editor')).replace('replicas: 5', `replicas: ${pods}`);
  await page.fill('#editor', manifest);
  await page.click('#apply');
  const settle = await run(SETTLE, 'settled in');
  const native = nativeSettle(reset, manifest);
  const click = (sel) => `() => document.querySelector('${sel}').click()`;
  const step = [];
  for (let i = 0; i < 15; i++) step.push(await painted(`${inputToPaint}(${click('#step')})`));
  const back = [];
  for (let i = 0; i < 7; i++) back.push(await painted(`${inputToPaint}(${click('#back')})`));
  // The scrubber to the middle of the history.
  const scrub = await painted(`${inputToPaint}(() => {
    const s = document.querySelector('#scrubber');
    s.value = String(Math.floor(Number(s.max) / 2));
    s.dispatchEvent(new Event('input', { bubbles: true }));
  })`);
  // A pod: a cell of the grid (or a chip), then its YAML in the objects pane.
  const grid = await page.$('#podgrid canvas');
  let clickPod = NaN;
  if (grid) {
    const [x, y] = (await grid.getAttribute('data-first-pod')).split(',').map(Number);
    await grid.scrollIntoViewIfNeeded();
    const t = Date.now();
    await grid.click({ position: { x, y } });
    await page.waitForFunction(() => /^kind: Pod$/m.test(document.querySelector('#object-yaml')?.textContent || ''));
    clickPod = Date.now() - t;
  }
  // The events pane scrolled to its top.
  const scroll = await painted(`${inputToPaint}(() => { const e = document.querySelector('#events'); e.scrollTop = 0; e.dispatchEvent(new Event('scroll')); })`);
  const domNodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  const rss = pid ? browserRss(pid) : NaN;
  rows.push({ pods, nodes, firstFrame, settle, native, step: median(step), back: median(back), scrub, clickPod, scroll, domNodes, rss });
  console.log(`${pods} pods / ${nodes} nodes: settle in the page ${(settle / 1000).toFixed(2)} s, native ${(native / 1000).toFixed(2)} s (${(settle / native).toFixed(1)}×); `
    + `Step ${ms(median(step))} median (min ${ms(Math.min(...step))}, max ${ms(Math.max(...step))}); Back ${ms(median(back))}; scrub to the middle ${ms(scrub)}; `
    + `click a pod → its YAML ${clickPod} ms; events scrolled to the top ${ms(scroll)}; ${domNodes} DOM elements; browser RSS ${rss.toFixed(0)} MB; first interactive frame ${firstFrame} ms`);
  await page.close();
}
await browser.close();
server.close();
console.log('\n| pods / nodes | settle: page / native | one Step | one Back | scrub | click a pod | events scroll | DOM elements | browser RSS |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.pods.toLocaleString('en')} / ${r.nodes} | ${(r.settle / 1000).toFixed(2)} s / ${(r.native / 1000).toFixed(2)} s (${(r.settle / r.native).toFixed(1)}×) | ${ms(r.step)} | ${ms(r.back)} | ${ms(r.scrub)} | ${r.clickPod} ms | ${ms(r.scroll)} | ${r.domNodes} | ${r.rss.toFixed(0)} MB |`);
}
