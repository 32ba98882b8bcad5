#!/usr/bin/env bash
# The catalog search benchmark, end to end, on release builds:
#   1. builds `beacon` and `desk-load` (release);
#   2. makes a fresh data directory (and, for PostgreSQL, a fresh database `beacon_bench`);
#   3. `beacon --generate-catalog N`: seeds the demo organisation and catalog, adds N published
#      items and exits (timed);
#   4. starts `beacon` on 127.0.0.1:3901, waits for /readyz (at most 60 s);
#   5. runs `desk-load --only search`: the first query (which builds the in-memory index), then
#      latency percentiles and throughput with 1 and with 4 concurrent clients, cycling through
#      queries with typos, prefixes and several words (see bench/desk-load/src/search.rs);
#   6. prints the backend, the item count and the server's RSS after the run; stops the server.
#
# Usage: bench/catalog.sh [--backend sqlite|postgres] [--items N]
# PostgreSQL: expects a server on 127.0.0.1:5432 that user `postgres` can reach without a password.
set -euo pipefail
cd "$(dirname "$0")/.."

backend=sqlite
items=10000
while [[ $# -gt 0 ]]; do
  case $1 in
    --backend) backend=${2:?--backend needs sqlite or postgres}; shift 2 ;;
    --items) items=${2:?--items needs a number}; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
case $backend in sqlite|postgres) ;; *) echo "--backend must be sqlite or postgres" >&2; exit 2 ;; esac
[[ $items =~ ^[0-9]+$ ]] || { echo "--items must be a number" >&2; exit 2; }

port=3901
base=http://127.0.0.1:$port
bin=target/release/beacon
load=target/release/desk-load

echo "== building release binaries"
PATH="$PWD/node_modules/.bin:$PATH" cargo leptos build --release --split
cargo build --release -p desk-load

data=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$data"
}
trap cleanup EXIT

export BEACON_DATA_DIR=$data
export BEACON_DEMO=true
if [[ $backend == postgres ]]; then
  echo "== fresh PostgreSQL database beacon_bench"
  psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q \
    -c 'DROP DATABASE IF EXISTS beacon_bench' -c 'CREATE DATABASE beacon_bench'
  export BEACON_DATABASE_URL=postgres://postgres@127.0.0.1:5432/beacon_bench
else
  unset BEACON_DATABASE_URL
fi

echo "== generating $items catalog items ($backend, data dir $data)"
BEACON_LOG=warn $bin --generate-catalog "$items"

echo "== starting the server on $base"
BEACON_LISTEN=127.0.0.1:$port BEACON_SITE_ROOT=target/site BEACON_LOG=warn $bin &
server_pid=$!
deadline=$(( $(date +%s) + 60 ))
until curl -sf -o /dev/null "$base/readyz"; do
  kill -0 "$server_pid" 2>/dev/null || { echo "the server exited before it was ready" >&2; exit 1; }
  (( $(date +%s) < deadline )) || { echo "the server was not ready within 60 s" >&2; exit 1; }
  sleep 0.1
done
echo "ready"

status=0
echo "== search, one client (the server's own time per query)"
$load --base-url "$base" --only search --concurrency 1 --users daniel.novak || status=$?
echo "== search, 4 concurrent clients"
$load --base-url "$base" --only search --concurrency 4 --users daniel.novak,mia.johansson,grace.kim,isabel.costa || status=$?

rss_kib=$(awk '/^VmRSS/ {print $2}' "/proc/$server_pid/status" 2>/dev/null || echo 0)
echo
echo "backend:            $backend"
echo "generated items:    $items (plus the demo catalog)"
printf 'server RSS after:   %s MiB\n' "$(awk "BEGIN {printf \"%.1f\", ${rss_kib:-0} / 1024}")"
exit "$status"
