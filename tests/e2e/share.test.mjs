// End-to-end tests of share links, autosave and scenario files, in real headless Chromium
// (same harness as sandbox.test.mjs). The static server serves dist/ and, under
// /scenarios/, the repository's scenario scripts (for `?scenario=`). Every page gets a fresh
// browser context, so localStorage starts empty unless a test reuses its context.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { serveStatic, launchChromium } from './static.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const dist = path.join(root, 'dist');
const scenarios = path.join(root, 'scenarios');
const shots = path.join(root, 'target', 'e2e');
fs.mkdirSync(shots, { recursive: true });

let server, base, browser;

before(async () => {
  ({ server, base } = await serveStatic(dist, [['/scenarios', scenarios]]));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
});

/// A page in a new context (empty localStorage) or in `context`; fails the test on a page
/// error or an alert/confirm dialog.
async function open(url = base, context = null) {
  const ctx = context ?? await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text()); });
  page.on('dialog', (d) => { errors.push(`dialog: ${d.message()}`); d.dismiss(); });
  await page.goto(url);
  await page.waitForSelector('#editor');
  await ready(page);
  return { page, ctx, errors };
}

/// Wait until no replay is running.
async function ready(page) {
  await page.waitForFunction(() => !document.querySelector('#replaying'), null, { timeout: 60000 });
}

async function run(page, line) {
  const before = await page.$$eval('#console-output .centry', (els) => els.length);
  await page.fill('#console', line);
  await page.press('#console', 'Enter');
  await page.waitForFunction(([n, settle]) => {
    const es = document.querySelectorAll('#console-output .centry');
    if (es.length <= n) return false;
    const out = es[es.length - 1].querySelector('.out').textContent;
    return !settle || /settled in|still busy/.test(out);
  }, [before, line.startsWith('settle')]);
}

/// What a user sees of the cluster at the shown step.
async function snapshot(page) {
  return {
    stepno: await page.textContent('#stepno'),
    clock: await page.textContent('#clock'),
    explain: await page.textContent('#explain').catch(() => ''),
    events: await page.textContent('#events'),
    editor: await page.inputValue('#editor'),
  };
}

async function shareLink(page) {
  await page.click('#share');
  await page.waitForSelector('#share-dialog');
  const link = await page.inputValue('#share-link');
  const embed = await page.inputValue('#share-embed');
  const script = await page.inputValue('#share-script');
  await page.click('#share-close');
  return { link, embed, script };
}

const b64url = (buf) => buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const packed = (obj) => 'v1.' + b64url(zlib.deflateRawSync(Buffer.from(typeof obj === 'string' ? obj : JSON.stringify(obj))));

test('a share link reopens the same step with the same transcript, and stays short', async () => {
  const { page, errors } = await open();
  await page.click('#apply');
  for (let i = 0; i < 12; i++) await page.click('#step');
  await run(page, 'kubectl scale deployment newkubia --replicas=3');
  for (let i = 0; i < 4; i++) await page.click('#step');
  await page.click('#back');
  await page.click('#back');
  const want = await snapshot(page);
  assert.match(want.stepno, /^step \d+ \/ \d+$/);
  const { link, embed, script } = await shareLink(page);
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/#v1\.[A-Za-z0-9_-]+$/);
  assert.ok(embed.startsWith(`<iframe src="${base}?embed#v1.`), embed);
  assert.match(embed, /width="700" height="450"/);
  assert.match(script, /^kubectl apply -f - <<'EOF'$/m);
  assert.match(script, /^kubectl scale deployment newkubia --replicas=3$/m);
  console.log(`share link for apply + 12 steps + scale + 4 steps: ${link.length} characters`);
  assert.ok(link.length < 1200, `${link.length}`);
  await page.screenshot({ path: path.join(shots, 'share-dialog-before.png') });

  const other = await open(link);
  assert.match(await other.page.textContent('#notice'), /Opened this shared link/);
  assert.deepEqual(await snapshot(other.page), want);
  // The link is consumed: the address bar no longer carries it.
  assert.equal(new URL(other.page.url()).hash, '');
  await other.page.screenshot({ path: path.join(shots, 'share-opened.png') });
  assert.deepEqual(errors, []);
  assert.deepEqual(other.errors, []);
});

