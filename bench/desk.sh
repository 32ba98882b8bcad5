#!/usr/bin/env bash
# The board load benchmark, end to end, on release builds:
#   1. builds `beacon` and `desk-load` (release);
#   2. makes a fresh data directory (and, for PostgreSQL, a fresh database `beacon_bench`);
#   3. `beacon --generate-tickets N`: seeds the demo people, generates N tickets with history and
#      exits (timed);
#   4. starts `beacon` on 127.0.0.1:3900, waits for /readyz (at most 60 s);
#   5. runs `desk-load` against it: board data and next-page latency/throughput, card-move round
#      trip, live-event fan-out, the server-rendered board page and the REST ticket list
#      (`--only board|move|fanout|pages|search`; see bench/desk-load/src/main.rs);
#   6. prints the backend, the ticket count and the server's RSS after the run; stops the server.
#
# Usage: bench/desk.sh [--backend sqlite|postgres] [--tickets N] [-- desk-load options...]
#   e.g. bench/desk.sh --backend postgres --tickets 100000 -- --only fanout --subscribers 500
# PostgreSQL: expects a server on 127.0.0.1:5432 that user `postgres` can reach without a password.
set -euo pipefail
cd "$(dirname "$0")/.."

backend=sqlite
tickets=1000000
load_args=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --backend) backend=${2:?--backend needs sqlite or postgres}; shift 2 ;;
    --tickets) tickets=${2:?--tickets needs a number}; shift 2 ;;
    --) shift; load_args=("$@"); break ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
case $backend in sqlite|postgres) ;; *) echo "--backend must be sqlite or postgres" >&2; exit 2 ;; esac
[[ $tickets =~ ^[0-9]+$ ]] || { echo "--tickets must be a number" >&2; exit 2; }

port=3900
base=http://127.0.0.1:$port
bin=target/release/beacon
load=target/release/desk-load

echo "== building release binaries"
# The same build as the quick start (server and web assets), so the figures are the shipped binary's.
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

echo "== generating $tickets tickets ($backend, data dir $data)"
t0=$(date +%s%N)
BEACON_LOG=warn $bin --generate-tickets "$tickets"
t1=$(date +%s%N)
gen_ms=$(( (t1 - t0) / 1000000 ))
printf 'generated %s tickets in %d.%03d s\n' "$tickets" $((gen_ms / 1000)) $((gen_ms % 1000))

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

echo "== desk-load, one client at a time (the server's own time per board request)"
status=0
$load --base-url "$base" --only board --concurrency 1 || status=$?
echo "== desk-load, under load"
$load --base-url "$base" "${load_args[@]}" || status=$?

rss_kib=$(awk '/^VmRSS/ {print $2}' "/proc/$server_pid/status" 2>/dev/null || echo 0)
echo
echo "backend:            $backend"
echo "tickets:            $tickets"
printf 'generation time:    %d.%03d s\n' $((gen_ms / 1000)) $((gen_ms % 1000))
printf 'server RSS after:   %s MiB\n' "$(awk "BEGIN {printf \"%.1f\", ${rss_kib:-0} / 1024}")"
exit "$status"
