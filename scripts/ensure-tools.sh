#!/usr/bin/env bash
# Installs what building and testing Beacon needs, and only what is missing:
# the wasm32 target, cargo-leptos, the wasm-bindgen CLI matching Cargo.lock, wasm-opt (npm
# binaryen), and with --browser also what the tests drive: Debian's Chromium, the Playwright
# packages and schemathesis (the API contract test).
# Every step says what it does; a first run on a fresh machine takes 15 minutes or more.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
[[ "${1:-}" == "--browser" ]] && want_browser=1

step() { printf '\n==> %s\n' "$*"; }

CARGO_LEPTOS_VERSION=0.3.10
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  step "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  step "Installing cargo-leptos $CARGO_LEPTOS_VERSION (about 12 minutes on 2 cores, once)"
  cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  step "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes, once)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [[ ! -x node_modules/.bin/wasm-opt ]]; then
  step "Installing wasm-opt (binaryen) from npm"
  npm ci --no-audit --no-fund
fi

if [[ $want_browser == 1 ]]; then
  if [[ ! -x /usr/bin/chromium ]]; then
    step "Installing Debian's Chromium for the browser tests"
    SUDO=""; [[ $(id -u) != 0 ]] && SUDO="sudo"
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  SCHEMATHESIS_VERSION=4.32.5
  if ! st --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
    step "Installing schemathesis $SCHEMATHESIS_VERSION for the API contract test (PyPI)"
    python3 -m pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
    hash -r
  fi
  if [[ ! -d end2end/node_modules/@playwright/test ]]; then
    step "Installing Playwright (the test runner only; it uses Debian's Chromium)"
    (cd end2end && npm ci --no-audit --no-fund)
  fi
fi
