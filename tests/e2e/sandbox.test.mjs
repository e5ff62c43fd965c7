// End-to-end tests of the sandbox page in real headless Chromium (Playwright core, the
// system's Chromium). The page is served from dist/ (built by `trunk build --release`) by a
// small static server on 127.0.0.1. Screenshots go to target/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serveStatic, launchChromium } from './static.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const dist = path.join(root, 'dist');
const shots = path.join(root, 'target', 'e2e');
fs.mkdirSync(shots, { recursive: true });

let server, base, browser;

before(async () => {
  ({ server, base } = await serveStatic(dist));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function open(viewport = { width: 1280, height: 800 }) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(base);
  await page.waitForSelector('#editor');
  return { page, errors };
}

async function stepUntil(page, predicate, max = 400) {
  for (let i = 0; i < max; i++) {
    if (await predicate()) return true;
    await page.click('#step');
  }
  return predicate();
}

const podStatuses = (page) => page.$$eval('.arch-pane .pod .pstat', (els) => els.map((e) => e.textContent));

test('the classic demo: apply, run, scale to 3, see the events, step back', async () => {
  const { page, errors } = await open();
  assert.match(await page.inputValue('#editor'), /name: newkubia/);
  await page.click('#apply');
  assert.match(await page.textContent('#apply-result'), /deployment.apps\/newkubia created/);
  const running = await stepUntil(page, async () => (await podStatuses(page)).filter((s) => s === '1/1 Running').length === 5);
  assert.ok(running, 'five pods run');
  await page.screenshot({ path: path.join(shots, 'demo-running.png') });
  // Edit replicas to 3 and apply again.
  const yaml = (await page.inputValue('#editor')).replace('replicas: 5', 'replicas: 3');
  await page.fill('#editor', yaml);
  await page.click('#apply');
  assert.match(await page.textContent('#apply-result'), /configured/);
  const seen = await stepUntil(page, async () => {
    const ev = await page.textContent('#events');
    return (ev.match(/SuccessfulDelete/g) || []).length === 2;
  });
  assert.ok(seen, 'two SuccessfulDelete rows');
  const ev = await page.textContent('#events');
  assert.match(ev, /LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE/);
  assert.match(ev, /ScalingReplicaSet\s+deployment\/newkubia\s+Scaled down replica set newkubia-\w+ from 5 to 3/);
  assert.equal((ev.match(/Killing\s+pod\/newkubia-\S+\s+Stopping container newkubia/g) || []).length, 2);
  await page.screenshot({ path: path.join(shots, 'demo-scaled.png') });
  // Step back: an earlier state.
  const before = await page.textContent('#stepno');
  await page.click('#back');
  await page.click('#back');
  const after = await page.textContent('#stepno');
  assert.notEqual(before, after);
  assert.match(await page.textContent('#viewing'), /Looking at step/);
  const evBack = await page.textContent('#events');
  assert.ok((evBack.match(/SuccessfulDelete/g) || []).length < 2 || (evBack.match(/Killing/g) || []).length < 2 || evBack.length < ev.length, 'events of the earlier state');
  assert.deepEqual(errors, []);
});

test('a malformed manifest shows an inline error and applies nothing', async () => {
  const { page, errors } = await open();
  await page.fill('#editor', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n spec:\n  replicas: 2\n');
  const rev = await page.textContent('.etcd .qdepth');
  await page.click('#apply');
  const err = await page.textContent('#editor-error');
  assert.match(err, /line \d+/);
  assert.match(err, /error parsing STDIN/);
  assert.ok(await page.$('.gutter .ln.err'), 'the gutter marks the line');
  assert.equal(await page.textContent('.etcd .qdepth'), rev, 'etcd revision unchanged');
  // An API validation error: placed at the field's line.
  await page.fill('#editor', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replica: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: c\n        image: nginx\n');
  await page.click('#apply');
  assert.match(await page.textContent('#editor-error'), /line 6: Error from server \(BadRequest\).*unknown field "spec.replica"/s);
  await page.screenshot({ path: path.join(shots, 'bad-yaml.png') });
  assert.equal(await page.textContent('.etcd .qdepth'), rev);
  assert.deepEqual(errors, []);
});

test('the console runs kubectl and prints the same table as the CLI', async () => {
  const { page } = await open();
  await page.click('#apply');
  await page.fill('#console', 'settle');
  await page.press('#console', 'Enter');
  await page.waitForFunction(() => document.querySelector('#console-output').textContent.includes('settled in'));
  await page.fill('#console', 'kubectl get pods');
  await page.press('#console', 'Enter');
  const out = await page.textContent('#console-output');
  assert.match(out, /\$ kubectl get pods/);
  assert.match(out, /NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
  assert.equal((out.match(/1\/1\s+Running/g) || []).length, 5);
  // The CLI prints the same for the same commands and seed.
  const cli = path.join(root, 'target', 'debug', 'kubestep');
  if (fs.existsSync(cli)) {
    const { execFileSync } = await import('node:child_process');
    const manifest = await page.inputValue('#editor');
    const script = `kubectl apply -f - <<'EOF'\n${manifest}EOF\nsettle\nkubectl get pods\n`;
    const t = execFileSync(cli, ['run', '-'], { input: script }).toString();
    const table = t.split('$ kubectl get pods\n')[1];
    assert.ok(out.includes(table.trim()), `page and CLI differ:\n${out}\n---\n${table}`);
  }
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.inputValue('#console'), 'kubectl get pods');
  await page.screenshot({ path: path.join(shots, 'console.png') });
});

test('the objects pane shows an object now and at each of its revisions', async () => {
  const { page, errors } = await open();
  await page.click('#apply');
  await stepUntil(page, async () => (await podStatuses(page)).filter((s) => s === '1/1 Running').length === 5);
  await page.click('#tree li.d2 button');
  const now = await page.textContent('#object-yaml');
  assert.match(now, /nodeName: worker-\d/);
  assert.match(now, /phase: Running/);
  await page.click('.revs .rev');
  const first = await page.textContent('#object-yaml');
  assert.doesNotMatch(first, /nodeName:/, 'the pod as created was not yet scheduled');
  assert.match(first, /phase: Pending/);
  await page.screenshot({ path: path.join(shots, 'objects.png') });
  assert.deepEqual(errors, []);
});

test('phone-width layout stacks the panes', async () => {
  const { page } = await open({ width: 390, height: 844 });
  const arch = await page.$eval('.arch-pane', (e) => e.getBoundingClientRect().width);
  assert.ok(arch <= 390, `pane fits: ${arch}`);
  await page.screenshot({ path: path.join(shots, 'phone.png'), fullPage: true });
});

// Run a console command and wait for it (a `settle` runs in slices).
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
  const es = await page.$$eval('#console-output .centry .out', (els) => els.map((e) => e.textContent));
  return es[es.length - 1];
}

test('kubectl --help and kubectl explain in the console, from files the page loads on demand', async () => {
  const { page, errors } = await open();
  // The help texts load in the background at start; explain's schemas once a command names
  // explain. Until then the command says so (and a learner's typing gives them the time).
  async function runLoaded(line, loaded) {
    for (let i = 0; i < 50; i++) {
      const out = await run(page, line);
      if (!/have not loaded yet/.test(out)) return out;
      await page.waitForTimeout(100);
    }
    assert.fail(`${loaded} never loaded`);
  }
  const help = await runLoaded('kubectl get --help', 'the help texts');
  assert.match(help, /^Display one or many resources\./);
  assert.match(help, /Usage:\n  kubectl get \[\(-o\|--output=\)json\|yaml/);
  const explain = await runLoaded('kubectl explain deployment.spec.replicas', "explain's schemas");
  assert.equal(explain.split('\n').slice(0, 5).join('\n'), 'GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: replicas <integer>');
  assert.match(explain, /DESCRIPTION:\n    Number of desired pods\./);
  await page.screenshot({ path: path.join(shots, 'explain.png') });
  assert.deepEqual(errors, []);
});

// A screenshot of the architecture pane (the sticky header kept out of it).
async function shotArch(page, name) {
  // Through the CSSOM: the page's CSP (style-src 'self') blocks an injected <style> tag.
  await page.$$eval('.top', (els) => els.forEach((e) => e.style.setProperty('position', 'static', 'important')));
  await page.locator('.arch-pane').screenshot({ path: path.join(shots, name) });
}

async function loadScenario(page, id) {
  const value = await page.$eval(`#scenario option[data-id="${id}"]`, (o) => o.value);
  await page.selectOption('#scenario', value);
}

test('stopping a node: NotReady, taints, eviction after 300s, replacements elsewhere', async () => {
  const { page, errors } = await open();
  await loadScenario(page, 'node-failure');
  await page.click('#apply');
  await run(page, 'settle');
  await page.click('.node[data-node="worker-2"] .nodebtn');
  assert.match(await page.textContent('.node[data-node="worker-2"]'), /kubelet stopped/);
  await run(page, 'tick 60s');
  const node = await page.textContent('.node[data-node="worker-2"]');
  assert.match(node, /NotReady/);
  assert.match(node, /node\.kubernetes\.io\/unreachable:NoExecute/);
  assert.match(await page.textContent('#events'), /NodeNotReady/);
  await run(page, 'settle');
  const ev = await page.textContent('#events');
  assert.match(ev, /TaintManagerEviction/);
  const w1 = await page.$$eval('.node[data-node="worker-1"] .pod .pstat', (els) => els.map((e) => e.textContent));
  assert.equal(w1.filter((s) => s === '1/1 Running').length, 4, `all four run on worker-1: ${w1}`);
  const w2 = await page.$$eval('.node[data-node="worker-2"] .pod .pstat', (els) => els.map((e) => e.textContent));
  assert.ok(w2.length > 0 && w2.every((s) => /Terminating/.test(s)), `old pods stuck Terminating: ${w2}`);
  await shotArch(page, 'node-failure.png');
  await page.click('.node[data-node="worker-2"] .nodebtn');
  await run(page, 'settle');
  assert.doesNotMatch(await page.textContent('.node[data-node="worker-2"]'), /NotReady|unreachable/);
  assert.equal(await page.$$eval('.node[data-node="worker-2"] .pod', (els) => els.length), 0);
  assert.deepEqual(errors, []);
});

test('a crash-looping container shows CrashLoopBackOff with a growing back-off', async () => {
  const { page, errors } = await open();
  await loadScenario(page, 'crashloop');
  await page.click('#apply');
  await run(page, 'tick 30s');
  let out = await run(page, 'kubectl get pods');
  assert.match(out, /0\/1\s+(CrashLoopBackOff|Error)\s+[12] \(/);
  await run(page, 'tick 5m');
  out = await run(page, 'kubectl get pods');
  const restarts = Number(out.match(/(?:CrashLoopBackOff|Error|Running)\s+(\d+) \(/)[1]);
  assert.ok(restarts >= 4, `restarts grew: ${out}`);
  const desc = await run(page, 'kubectl describe pods');
  assert.match(desc, /Back-off restarting failed container api in pod/);
  // Wait for a back-off, then the architecture view shows the pod as kubectl does.
  for (let i = 0; i < 60 && !/CrashLoopBackOff/.test(out); i++) {
    await run(page, 'tick 5s');
    out = await run(page, 'kubectl get pods');
  }
  const status = out.split('\n')[1].trim().split(/\s+/)[2];
  const chip = await page.textContent('.node[data-node] .pod .pstat');
  assert.ok(chip.endsWith(status), `chip ${chip} vs kubectl ${status}`);
  // The chip shows the kubelet's current back-off, which has grown past the first 10s.
  const backoff = await page.textContent('.node[data-node] .pod .prestarts');
  const m = backoff.match(/back-off (\d+)(s|m)/);
  assert.ok(m, backoff);
  assert.ok((m[2] === 'm' ? 60 : 1) * Number(m[1]) >= 40, backoff);
  await shotArch(page, 'crashloop.png');
  assert.deepEqual(errors, []);
});

test("a Service's endpoints follow pod readiness and a request reaches a Ready pod", async () => {
  const { page, errors } = await open();
  await loadScenario(page, 'service');
  await page.click('#apply');
  assert.match(await page.textContent('#apply-result'), /service\/web created/);
  // Step until the first endpoint appears, then until all three are ready.
  const ready = () => page.$$eval('.svc[data-service="web"] .ep.ready', (els) => els.length);
  assert.ok(await stepUntil(page, async () => (await ready()) >= 1), 'first endpoint');
  assert.ok((await ready()) < 3, 'endpoints appear one by one');
  assert.ok(await stepUntil(page, async () => (await ready()) === 3), 'three endpoints');
  await page.click('.svc[data-service="web"] button[data-request]');
  assert.match(await page.textContent('#request-result'), /KUBE-SVC-[A-Z0-9]{16}/);
  assert.match(await page.textContent('#request-result'), /200 OK/);
  await shotArch(page, 'service.png');
  await run(page, 'kubectl scale deployment web --replicas 0');
  await run(page, 'settle');
  assert.equal(await ready(), 0);
  await page.click('.svc[data-service="web"] button[data-request]');
  assert.match(await page.textContent('#request-result'), /Connection refused/);
  const rules = await run(page, 'proxy rules worker-1');
  assert.match(rules, /KUBE-SERVICES/);
  assert.deepEqual(errors, []);
});

test('an image that cannot be pulled: ErrImagePull, then ImagePullBackOff; fixed by clearing the fault', async () => {
  const { page, errors } = await open();
  await loadScenario(page, 'image-pull');
  assert.match(await page.textContent('#failures'), /image-pull nginx:1\.277/);
  await page.click('#apply');
  await run(page, 'tick 25s');
  const chips = await podStatuses(page);
  assert.ok(chips.length === 2 && chips.every((s) => /ErrImagePull|ImagePullBackOff/.test(s)), `${chips}`);
  const ev = await page.textContent('#events');
  assert.match(ev, /Failed to pull image "nginx:1\.277"/);
  assert.match(ev, /Back-off pulling image "nginx:1\.277"/);
  await shotArch(page, 'image-pull.png');
  await page.click('#fault-clear');
  await run(page, 'settle');
  assert.deepEqual(await podStatuses(page), ['1/1 Running', '1/1 Running']);
  assert.deepEqual(errors, []);
});

test('a readiness probe gates READY; a failing one takes the pods out of the Deployment availability', async () => {
  const { page, errors } = await open();
  await loadScenario(page, 'probes');
  await page.click('#apply');
  // Containers start before their first readiness probe passes.
  assert.ok(await stepUntil(page, async () => (await podStatuses(page)).includes('0/1 Running')), 'running, not ready');
  await run(page, 'settle');
  assert.deepEqual(await podStatuses(page), ['1/1 Running', '1/1 Running', '1/1 Running']);
  await page.selectOption('#fault-kind', 'probe readiness');
  assert.equal(await page.inputValue('#fault-image'), 'nginx:1.27');
  await page.click('#fault-inject');
  await run(page, 'tick 20s');
  assert.deepEqual(await podStatuses(page), ['0/1 Running', '0/1 Running', '0/1 Running']);
  assert.match(await page.textContent('#events'), /Readiness probe failed/);
  const out = await run(page, 'kubectl get deployment web');
  assert.match(out, /web\s+0\/3\s+3\s+0/);
  await shotArch(page, 'probes.png');
  assert.deepEqual(errors, []);
});

test('a stalled rollout shows ProgressDeadlineExceeded while the old pods keep running', async () => {
  const { page, errors } = await open();
  await loadScenario(page, 'stalled-rollout');
  assert.equal((await podStatuses(page)).filter((s) => s === '1/1 Running').length, 3);
  await page.click('#apply');
  assert.match(await page.textContent('#apply-result'), /deployment.apps\/web configured/);
  await run(page, 'tick 45s');
  const tree = await page.textContent('#tree');
  assert.match(tree, /web \(3\/3 ready, Progressing=False: ProgressDeadlineExceeded\)/);
  assert.ok((await podStatuses(page)).some((s) => /ImagePullBackOff|ErrImagePull/.test(s)));
  const out = await run(page, 'kubectl rollout status deployment/web');
  assert.match(out, /error: deployment "web" exceeded its progress deadline/);
  assert.deepEqual(errors, []);
});

test('embed mode: a compact player that fits a 700×450 iframe, with working controls', async () => {
  const page = await browser.newPage({ viewport: { width: 900, height: 1100 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(base + 'embed-example.html');
  const frame = page.frameLocator('iframe#classic');
  await frame.locator('#step').waitFor();
  // The player's viewport is 700×450 and it fits: no scrolling of the iframe's document.
  const f = page.frame({ url: /demo=classic/ });
  assert.deepEqual(await f.evaluate(() => [innerWidth, innerHeight]), [700, 450]);
  const size = await f.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
  assert.ok(size[0] <= 700 && size[1] <= 450, `fits: ${size}`);
  // The manifest is applied on load (kubectl's write is step 1).
  assert.match(await frame.locator('#stepno').textContent(), /step 1 \/ 1/);
  for (let i = 0; i < 3; i++) await frame.locator('#step').click();
  assert.match(await frame.locator('#stepno').textContent(), /step 4 \/ 4/);
  assert.match(await frame.locator('#explain').textContent(), /replicaset-controller|deployment-controller/);
  assert.match(await frame.locator('#events').textContent(), /ScalingReplicaSet/);
  await frame.locator('#back').click();
  assert.match(await frame.locator('#stepno').textContent(), /step 3 \/ 4/);
  const href = await frame.locator('#open-full').getAttribute('href');
  assert.ok(!href.includes('embed') && href.includes('demo=classic'), href);
  // The second player: another scenario, dark theme, already 12 steps in.
  const nf = page.frame({ url: /demo=node-failure/ });
  await nf.waitForSelector('#stepno');
  assert.match(await nf.textContent('#stepno'), /13 \/ 13/);
  assert.equal(await nf.textContent('#step'), '单步 ▶');
  assert.equal(await nf.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.ok(await nf.$('.node[data-node="worker-2"] .nodebtn'));
  await page.screenshot({ path: path.join(shots, 'embed.png'), fullPage: true });
  await page.locator('iframe#classic').screenshot({ path: path.join(shots, 'embed-player.png') });
  assert.deepEqual(errors, []);
});

test('switching to 中文 changes the UI strings and the step explanations, not kubectl output', async () => {
  const { page, errors } = await open();
  assert.equal(await page.textContent('#step'), 'Step ▶');
  await page.selectOption('#lang', 'zh-CN');
  assert.equal(await page.textContent('#step'), '单步 ▶');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  await page.click('#apply');
  for (let i = 0; i < 3; i++) await page.click('#step');
  const explain = await page.textContent('#explain');
  assert.match(explain, /[\u4e00-\u9fff]/, explain);
  assert.doesNotMatch(explain.split(': ').slice(1).join(': '), /\b(created|wants|replicas and has)\b/, explain);
  // kubectl output and event messages stay as Kubernetes prints them.
  const out = await run(page, 'kubectl get deploy');
  assert.match(out, /NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/);
  // ?lang=zh picks the language from the URL.
  const p2 = await browser.newPage();
  await p2.goto(base + '?lang=zh');
  await p2.waitForSelector('#editor');
  assert.equal(await p2.textContent('#apply'), '应用');
  await page.screenshot({ path: path.join(shots, 'zh.png') });
  assert.deepEqual(errors, []);
});

test("a controller waiting for its client's rate limiter shows as throttled", async () => {
  const { page, errors } = await open();
  // 60 replicas: the replicaset-controller's burst of 30 goes at once, the rest at 20/s.
  const yaml = (await page.inputValue('#editor')).replace('replicas: 5', 'replicas: 60');
  await page.fill('#editor', yaml);
  await page.click('#apply');
  const badge = '.comp[data-component="replicaset-controller"] .throttle';
  const shown = await stepUntil(page, async () => (await page.$(badge)) !== null, 20);
  assert.ok(shown, 'the throttled badge appears');
  assert.match(await page.textContent(badge), /^throttled \d/);
  assert.match(await page.getAttribute(badge, 'title'), /waiting [\d.]+s for its client's rate limiter \(20 QPS, burst 30\)/);
  assert.match(await page.textContent('#explain'), /replicaset-controller: .*created 30 pods .*; the other 30 of 60 wait for its client's rate limiter/);
  await shotArch(page, 'throttled.png');
  // Stepping on: the held creations go out one per token, each step saying it waited.
  const waited = await stepUntil(page, async () => /replicaset-controller: waited 0\.05s for its client's rate limiter \(20 QPS, burst 30\); created 1 more pod for ReplicaSet newkubia-\w+ \(3\d of 60\)/.test(await page.textContent("#explain")), 300);
  assert.ok(waited, 'a step that waited for a token');
  assert.deepEqual(errors, []);
});

test('a waiting command runs in slices and Stop interrupts it', async () => {
  const { page, errors } = await open();
  await run(page, 'cluster reset --workers 10 --pods 120');
  const yaml = (await page.inputValue('#editor')).replace('replicas: 5', 'replicas: 1000');
  await page.fill('#editor', yaml);
  await page.click('#apply');
  await page.fill('#console', 'kubectl rollout status deployment/newkubia');
  await page.press('#console', 'Enter');
  // The page keeps drawing while it waits, and offers Stop: press it on the first frame
  // that shows it (a DOM click, so the growing pod list cannot get in the way).
  await page.waitForFunction(() => {
    const b = document.querySelector('#stop');
    if (b) b.click();
    return !!b;
  }, null, { polling: 'raf' });
  await page.waitForFunction(() => !document.querySelector('#stop'));
  const out = await page.textContent('#console-output');
  assert.match(out, /kubestep: interrupted at \d\d:\d\d:\d\d\.\d+ \(step \d+\), .* after the command began; kubectl would still be waiting/);
  // The cluster stays where it stopped, and the console takes commands again.
  const get = await run(page, 'kubectl get deployment newkubia --no-headers');
  assert.match(get, /^newkubia\s+\d+\/1000/);
  assert.doesNotMatch(get, /1000\/1000/);
  assert.deepEqual(errors, []);
});

test('editing the live Deployment: replicas 5 → 3 as the seed does, and a stale edit conflicts', async () => {
  const { page, errors } = await open();
  await loadScenario(page, 'edit');
  await page.waitForFunction(() => /newkubia/.test(document.querySelector('#tree')?.textContent || ''));
  // Select deployment newkubia (the tree's first level) and open it in the editor.
  await page.click('#tree li.d0 button');
  await page.click('#edit-object');
  let yaml = await page.inputValue('#editor');
  assert.match(yaml, /^# Please edit the object below/);
  assert.match(yaml, /resourceVersion: "\d+"/);
  assert.match(yaml, /replicas: 5/);
  assert.match(await page.textContent('#editing-banner'), /Editing deployment\.apps\/newkubia \(resourceVersion \d+\)/);
  await page.fill('#editor', yaml.replace('replicas: 5', 'replicas: 3'));
  await page.click('#apply');
  assert.match(await page.textContent('#apply-result'), /deployment\.apps\/newkubia replaced/);
  assert.equal(await page.$('#editing-banner'), null, 'the edit is saved');
  await run(page, 'settle');
  const ev = await page.textContent('#events');
  assert.match(ev, /ScalingReplicaSet\s+deployment\/newkubia\s+Scaled down replica set newkubia-\w+ from 5 to 3/);
  assert.match(ev, /Killing/);
  assert.match(ev, /SuccessfulDelete/);
  assert.equal((await podStatuses(page)).filter((s) => s === '1/1 Running').length, 3);
  // A stale edit: open it, change it from the console, then save the old copy.
  await page.click('#tree li.d0 button');
  await page.click('#edit-object');
  yaml = await page.inputValue('#editor');
  await run(page, 'kubectl scale deployment newkubia --replicas=4');
  await page.fill('#editor', yaml.replace('replicas: 3', 'replicas: 2'));
  await page.click('#apply');
  const err = await page.textContent('#editor-error');
  assert.match(err, /Error from server \(Conflict\): error when replacing "STDIN": Operation cannot be fulfilled on deployments\.apps "newkubia": the object has been modified; please apply your changes to the latest version and try again/);
  assert.ok(await page.$('#editing-banner'), 'still editing after the conflict');
  await page.screenshot({ path: path.join(shots, 'edit-conflict.png') });
  const out = await run(page, 'kubectl get deployment newkubia -o jsonpath={.spec.replicas}');
  assert.match(out, /^4/);
  await page.click('#cancel-edit');
  assert.equal(await page.$('#editing-banner'), null);
  assert.deepEqual(errors, []);
});

test('kube-system: the control plane, kube-proxy and CoreDNS run before anything is applied', async () => {
  const { page, errors } = await open();
  const sys = (node) => page.$$eval(`.node[data-node="${node}"] .syspod`, (els) => els.map((e) => e.textContent));
  // kind's local-path provisioner (namespace local-path-storage) is a system pod too.
  assert.deepEqual((await sys('control-plane')).sort(),
    ['coredns', 'coredns', 'etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-proxy', 'kube-scheduler', 'local-path-provisioner']);
  assert.deepEqual(await sys('worker-1'), ['kube-proxy']);
  // The user's side of the node boxes starts empty; kube-system stays out of the events pane.
  assert.equal(await page.$$eval('.arch-pane .pod', (els) => els.length), 0);
  assert.doesNotMatch(await page.textContent('#events'), /kube-proxy|coredns|local-path/);
  const out = await run(page, 'kubectl get pods -A');
  assert.match(out, /kube-system\s+etcd-control-plane\s+1\/1\s+Running/);
  assert.match(out, /local-path-storage\s+local-path-provisioner-\w+-\w{5}\s+1\/1\s+Running/);
  assert.equal(out.trim().split('\n').length, 11, out);
  assert.deepEqual(errors, []);
});

test('draining a node with a DaemonSet pod: kubectl refuses, then --ignore-daemonsets drains it', async () => {
  const { page, errors } = await open();
  await loadScenario(page, 'drain-daemonset');
  await page.waitForFunction(() => document.querySelectorAll('.node[data-node="worker-1"] .pod').length === 2);
  const refused = await run(page, 'kubectl drain worker-1');
  assert.match(refused, /node\/worker-1 cordoned/);
  assert.match(refused, /cannot delete DaemonSet-managed Pods \(use --ignore-daemonsets to ignore\): kube-system\/kube-proxy-\w{5}/);
  const drained = await run(page, 'kubectl drain worker-1 --ignore-daemonsets');
  assert.match(drained, /Warning: ignoring DaemonSet-managed Pods: kube-system\/kube-proxy-\w{5}/);
  assert.match(drained, /evicting pod default\/web-/);
  assert.match(drained, /node\/worker-1 drained/);
  // The web pods run on worker-2 now; worker-1 keeps only its kube-proxy.
  assert.equal(await page.$$eval('.node[data-node="worker-1"] .pod', (els) => els.length), 0);
  assert.deepEqual(await page.$$eval('.node[data-node="worker-1"] .syspod', (els) => els.map((e) => e.textContent)), ['kube-proxy']);
  const w2 = await page.$$eval('.node[data-node="worker-2"] .pod .pstat', (els) => els.map((e) => e.textContent));
  assert.equal(w2.filter((s) => s === '1/1 Running').length, 4, `${w2}`);
  await shotArch(page, 'drain-daemonset.png');
  assert.deepEqual(errors, []);
});

test('a DaemonSet puts one pod on each worker and follows a node that joins', async () => {
  const { page, errors } = await open();
  await loadScenario(page, 'daemonset');
  await page.click('#apply');
  await run(page, 'settle');
  for (const n of ['worker-1', 'worker-2']) {
    const chips = await page.$$eval(`.node[data-node="${n}"] .pod`, (els) => els.map((e) => e.textContent));
    assert.equal(chips.length, 1, `${n}: ${chips}`);
    assert.match(chips[0], /log-agent-\w{5}.*1\/1 Running/);
  }
  assert.equal(await page.$$eval('.node[data-node="control-plane"] .pod', (els) => els.length), 0);
  await run(page, 'node add worker-3');
  await run(page, 'settle');
  const w3 = await page.$$eval('.node[data-node="worker-3"] .pod .pstat', (els) => els.map((e) => e.textContent));
  assert.deepEqual(w3, ['1/1 Running']);
  assert.match(await page.textContent('#tree'), /DaemonSet log-agent \(3\/3\)/);
  const hist = await run(page, 'kubectl rollout history ds/log-agent');
  assert.match(hist, /REVISION\s+CHANGE-CAUSE\n1\s+<none>/);
  assert.deepEqual(errors, []);
});

test('a CronJob over a virtual day keeps three successful Jobs', async () => {
  const { page, errors } = await open();
  await loadScenario(page, 'cronjob');
  assert.match(await page.inputValue('#editor'), /kind: CronJob/);
  await page.click('#apply');
  assert.match(await page.textContent('#apply-result'), /cronjob.batch\/backup created/);
  // The schedule's times are routine timers: tick runs the clock through them (settle then
  // lets a Job that started at the very end finish and the history limit catch up).
  await run(page, 'tick 24h');
  await run(page, 'settle');
  const jobs = await run(page, 'kubectl get jobs');
  const rows = jobs.trim().split('\n').slice(1);
  assert.equal(rows.length, 3, jobs);
  for (const r of rows) assert.match(r, /^backup-\d+\s+Complete\s+1\/1\s/, jobs);
  const cj = await run(page, 'kubectl get cronjobs --no-headers');
  assert.match(cj, /^backup\s+@hourly\s+<none>\s+False\s+0\s+/);
  const ev = await run(page, 'kubectl get events');
  assert.match(ev, /SuccessfulDelete/);
  assert.match(ev, /Deleted job backup-\d+/);
  // The objects tree nests the Jobs under their CronJob.
  const tree = await page.textContent('#tree');
  assert.match(tree, /CronJob backup \(@hourly, 0 active, last schedule \S+ ago\)/);
  assert.equal(await page.$$eval('#tree li.d1', (els) => els.filter((e) => /^Job backup-\d+ \(Complete, 1\/1\)$/.test(e.textContent.trim())).length), 3);
  assert.deepEqual(errors, []);
});

test('a StatefulSet starts web-0 before web-1 and scales down from the top', async () => {
  const { page, errors } = await open();
  await loadScenario(page, 'statefulset');
  assert.match(await page.inputValue('#editor'), /kind: StatefulSet/);
  await page.click('#apply');
  const applied = await page.textContent('#apply-result');
  assert.match(applied, /service\/nginx created/);
  assert.match(applied, /statefulset\.apps\/web created/);
  // OrderedReady: step until web-1 exists; by then web-0 is Running and Ready, and web-2
  // does not exist yet.
  const chips = () => page.$$eval('.arch-pane .pod', (els) =>
    Object.fromEntries(els.map((e) => [e.querySelector('.pname').textContent, e.querySelector('.pstat').textContent])));
  assert.ok(await stepUntil(page, async () => 'web-1' in await chips()), 'web-1 is created');
  const first = await chips();
  assert.equal(first['web-0'], '1/1 Running', JSON.stringify(first));
  assert.ok(!('web-2' in first), JSON.stringify(first));
  assert.match(await page.textContent('#tree'), /StatefulSet web \(1\/3 ready\)/);
  await run(page, 'settle');
  assert.deepEqual(await podStatuses(page), ['1/1 Running', '1/1 Running', '1/1 Running']);
  // The tree: the StatefulSet with its pods in ordinal order, each claim with its volume.
  const tree = await page.textContent('#tree');
  assert.match(tree, /StatefulSet web \(3\/3 ready\)/);
  const d1 = await page.$$eval('#tree li.d1', (els) => els.map((e) => e.textContent.trim()));
  assert.deepEqual(d1.filter((t) => /^Pod web-/.test(t)), ['Pod web-0 (Running)', 'Pod web-1 (Running)', 'Pod web-2 (Running)']);
  for (const n of [0, 1, 2]) assert.match(tree, new RegExp(`PersistentVolumeClaim www-web-${n} \\(Bound, 1Gi\\)`));
  assert.equal(d1.filter((t) => /^PersistentVolume pvc-[0-9a-f-]+ \(Bound, on worker-\d\)$/.test(t)).length, 3, `${d1}`);
  const created = await run(page, 'kubectl get events --field-selector involvedObject.kind=StatefulSet');
  const at = (text, s) => { const i = text.indexOf(s); assert.ok(i >= 0, `${s} in\n${text}`); return i; };
  assert.ok(at(created, 'create Pod web-0 in StatefulSet web successful') < at(created, 'create Pod web-1 in StatefulSet web successful'));
  assert.ok(at(created, 'create Pod web-1 in StatefulSet web successful') < at(created, 'create Pod web-2 in StatefulSet web successful'));
  assert.ok(at(created, 'create Claim www-web-1 Pod web-1 in StatefulSet web success') < at(created, 'create Pod web-1 in StatefulSet web successful'));
  // Scale down: the highest ordinal goes first, one at a time; the claims stay.
  assert.match(await run(page, 'kubectl scale sts web --replicas=1'), /statefulset\.apps\/web scaled/);
  await run(page, 'settle');
  const ev = await run(page, 'kubectl get events --sort-by=.lastTimestamp');
  assert.ok(at(ev, 'delete Pod web-2 in StatefulSet web successful') < at(ev, 'delete Pod web-1 in StatefulSet web successful'));
  assert.doesNotMatch(ev, /delete Pod web-0/);
  assert.deepEqual(await podStatuses(page), ['1/1 Running']);
  const pvc = await run(page, 'kubectl get pvc');
  for (const n of [0, 1, 2]) assert.match(pvc, new RegExp(`^www-web-${n}\\s+Bound\\s+pvc-[0-9a-f-]+\\s+1Gi\\s+RWO\\s+standard\\s`, 'm'), pvc);
  assert.match(await page.textContent('#tree'), /StatefulSet web \(1\/1 ready\)/);
  await shotArch(page, 'statefulset.png');
  assert.deepEqual(errors, []);
});

// The autoscaling panel's state for HPA `name`: the Deployment's replicas and ready count,
// the utilization the HPA read, and the chart's point count.
async function hpaState(page, name = 'web') {
  return page.$eval(`.hpa[data-hpa="${name}"]`, (e) => ({
    replicas: Number(e.dataset.replicas),
    ready: Number(e.dataset.ready),
    utilization: e.dataset.utilization === '' ? null : Number(e.dataset.utilization),
    points: Number(e.querySelector('svg').dataset.points),
    load: e.querySelector('.loadnow')?.textContent,
  }));
}

// Set the total CPU load with the panel's control; returns the console entry it made.
async function setLoad(page, q, name = 'web') {
  const before = await page.$$eval('#console-output .centry', (els) => els.length);
  await page.fill(`.hpa[data-hpa="${name}"] .load-cpu`, q);
  await page.click(`.hpa[data-hpa="${name}"] .load-set`);
  await page.waitForFunction((n) => document.querySelectorAll('#console-output .centry').length > n, before);
  return page.$eval('#console-output .centry:last-child', (e) => ({
    command: e.querySelector('.cmd').textContent, output: e.querySelector('.out').textContent,
  }));
}

test('HPA under load: the load control scales web up; dropped, the load scales it down only after the 5-minute window', async () => {
  const { page, errors } = await open();
  await loadScenario(page, 'hpa');
  assert.match(await page.inputValue('#editor'), /cpu: 200m/);
  // The setup installed metrics-server, made the HPA and let it take a first reading.
  await page.waitForSelector('.hpa[data-hpa="web"]');
  let s = await hpaState(page);
  assert.equal(s.replicas, 1);
  assert.equal(s.utilization, 0);
  assert.equal(s.load, 'no load rule: idle');
  assert.ok(await page.$('.comp[data-component="metrics-server"]'), 'metrics-server in the architecture view');
  assert.ok(await page.$('.comp[data-component="horizontal-pod-autoscaler"]'));
  assert.match(await page.textContent('#tree'), /HorizontalPodAutoscaler web \(cpu: 0%\/50%, 1 replica \(1–10\)\)/);
  // Raise the load with the panel: the console's own `load` command runs.
  const entry = await setLoad(page, '900m');
  assert.equal(entry.command, '$ load deployment/web --cpu 900m --total');
  assert.equal(entry.output, 'load: deployment/web -n default cpu 900m (total, shared by the Ready pods)\n');
  assert.match((await hpaState(page)).load, /^load now: 900m in total/);
  await run(page, 'settle');
  s = await hpaState(page);
  assert.equal(s.replicas, 9, JSON.stringify(s));
  assert.equal(s.ready, 9, JSON.stringify(s));
  assert.equal(s.utilization, 50, JSON.stringify(s));
  assert.ok(s.points >= 5, `the chart has the steps 1 → 4 → 8 → 9: ${s.points} points`);
  assert.match(await page.textContent('#tree'), /HorizontalPodAutoscaler web \(cpu: 50%\/50%, 9 replicas \(1–10\)\)/);
  assert.match(await page.textContent('#tree'), /Deployment web \(9\/9 ready\)/);
  await shotArch(page, 'hpa-up.png');
  // Drop it: the HPA reads the low utilization but keeps 9 for the 5-minute window.
  const drop = await setLoad(page, '50m');
  assert.equal(drop.command, '$ load deployment/web --cpu 50m --total');
  await run(page, 'tick 4m');
  s = await hpaState(page);
  assert.equal(s.replicas, 9, `still 9 within the window: ${JSON.stringify(s)}`);
  assert.ok(s.utilization < 50, JSON.stringify(s));
  await run(page, 'tick 2m');
  await run(page, 'settle');
  s = await hpaState(page);
  assert.equal(s.replicas, 1, `scaled down past the window: ${JSON.stringify(s)}`);
  assert.equal(s.ready, 1, JSON.stringify(s));
  const ev = await run(page, 'kubectl get events --field-selector involvedObject.kind=HorizontalPodAutoscaler');
  assert.match(ev, /New size: 4; reason: cpu resource utilization \(percentage of request\) above target/);
  assert.match(ev, /New size: 1; reason: All metrics below target/);
  // The clear button removes the rule.
  await page.click('.hpa[data-hpa="web"] .load-clear');
  await page.waitForFunction(() => /load: rule for deployment\/web cleared/.test(document.querySelector('#console-output .centry:last-child .out')?.textContent || ''));
  assert.equal((await hpaState(page)).load, 'no load rule: idle');
  await shotArch(page, 'hpa-down.png');
  assert.deepEqual(errors, []);
});

test('HPA: the load is in the op log, so stepping back shows the earlier chart and a share link replays it', async () => {
  const { page, errors } = await open();
  await loadScenario(page, 'hpa');
  await page.waitForSelector('.hpa[data-hpa="web"]');
  const k0 = Number((await page.textContent('#stepno')).match(/(\d+) \/ \d+/)[1]);
  const p0 = (await hpaState(page)).points;
  await setLoad(page, '900m');
  await run(page, 'settle');
  const up = await hpaState(page);
  assert.equal(up.replicas, 9);
  // Back to the step before the load: one replica, the chart as it was then.
  await page.$eval('#scrubber', (el, v) => { el.value = String(v); el.dispatchEvent(new Event('input', { bubbles: true })); }, k0);
  await page.waitForSelector('#viewing');
  const back = await hpaState(page);
  assert.equal(back.replicas, 1, JSON.stringify(back));
  assert.equal(back.points, p0, JSON.stringify(back));
  // And forward again to the end.
  const total = Number((await page.textContent('#stepno')).match(/\/ (\d+)/)[1]);
  await page.$eval('#scrubber', (el, v) => { el.value = String(v); el.dispatchEvent(new Event('input', { bubbles: true })); }, total);
  assert.deepEqual(await hpaState(page), up);
  // The session's script has the load line; its link replays to the same state.
  await page.click('#share');
  await page.waitForSelector('#share-dialog');
  const link = await page.inputValue('#share-link');
  const script = await page.inputValue('#share-script');
  await page.click('#share-close');
  assert.match(script, /^addon metrics-server$/m);
  assert.match(script, /^load deployment\/web --cpu 900m --total$/m);
  const other = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const otherErrors = [];
  other.on('pageerror', (e) => otherErrors.push(String(e)));
  await other.goto(link);
  await other.waitForFunction(() => /Opened this shared link/.test(document.querySelector('#notice')?.textContent || ''), null, { timeout: 60000 });
  assert.deepEqual(await hpaState(other), up);
  assert.equal(await other.textContent('#stepno'), await page.textContent('#stepno'));
  assert.deepEqual(errors, []);
  assert.deepEqual(otherErrors, []);
});

// Run a console line and wait for the command to end (a drain or a delete that waits runs in
// slices; the Stop button shows until then); returns its whole output.
async function runToEnd(page, line) {
  await run(page, line);
  await page.waitForFunction(() => !document.querySelector('#stop'));
  return page.$eval('#console-output .centry:last-child .out', (e) => e.textContent);
}

// A node's own pods in the architecture view: name → status.
const nodePods = (page, node) => page.$$eval(`.node[data-node="${node}"] .pod`, (els) =>
  Object.fromEntries(els.map((e) => [e.querySelector('.pname').textContent, e.querySelector('.pstat').textContent])));

test('PDB: kubectl drain gets 429 for the second pod, retries every 5s, and drains once a replacement is Ready', async () => {
  const { page, errors } = await open();
  await loadScenario(page, 'pdb-drain');
  assert.match(await page.inputValue('#editor'), /replicas: 3/);
  // The setup settled web and made the budget: 3 healthy, 2 must stay, so 1 disruption.
  const w2 = await nodePods(page, 'worker-2');
  assert.deepEqual(Object.values(w2), ['1/1 Running', '1/1 Running'], JSON.stringify(w2));
  const w1 = Object.keys(await nodePods(page, 'worker-1'));
  assert.equal(w1.length, 1);
  assert.match(await page.textContent('#tree'), /PodDisruptionBudget web \(min available 2, allowed disruptions 1\)/);
  assert.match(await run(page, 'kubectl get pdb'), /^web\s+2\s+N\/A\s+1\s+\d+s$/m);
  assert.ok(await page.$('.comp[data-component="disruption-controller"]'), 'disruption-controller in the architecture view');
  const out = await runToEnd(page, 'kubectl drain worker-2 --ignore-daemonsets');
  // The first eviction takes the one disruption; the second pod is refused (429) and tried
  // again 5s later, after the first is gone and its replacement is Ready.
  const refused = out.match(/error when evicting pods\/"(\S+)" -n "default" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\.\n/);
  assert.ok(refused, out);
  const second = refused[1];
  const first = Object.keys(w2).find((n) => n !== second);
  assert.ok(first && second in w2, out);
  assert.equal(out.match(/will retry after 5s/g).length, 1, out);
  const at = (s, from = 0) => { const i = out.indexOf(s, from); assert.ok(i >= 0, `${s} in\n${out}`); return i; };
  const order = [
    at('node/worker-2 cordoned'),
    at(`evicting pod default/${first}\n`),
    at(refused[0]),
    at(`pod/${first} evicted\n`),
    at(`evicting pod default/${second}\n`, at(`pod/${first} evicted\n`)),
    at(`pod/${second} evicted\n`),
    at('node/worker-2 drained\n'),
  ];
  assert.deepEqual([...order].sort((x, y) => x - y), order, out);
  // The first replacement started (Ready: nginx has no probe) before the refused pod was
  // stopped: the events, in the order they happened.
  const ev = await page.textContent('#events');
  const started = (n) => ev.search(new RegExp(`Started\\s+pod/${n}\\s+Started container nginx`));
  const replacements = Object.keys(await nodePods(page, 'worker-1')).filter((n) => !w1.includes(n));
  assert.equal(replacements.length, 2, `${replacements}`);
  const firstStart = Math.min(...replacements.map(started));
  assert.ok(firstStart >= 0, ev);
  const killed = ev.search(new RegExp(`Killing\\s+pod/${second}\\s+Stopping container nginx`));
  assert.ok(firstStart < killed, ev);
  // worker-2 is empty and cordoned; web runs its 3 pods on worker-1; the budget allows 1 again.
  assert.deepEqual(await nodePods(page, 'worker-2'), {});
  assert.match(await page.textContent('.node[data-node="worker-2"] .ntitle'), /worker-2 \(Ready,SchedulingDisabled\)/);
  assert.deepEqual(Object.values(await nodePods(page, 'worker-1')), ['1/1 Running', '1/1 Running', '1/1 Running']);
  assert.match(await page.textContent('#tree'), /PodDisruptionBudget web \(min available 2, allowed disruptions 1\)/);
  assert.equal(await run(page, `kubectl get pdb web -o jsonpath='{.status.currentHealthy}/{.status.desiredHealthy} allowed={.status.disruptionsAllowed}'`), '3/2 allowed=1');
  await shotArch(page, 'pdb-drained.png');
  assert.deepEqual(errors, []);
});

test('PDB: a drain that gives up while the budget is spent leaves a pod on the node until a replacement is Ready; then it drains', async () => {
  const { page, errors } = await open();
  await loadScenario(page, 'pdb-drain');
  const w2 = await nodePods(page, 'worker-2');
  const w1 = Object.keys(await nodePods(page, 'worker-1'));
  // 200ms: the drain stops before its 5s retry, with the budget at 0.
  const out = await runToEnd(page, 'kubectl drain worker-2 --ignore-daemonsets --timeout=200ms');
  const refused = out.match(/error when evicting pods\/"(\S+)" -n "default" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\./);
  assert.ok(refused, out);
  const second = refused[1];
  const first = Object.keys(w2).find((n) => n !== second);
  assert.match(out, new RegExp(`error when evicting pods/"${second}" -n "default": global timeout reached: 200ms`));
  assert.doesNotMatch(out, /node\/worker-2 drained/);
  assert.match(out, /error: unable to drain node "worker-2"/);
  // The refused pod still runs on worker-2, the evicted one is stopping, its replacement on
  // worker-1 is not Ready yet: 2 healthy pods, none to spare.
  let pods2 = await nodePods(page, 'worker-2');
  assert.equal(pods2[second], '1/1 Running', JSON.stringify(pods2));
  assert.equal(pods2[first], '1/1 Terminating', JSON.stringify(pods2));
  const fresh = async () => Object.entries(await nodePods(page, 'worker-1')).filter(([n]) => !w1.includes(n));
  const [[replacement, status]] = await fresh();
  assert.notEqual(status, '1/1 Running');
  assert.match(await page.textContent('#tree'), /PodDisruptionBudget web \(min available 2, allowed disruptions 0\)/);
  // Step: the replacement turns Ready, then the disruption-controller allows 1 again.
  assert.ok(await stepUntil(page, async () => (await nodePods(page, 'worker-1'))[replacement] === '1/1 Running', 50));
  assert.ok(await stepUntil(page, async () => /allowed disruptions 1\)/.test(await page.textContent('#tree')), 50));
  assert.match(await page.textContent('#explain'), /disruption-controller: PodDisruptionBudget web: 3 of \d expected pods are healthy and 2 must stay healthy, so 1 disruption\(s\) allowed/);
  assert.equal((await nodePods(page, 'worker-2'))[second], '1/1 Running');
  // Drain again: the eviction is granted at once.
  const done = await runToEnd(page, 'kubectl drain worker-2 --ignore-daemonsets');
  assert.doesNotMatch(done, /will retry/);
  assert.ok(done.includes(`evicting pod default/${second}\n`) && done.includes(`pod/${second} evicted\n`), done);
  assert.match(done, /node\/worker-2 drained\n$/);
  assert.deepEqual(await nodePods(page, 'worker-2'), {});
  assert.deepEqual(Object.values(await nodePods(page, 'worker-1')), ['1/1 Running', '1/1 Running', '1/1 Running']);
  assert.deepEqual(errors, []);
});

test('a namespace being deleted stays Terminating, refuses new content, and goes once its slow pod is killed', async () => {
  const { page, errors } = await open();
  await loadScenario(page, 'namespace');
  assert.match(await page.inputValue('#editor'), /kind: Namespace/);
  assert.deepEqual(await podStatuses(page), ['1/1 Running', '1/1 Running', '1/1 Running']);
  assert.match(await page.textContent('#tree'), /Namespace shop \(Active\)/);
  assert.ok(await page.$('.comp[data-component="namespace-controller"]'), 'namespace-controller in the architecture view');
  assert.equal(await run(page, 'kubectl delete namespace shop --wait=false'), 'namespace "shop" deleted\n');
  // Marked for deletion, not gone: Terminating while the kubernetes finalizer stays.
  assert.match(await run(page, 'kubectl get ns'), /^shop\s+Terminating\s+\d+s$/m);
  assert.match(await page.textContent('#tree'), /Namespace shop \(Terminating\)/);
  assert.equal(await run(page, `kubectl get ns shop -o jsonpath='{.status.phase} {.spec.finalizers}'`), 'Terminating ["kubernetes"]');
  const refused = await run(page, 'kubectl run p --image=nginx -n shop');
  assert.equal(refused, 'Error from server (Forbidden): pods "p" is forbidden: unable to create new content in namespace shop because it is being terminated\n');
  assert.ok(await page.$('#console-output .centry:last-child .out.err'));
  // 5s after the delete the namespace-controller deletes the content; the pods remain.
  assert.ok(await stepUntil(page, async () => /namespace-controller/.test(await page.textContent('#explain')), 50));
  assert.match(await page.textContent('#explain'), /namespace shop is Terminating: deleted \d+ object\(s\) in it; still there: 3 pods, so it stays Terminating \(NamespaceContentRemaining\)/);
  const d = await run(page, 'kubectl describe namespace shop');
  assert.match(d, /^Status:\s+Terminating$/m);
  assert.match(d, /NamespaceContentRemaining\s+True\s+.+SomeResourcesRemain\s+Some resources are remaining: pods\. has 3 resource instances/);
  // web's pods stop in a second; slow's sh ignores SIGTERM and keeps its pod Terminating for
  // the 30s grace period, with its Deployment and ReplicaSet already gone.
  await run(page, 'tick 10s');
  assert.deepEqual(await podStatuses(page), ['1/1 Terminating']);
  assert.match(await page.textContent('#tree'), /Pod slow-\w+-\w{5} \(Terminating\)/);
  assert.doesNotMatch(await page.textContent('#tree'), /Deployment (web|slow)/);
  assert.match(await run(page, 'kubectl get ns shop --no-headers'), /^shop\s+Terminating\s/);
  // Once it is killed the controller removes the finalizer and the namespace goes.
  await run(page, 'settle');
  assert.doesNotMatch(await run(page, 'kubectl get ns'), /shop/);
  assert.equal(await run(page, 'kubectl get ns shop'), 'Error from server (NotFound): namespaces "shop" not found\n');
  assert.deepEqual(await podStatuses(page), []);
  assert.doesNotMatch(await page.textContent('#tree'), /shop|slow-/);
  const ev = await run(page, 'kubectl get events -n shop');
  assert.equal(ev, 'No resources found in shop namespace.\n');
  // Apply brings it back.
  await page.click('#apply');
  assert.match(await page.textContent('#apply-result'), /namespace\/shop created\ndeployment\.apps\/web created\ndeployment\.apps\/slow created/);
  await shotArch(page, 'namespace.png');
  assert.deepEqual(errors, []);
});

test('Missing ConfigMap: CreateContainerConfigError until app-config exists; a patch restarts nothing, rollout restart rolls new pods', async () => {
  const { page, errors } = await open();
  await loadScenario(page, 'missing-configmap');
  assert.match(await page.inputValue('#editor'), /configMapKeyRef:\n\s+name: app-config\n\s+key: color/, 'the manifest takes COLOR from app-config');
  assert.match(await page.textContent('#console-output'), /deployment\.apps\/web created/, 'the setup applied web');
  // 1. Step: the pods are scheduled and pulled, then wait in CreateContainerConfigError.
  const broken = ['0/1 CreateContainerConfigError', '0/1 CreateContainerConfigError'];
  assert.ok(await stepUntil(page, async () => JSON.stringify(await podStatuses(page)) === JSON.stringify(broken), 200),
    `step 1: both pods show CreateContainerConfigError; the chips say ${JSON.stringify(await podStatuses(page))}`);
  const tree = await page.textContent('#tree');
  assert.equal((tree.match(/Pod web-\w+-\w{5} \(CreateContainerConfigError\)/g) || []).length, 2, `step 1: the tree shows two pods in CreateContainerConfigError:\n${tree}`);
  assert.doesNotMatch(tree, /ConfigMap/, 'step 1: no ConfigMap in the tree yet');
  const ev = await page.textContent('#events');
  assert.equal((ev.match(/Warning\s+Failed\s+pod\/web-\S+\s+Error: configmap "app-config" not found/g) || []).length, 2,
    `step 1: the events pane has a Failed event for each pod:\n${ev}`);
  const failed = await run(page, 'kubectl get events --field-selector reason=Failed');
  assert.equal((failed.match(/^\S+\s+Warning\s+Failed\s+pod\/web-\S+\s+Error: configmap "app-config" not found$/gm) || []).length, 2,
    `step 1: kubectl get events --field-selector reason=Failed:\n${failed}`);
  await shotArch(page, 'configmap-missing.png');
  // 2. The kubelet tries again after 10–15s (the pod worker's jittered back-off): after 25s,
  // two or three attempts.
  await run(page, 'tick 25s');
  assert.deepEqual(await podStatuses(page), broken, 'step 2: still CreateContainerConfigError after 25s');
  const desc = await run(page, 'kubectl describe pods');
  assert.match(desc, /^\s+Reason:\s+CreateContainerConfigError$/m, `step 2: describe shows the waiting reason:\n${desc}`);
  assert.match(desc, /COLOR:\s+<set to the key 'color' of config map 'app-config'>\s+Optional: false/, `step 2: describe shows where COLOR comes from:\n${desc}`);
  assert.equal((desc.match(/Warning\s+Failed\s+\S+ \(x[23] over [12]\ds\)\s+kubelet\s+Error: configmap "app-config" not found/g) || []).length, 2,
    `step 2: describe counts two or three attempts for each pod:\n${desc}`);
  // 3. Create the ConfigMap: the next retry starts the containers (the same pods).
  const oldPods = Object.keys(await nodePods(page, 'worker-1')).concat(Object.keys(await nodePods(page, 'worker-2'))).filter((n) => n.startsWith('web-')).sort();
  assert.equal(oldPods.length, 2, `${oldPods}`);
  assert.equal(await run(page, 'kubectl create configmap app-config --from-literal=color=blue'), 'configmap/app-config created\n', 'step 3: create configmap');
  assert.match(await page.textContent('#tree'), /ConfigMap app-config \(1 key\)/, 'step 3: the ConfigMap shows in the tree');
  const running = ['1/1 Running', '1/1 Running'];
  assert.ok(await stepUntil(page, async () => JSON.stringify(await podStatuses(page)) === JSON.stringify(running), 200),
    `step 3: both pods run once app-config exists; the chips say ${JSON.stringify(await podStatuses(page))}`);
  const pods = await run(page, 'kubectl get pods');
  for (const n of oldPods) assert.match(pods, new RegExp(`^${n}\\s+1/1\\s+Running\\s+0\\s`, 'm'), `step 3: ${n} runs, not restarted:\n${pods}`);
  const started = await page.textContent('#events');
  for (const n of oldPods) assert.match(started, new RegExp(`Started\\s+pod/${n}\\s+Started container nginx`), `step 3: ${n} started:\n${started}`);
  await shotArch(page, 'configmap-created.png');
  // 4. A new value restarts nothing.
  assert.equal(await run(page, `kubectl patch configmap app-config -p '{"data":{"color":"green"}}'`), 'configmap/app-config patched\n', 'step 4: patch');
  assert.equal(await run(page, `kubectl get configmap app-config -o jsonpath='{.data.color}'`), 'green', 'step 4: the ConfigMap holds green');
  assert.match(await run(page, 'settle'), /settled in/, 'step 4: settle');
  const same = await run(page, 'kubectl get pods');
  for (const n of oldPods) assert.match(same, new RegExp(`^${n}\\s+1/1\\s+Running\\s+0\\s`, 'm'), `step 4: ${n} still runs, not restarted:\n${same}`);
  assert.equal((same.match(/^web-/gm) || []).length, 2, `step 4: no new pods:\n${same}`);
  // 5. kubectl rollout restart: two new pods replace the old ones.
  assert.equal(await run(page, 'kubectl rollout restart deployment/web'), 'deployment.apps/web restarted\n', 'step 5: rollout restart');
  assert.match(await run(page, `kubectl get deploy web -o jsonpath='{.spec.template.metadata.annotations}'`), /^\{"kubectl\.kubernetes\.io\/restartedAt":"2025-01-01T\d\d:\d\d:\d\dZ"\}$/, 'step 5: the template got restartedAt');
  assert.match(await run(page, 'settle'), /settled in/, 'step 5: settle');
  assert.deepEqual(await podStatuses(page), running, 'step 5: two pods run');
  const fresh = await run(page, 'kubectl get pods --no-headers');
  const names = fresh.trim().split('\n').map((l) => l.split(/\s+/)[0]);
  assert.equal(names.length, 2, `step 5: two pods:\n${fresh}`);
  for (const n of names) assert.ok(!oldPods.includes(n), `step 5: ${n} is new (old: ${oldPods}):\n${fresh}`);
  const rs = await run(page, 'kubectl get rs --no-headers');
  assert.match(rs, new RegExp(`^${oldPods[0].replace(/-\w{5}$/, '')}\\s+0\\s+0\\s+0\\s`, 'm'), `step 5: the old ReplicaSet is scaled to 0:\n${rs}`);
  assert.match(await page.textContent('#events'), /ScalingReplicaSet\s+deployment\/web\s+Scaled down replica set web-\w+ from 1 to 0/, 'step 5: the rollout scaled the old ReplicaSet down');
  await shotArch(page, 'configmap-restarted.png');
  assert.deepEqual(errors, []);
});

test('a 10,000-pod cluster stays usable: the pod grid, Step, Back, scrub, click a pod, scroll the events', async () => {
  const { page, errors } = await open({ width: 1280, height: 900 });
  const run = async (cmd, until) => {
    await page.fill('#console', cmd);
    await page.press('#console', 'Enter');
    await page.waitForFunction(([c, u]) => {
      const t = document.querySelector('#console-output').textContent;
      return t.includes('$ ' + c) && (!u || t.includes(u));
    }, [cmd, until], { timeout: 300000, polling: 200 });
  };
  await run('cluster reset --workers 100 --cpu 64 --memory 256Gi --pods 120');
  await page.fill('#editor', (await page.inputValue('#editor')).replace('replicas: 5', 'replicas: 10000'));
  await page.click('#apply');
  await run('settle', 'settled in');
  // One canvas instead of 10,000 chips; the tree folds the ReplicaSet's pods into a line.
  assert.ok(await page.$('#podgrid canvas'), 'the pod grid is drawn');
  assert.equal(await page.$$eval('.arch-pane .pod', (els) => els.length), 0);
  assert.match(await page.textContent('#gridinfo'), /10000 pods on 101 nodes/);
  assert.match(await page.textContent('.legend'), /10000 ready/);
  assert.match(await page.textContent('#tree'), /▸ 10000 pods: 10000 ready/);
  const dom = await page.evaluate(() => document.getElementsByTagName('*').length);
  assert.ok(dom < 1500, `the page holds ${dom} elements, not one per pod or event`);
  // The events pane holds only the lines in view (and some either side), the newest last.
  const lines = await page.$$eval('#events .evrow', (els) => els.map((e) => e.textContent));
  assert.ok(lines.length > 5 && lines.length < 150, `${lines.length} event lines in the DOM`);
  assert.match(lines[lines.length - 1], /Normal +(Started|Scheduled|Created|Pulled)/);
  // Scrolled to the top: the header and the first events, in the same columns.
  await page.$eval('#events', (e) => { e.scrollTop = 0; e.dispatchEvent(new Event('scroll')); });
  await page.waitForFunction(() => /^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE/.test(document.querySelector('#events .evrow')?.textContent || ''));
  const top = await page.$$eval('#events .evrow', (els) => els.slice(0, 3).map((e) => e.textContent));
  assert.equal(top[0].indexOf('TYPE'), top[1].indexOf('Normal'), `aligned columns:\n${top.join('')}`);
  // Step, Back and the scrubber each take well under a few seconds at this size.
  const timed = async (act, until, arg) => {
    const t = Date.now();
    await act();
    await page.waitForFunction(until, arg, { timeout: 10000 });
    return Date.now() - t;
  };
  const total = Number((await page.textContent('#stepno')).match(/\/ (\d+)/)[1]);
  const stepMs = await timed(() => page.click('#step'), (n) => document.querySelector('#stepno').textContent.includes(`${n} / ${n}`), total + 1);
  const backMs = await timed(() => page.click('#back'), () => !!document.querySelector('#viewing'));
  assert.match(await page.textContent('#stepno'), new RegExp(`^step ${total} / ${total + 1}`));
  const mid = Math.floor(total / 2);
  const scrubMs = await timed(() => page.$eval('#scrubber', (s, m) => {
    s.value = String(m);
    s.dispatchEvent(new Event('input', { bubbles: true }));
  }, mid), (m) => document.querySelector('#stepno').textContent.startsWith(`step ${m} /`), mid);
  console.log(`10,000 pods: Step ${stepMs} ms, Back ${backMs} ms, scrub to step ${mid} ${scrubMs} ms (Playwright round trips included)`);
  // Back at the end; a pod's cell opens the pod, unfolds its ReplicaSet's pods and selects it.
  await page.click('#step');
  const scrubbed = Number((await page.textContent('#stepno')).match(/^step (\d+)/)[1]);
  assert.equal(scrubbed, mid + 1);
  await page.$eval('#scrubber', (s) => { s.value = s.max; s.dispatchEvent(new Event('input', { bubbles: true })); });
  await page.waitForFunction(() => !document.querySelector('#viewing'));
  const canvas = await page.$('#podgrid canvas');
  const [x, y] = (await canvas.getAttribute('data-first-pod')).split(',').map(Number);
  await canvas.click({ position: { x, y } });
  await page.waitForFunction(() => /^kind: Pod$/m.test(document.querySelector('#object-yaml')?.textContent || ''));
  const name = (await page.textContent('#object-yaml')).match(/^  name: (newkubia-\S+)$/m)[1];
  assert.match(await page.textContent('#tree .sel'), new RegExp(`Pod ${name} \\(Running\\)`));
  // Its ReplicaSet's pods are unfolded (one level below the folded line), only those in
  // view are in the DOM, and the tree scrolled to the selected one.
  const podRows = await page.$$eval('#tree li.d3', (els) => els.length);
  assert.ok(podRows > 10 && podRows < 200, `${podRows} pod rows in the DOM`);
  await page.screenshot({ path: path.join(shots, 'scale-10000.png') });
  assert.deepEqual(errors, []);
});

test("CronJob time zones come from the database the page fetches on its own (tzdb.bin), not from the wasm", async () => {
  const { page, errors } = await open();
  const run = async (cmd) => {
    await page.fill('#console', cmd);
    await page.press('#console', 'Enter');
    await page.waitForFunction((c) => document.querySelector('#console-output').textContent.includes('$ ' + c), cmd);
    return page.$eval('#console-output .centry:last-child pre', (e) => e.textContent);
  };
  await page.waitForResponse((r) => r.url().endsWith('/tzdb.bin')).catch(() => {});
  assert.match(await run('kubectl create cronjob tokyo --image=busybox --schedule="0 9 * * *"'), /cronjob.batch\/tokyo created/);
  assert.match(await run(`kubectl patch cronjob tokyo -p '{"spec":{"timeZone":"Asia/Tokyo"}}'`), /cronjob.batch\/tokyo patched/);
  assert.match(await run('kubectl get cronjob tokyo -o jsonpath={.spec.timeZone}'), /^Asia\/Tokyo/);
  // Names are looked up as Go does: exactly, case included.
  assert.match(await run(`kubectl patch cronjob tokyo -p '{"spec":{"timeZone":"asia/tokyo"}}'`), /spec.timeZone: Invalid value: "asia\/tokyo": unknown time zone asia\/tokyo/);
  assert.match(await run(`kubectl patch cronjob tokyo -p '{"spec":{"timeZone":"Mars/Olympus"}}'`), /unknown time zone Mars\/Olympus/);
  assert.deepEqual(errors, []);
});
