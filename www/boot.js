// Starts the kubestep page: loads the wasm-bindgen module and instantiates the WebAssembly.
// Trunk would otherwise inject this as an inline <script type="module">, which a strict
// Content-Security-Policy (no 'unsafe-inline') forbids. Trunk.toml's `pattern_script` makes
// Trunk emit `<script type="module" src="{base}boot.js" data-js=… data-wasm=…>` instead,
// with the hashed file names (already prefixed with the public URL) in data attributes.
const tag = document.querySelector('script[data-wasm][data-js]');
if (tag) {
  const { default: init } = await import(tag.dataset.js);
  const wasm = await init({ module_or_path: tag.dataset.wasm });
  // The same event Trunk's own loader fires, for anything that listens for it.
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
}
