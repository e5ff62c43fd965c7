// What the page's browser tests and its benchmark share: a small static server on 127.0.0.1
// and the system's headless Chromium.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const types = {
  '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.kss': 'text/plain',
};

// Serve `dir` at `/`, and each `[prefix, dir]` of `mounts` at its prefix (`/scenarios`).
// A directory serves its index.html; a path that leaves its directory is refused (403).
// Resolves to { server, base } once listening on a free port.
export async function serveStatic(dir, mounts = []) {
  const server = http.createServer((req, res) => {
    const p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const mount = mounts.find(([prefix]) => p.startsWith(prefix + '/'));
    const [root, rel] = mount ? [mount[1], p.slice(mount[0].length)] : [dir, p];
    let file = path.join(root, rel);
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404).end(); return; }
      res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
      res.end(data);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${server.address().port}/` };
}

// The system's Chromium, headless, with a fresh temporary profile and nothing in the
// background; `extra` adds arguments.
export function launchChromium(extra = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extra],
  });
}