test('the classic demo link (apply + a few steps) is a few hundred characters', async () => {
  const { page } = await open();
  await page.click('#apply');
  for (let i = 0; i < 5; i++) await page.click('#step');
  const { link } = await shareLink(page);
  console.log(`classic demo link (apply + 5 steps): ${link.length} characters (${link.length - base.length} after the page address)`);
  assert.ok(link.length - base.length < 500, `${link.length}`);
  const other = await open(link);
  assert.equal(await other.page.textContent('#stepno'), await page.textContent('#stepno'));
});

test('a reload keeps the editor text, a bad apply loses nothing, and the session survives', async () => {
  const { page, ctx, errors } = await open();
  await page.click('#apply');
  for (let i = 0; i < 8; i++) await page.click('#step');
  await run(page, 'node stop worker-1');
  const typed = (await page.inputValue('#editor')).replace('replicas: 5', 'replicas: 2\n  bogus: [') + '# my notes\n';
  await page.fill('#editor', typed);
  await page.click('#apply'); // a syntax error: nothing applied
  const want = await snapshot(page);
  assert.equal(want.editor, typed);
  await page.reload();
  await page.waitForSelector('#editor');
  await ready(page);
  assert.match(await page.textContent('#notice'), /autosaved session/);
  assert.deepEqual(await snapshot(page), want);
  // Reset to demo forgets it.
  await page.click('#share');
  await page.click('#reset-demo');
  assert.match(await page.inputValue('#editor'), /replicas: 5/);
  assert.equal(await page.textContent('#stepno'), 'step 0 / 0');
  await page.reload();
  await page.waitForSelector('#editor');
  assert.equal(await page.textContent('#stepno'), 'step 0 / 0');
  assert.equal(await page.$('#notice'), null);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('hostile or broken fragments show a message and the demo, and run nothing', async () => {
  const bomb = 'v1.' + b64url(zlib.deflateRawSync(Buffer.alloc(20 << 20, 32), { level: 9 }));
  const cases = [
    ['#<script>alert(1)</script>', /not a kubestep session link/],
    ['#v1.<img src=x onerror=alert(1)>', /not valid base64url/],
    ['#v1.@@@@', /not valid base64url/],
    ['#v1.AAAA', /not a valid deflate stream/],
    ['#v2.AAAA', /format v2/],
    ['#' + bomb, /unpacks to more than/],
    ['#' + packed('{"s":"x"'), /malformed/],
    ['#' + packed({ s: 'rm -rf /\n', k: '1.32' }), /unknown command "rm"/],
    ['#' + packed({ s: 'kubectl scale deploy/x --replicas=100000\n', k: '1.32' }), /more than 1000/],
    ['#' + packed({ s: '', k: '1.32', e: '<script>alert(1)</script>', lang: '"><script>' }), /invalid language/],
    // Allowed commands, but more virtual time than a replay may take: stopped mid-way.
    ['#' + packed({ s: 'tick 24h\ntick 24h\ntick 1h\n', k: '1.32' }), /more than 200000 steps or 48 hours/],
  ];
  for (const [frag, want] of cases) {
    const { page, errors, ctx } = await open(base + frag);
    const notice = await page.textContent('#notice.error');
    assert.match(notice, want, frag.slice(0, 40));
    assert.match(notice, /Showing the classic demo instead/);
    assert.match(await page.inputValue('#editor'), /name: newkubia/);
    assert.deepEqual(errors, [], frag.slice(0, 40));
    await ctx.close();
  }
  // A 10 MB fragment: pasted into an open page (Chromium refuses such URLs on navigation,
  // so the page sees it as a changed fragment).
  const { page, errors, ctx } = await open();
  const t0 = Date.now();
  await page.evaluate(() => { location.hash = 'v1.' + 'A'.repeat(10 * 1024 * 1024); });
  await page.waitForSelector('#notice.error', { timeout: 20000 });
  assert.match(await page.textContent('#notice.error'), /too long \(10485763 characters/);
  assert.ok(Date.now() - t0 < 20000);
  assert.match(await page.inputValue('#editor'), /name: newkubia/);
  // The page still responds.
  await page.click('#apply');
  assert.match(await page.textContent('#apply-result'), /created/);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('a link whose replay covers virtual hours opens, with its own editor text', async () => {
  const script = 'kubectl apply -f - <<\'EOF\'\n' + fs.readFileSync(path.join(root, 'scenarios/node-failure.kss'), 'utf8').split("<<'EOF2'\n")[1].split('EOF2\n')[0] + 'EOF\nnode stop worker-2\ntick 2h\nnode start worker-2\nsettle\n';
  const { page, errors, ctx } = await open(base + '#' + packed({ s: script, k: '1.32', sc: 'node-failure', e: 'x: 1\n' }));
  assert.match(await page.textContent('#notice'), /Opened this shared link: 5 commands replayed/);
  assert.equal(await page.inputValue('#editor'), 'x: 1\n');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('?scenario= loads a same-origin script; absolute URLs are refused; a file loads too', async () => {
  {
    const { page, errors, ctx } = await open(base + '?scenario=scenarios/drain.kss');
    assert.match(await page.textContent('#notice'), /Opened scenario scenarios\/drain\.kss: \d+ commands replayed/);
    assert.notEqual(await page.textContent('#stepno'), 'step 0 / 0');
    assert.match(await page.textContent('#console-output'), /kubectl drain/);
    assert.equal(new URL(page.url()).search, '');
    await page.screenshot({ path: path.join(shots, 'share-scenario-param.png') });
    assert.deepEqual(errors, []);
    await ctx.close();
  }
  for (const [q, want] of [
    ['https://evil.example/x.kss', /relative path on this site/],
    ['//evil.example/x.kss', /relative path on this site/],
    ['../etc/passwd.kss', /plain relative path/],
    ['scenarios/missing.kss', /server answered 404/],
  ]) {
    const { page, errors, ctx } = await open(base + '?scenario=' + encodeURIComponent(q));
    await page.waitForSelector('#notice.error');
    assert.match(await page.textContent('#notice.error'), want, q);
    assert.match(await page.inputValue('#editor'), /name: newkubia/);
    assert.deepEqual(errors, [], q);
    await ctx.close();
  }
  // Export a session as a script, load it from a file in a fresh page: same state.
  const { page, ctx } = await open();
  await page.click('#apply');
  for (let i = 0; i < 20; i++) await page.click('#step');
  await run(page, 'fault crash luksa/kubia:v2');
  await run(page, 'tick 5s');
  const want = await snapshot(page);
  await page.click('#share');
  const script = await page.inputValue('#share-script');
  await ctx.close();
  const other = await open();
  await other.page.click('#share');
  await other.page.setInputFiles('#scenario-file', { name: 'mine.kss', mimeType: 'text/plain', buffer: Buffer.from(script) });
  await other.page.waitForSelector('#notice');
  await ready(other.page);
  assert.match(await other.page.textContent('#notice'), /Opened scenario mine\.kss/);
  const got = await snapshot(other.page);
  assert.deepEqual({ ...got, editor: '' }, { ...want, editor: '' });
  assert.deepEqual(other.errors, []);
});

test('opening a link keeps the previous autosave, which can be restored', async () => {
  const { page, ctx } = await open();
  await page.fill('#editor', 'kind: Namespace\n# mine\n');
  await page.waitForTimeout(100);
  const { link } = await (async () => {
    const p2 = await open();
    await p2.page.click('#apply');
    const l = await shareLink(p2.page);
    await p2.ctx.close();
    return l;
  })();
  const other = await open(link, ctx);
  assert.match(await other.page.inputValue('#editor'), /newkubia/);
  await other.page.click('#restore-previous');
  await ready(other.page);
  assert.equal(await other.page.inputValue('#editor'), 'kind: Namespace\n# mine\n');
  await ctx.close();
});
