// Registers the service worker (sw.js, next to this file at the root of the build) so that
// the page works offline after the first visit. Its scope is the directory the page is
// served from (e.g. /kubestep/ on GitHub Pages), so it never touches other pages of the host.
if ('serviceWorker' in navigator) {
  const base = new URL('./', import.meta.url);
  const register = () =>
    navigator.serviceWorker.register(new URL('sw.js', base), { scope: base.pathname }).catch((e) =>
      // Offline support is an extra: a failed registration must not disturb the page.
      console.warn('kubestep: service worker not registered:', e),
    );
  if (document.readyState === 'complete') register();
  else addEventListener('load', register, { once: true });
}
