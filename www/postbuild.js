// Trunk post_build hook (see Trunk.toml), run by node in the staging directory's parent
// before Trunk moves the build into dist/:
//  1. refuses a build whose index.html contains an inline <script> (the page's
//     Content-Security-Policy has no 'unsafe-inline': such a script would not run);
//  2. writes the list of built files and a content-derived version into sw.js, so the
//     service worker precaches exactly this build and replaces the caches of older ones.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

const stage = process.env.TRUNK_STAGING_DIR;
if (!stage) {
  console.error('postbuild.js: TRUNK_STAGING_DIR is not set (run by Trunk as a post_build hook)');
  process.exit(1);
}

const html = fs.readFileSync(path.join(stage, 'index.html'), 'utf8');
for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
  if (!/\bsrc\s*=/.test(m[1]) || m[2].trim() !== '') {
    console.error(`postbuild.js: index.html has an inline script, which the CSP blocks:\n${m[0]}`);
    process.exit(1);
  }
}

const files = [];
(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else files.push(path.relative(stage, p).split(path.sep).join('/'));
  }
})(stage);
files.sort();
// Files the page fetches only when a command needs them (kubectl explain's schemas): not
// precached, so that a visit that never asks does not download them; the worker caches
// them when they are first fetched (network-first), and the version covers them.
const ON_DEMAND = new Set(['openapi-schemas.json']);
const hashed = files.filter((f) => f !== 'sw.js');
const listed = hashed.filter((f) => !ON_DEMAND.has(f));

const all = crypto.createHash('sha256');
for (const f of hashed) {
  all.update(f + '\0');
  all.update(crypto.createHash('sha256').update(fs.readFileSync(path.join(stage, f))).digest());
}
const version = all.digest('hex').slice(0, 16);

const swPath = path.join(stage, 'sw.js');
const sw = fs.readFileSync(swPath, 'utf8');
const line = /^const BUILD = .*; \/\/ replaced at build time$/m;
if (!line.test(sw)) {
  console.error('postbuild.js: sw.js has no "const BUILD = …; // replaced at build time" line');
  process.exit(1);
}
const build = JSON.stringify({ version, files: listed });
fs.writeFileSync(swPath, sw.replace(line, `const BUILD = ${build}; // written by www/postbuild.js`));
const bytes = listed.reduce((n, f) => n + fs.statSync(path.join(stage, f)).size, 0);
console.log(`postbuild.js: service worker precaches ${listed.length} files (${bytes} bytes), version ${version}`);
