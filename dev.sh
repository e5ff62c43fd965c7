#!/usr/bin/env bash
# kubestep developer entry point. Idempotent: installs what is missing, then acts.
#   ./dev.sh serve   set up, then run the classic demo (the browser sandbox comes with the UI)
#   ./dev.sh test    set up, then run every test
set -euo pipefail
cd "$(dirname "$0")"

setup() {
  if ! command -v cargo >/dev/null 2>&1; then
    echo "dev.sh: cargo not found; install Rust with rustup first" >&2
    exit 1
  fi
  # The engine must also compile for the browser.
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    rustup target add wasm32-unknown-unknown
  fi
  cargo fetch --locked >/dev/null
}

case "${1:-}" in
  serve)
    setup
    cargo build --release --locked --bin kubestep
    echo "== The classic demo (kubectl scale newkubia 5 → 3), as a v1.26 cluster prints it =="
    ./target/release/kubestep run scenarios/classic-demo.kss --kube-version 1.26
    echo
    echo "Try: ./target/release/kubestep shell    (then: kubectl get pods, step, settle …)"
    ;;
  test)
    setup
    echo "== engine compiles for wasm32 =="
    cargo check --locked --lib --target wasm32-unknown-unknown
    echo "== native tests (unit, tables, properties, golden transcripts, CLI) =="
    cargo test --locked
    ;;
  *)
    echo "usage: ./dev.sh serve | ./dev.sh test" >&2
    exit 2
    ;;
esac
