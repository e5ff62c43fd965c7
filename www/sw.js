// kubestep service worker: the page keeps working without a network after the first visit.
//
// The build (Trunk.toml post_build hook, www/postbuild.js) replaces the BUILD line below
// with the list of files it produced and a version derived from their contents, so:
//  - install precaches every file of this build (index.html, the hashed .js/.wasm/.css,
//    boot.js, sw-register.js) into a cache named after the version;
//  - activate deletes the caches of older builds: a new deploy changes sw.js (its version),
//    the browser installs the new worker, and the old files go away;
//  - page loads (navigations) are network-first, falling back to the cached index.html;
//  - the build's other files are cache-first (their names carry a content hash, or they
//    belong to this version's cache); anything else under the scope is network-first.
// All URLs are relative to the worker's own location, so the same file works at the
// root of a host and under a sub-path such as /kubestep/ (GitHub project pages).
const BUILD = { version: 'dev', files: [] }; // replaced at build time
const PREFIX = 'kubestep-';
const CACHE = PREFIX + BUILD.version;
const SCOPE = new URL('./', self.location.href).href;
const INDEX = SCOPE; // the page itself is cached under the scope URL
const PRECACHE = new Set(BUILD.files.map((f) => new URL(f, SCOPE).href));

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // Files whose name carries a content hash may come from the HTTP cache (the page has
      // just downloaded them: the wasm is not fetched twice); the others (index.html,
      // boot.js) bypass it, so that a new worker never stores an older copy.
      const hashed = (u) => /-[0-9a-f]{16}(_bg)?\.[a-z]+$/.test(u);
      const urls = [INDEX, ...[...PRECACHE].filter((u) => u !== new URL('index.html', SCOPE).href)];
      await cache.addAll(urls.map((u) => new Request(u, { cache: hashed(u) ? 'default' : 'reload' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (err) {
    const cached = await cache.match(key);
    if (cached) return cached;
    throw err;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(SCOPE)) return;
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  if (request.mode === 'navigate') {
    // The page, whether asked for as <scope>/ or <scope>/index.html, is cached under one key.
    const isIndex = url.href === INDEX || url.href === INDEX + 'index.html';
    event.respondWith(networkFirst(request, isIndex ? INDEX : request));
  } else if (PRECACHE.has(url.href)) {
    event.respondWith(cacheFirst(request));
  } else {
    event.respondWith(networkFirst(request, request));
  }
});
