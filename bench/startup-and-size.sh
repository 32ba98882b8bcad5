#!/usr/bin/env bash
# Measures what the README reports about start-up and size, on the release build:
#   time from process start to the first 200 from /readyz (fresh data directory: migrations and
#   demo data included, and again on the second start), server RSS after start, server binary
#   size, and the main WASM module raw / gzip -9 / brotli -q 11.
# Usage: bench/startup-and-size.sh   (after `cargo leptos build --release --split`)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/beacon
[[ -x $bin ]] || { echo "Build first: cargo leptos build --release --split"; exit 1; }
port=${BEACON_BENCH_PORT:-3199}
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT

now_ms() { date +%s%3N; }

start_once() {
  local label=$1
  local t0; t0=$(now_ms)
  BEACON_DEMO=true BEACON_LISTEN=127.0.0.1:$port BEACON_DATA_DIR=$data BEACON_SITE_ROOT=target/site BEACON_LOG=warn $bin >/dev/null 2>&1 &
  local pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/readyz"; do
    kill -0 $pid 2>/dev/null || { echo "server exited"; exit 1; }
    sleep 0.005
  done
  local t1; t1=$(now_ms)
  sleep 1
  local rss; rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  printf '%-44s %6d ms   RSS after start %s MiB\n' "$label" $((t1 - t0)) "$(awk "BEGIN{printf \"%.1f\", $rss/1024}")"
  kill $pid; wait $pid 2>/dev/null || true
}

start_once "first start (migrate + demo data) to /readyz"
start_once "second start to /readyz"

size=$(stat -c %s $bin)
printf '%-44s %6.1f MiB\n' "server binary (stripped release)" "$(awk "BEGIN{print $size/1048576}")"
# The main module and its glue (the per-route chunks are measured by bench/bundle-budget.mjs).
wasm=$(ls -t target/site/pkg/beacon.*.wasm | head -1)
js=$(ls -t target/site/pkg/beacon.*.js | head -1)
css=$(ls -t target/site/pkg/beacon.*.css | head -1)
# The server writes the .gz (level 9) and .br (quality 11) copies it serves, after start-up.
for f in "$wasm" "$js" "$css"; do
  raw=$(stat -c %s "$f")
  gz=$(stat -c %s "$f.gz" 2>/dev/null || echo 0)
  br=$(stat -c %s "$f.br" 2>/dev/null || echo 0)
  printf '%-44s raw %8d B   gzip %8d B   brotli %8d B\n' "$(basename "$f")" "$raw" "$gz" "$br"
done
