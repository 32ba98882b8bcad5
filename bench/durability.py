#!/usr/bin/env python3
"""What durable commits cost on SQLite: the README's "synchronous" figures.

Starts the release `beacon` twice on a fresh demo database, once with BEACON_SQLITE_SYNCHRONOUS=full
(the default: an acknowledged write survives power loss) and once with =normal, and each time
raises N incidents one after another over one keep-alive connection as an agent, timing every
POST /api/v1/tickets (each is one write transaction). Prints p50 / p95 latency and writes per
second for both, and the ratio.

Usage: bench/durability.py [--tickets 400]   (after `cargo leptos build --release`)
"""

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "beacon")
PORT = int(os.environ.get("BEACON_BENCH_PORT", "3197"))


def request(conn, method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    res = conn.getresponse()
    data = res.read()
    return res.status, data


def run(mode, tickets):
    data = tempfile.mkdtemp(prefix=f"beacon-sync-{mode}-")
    env = dict(
        os.environ,
        BEACON_LISTEN=f"127.0.0.1:{PORT}",
        BEACON_DATA_DIR=data,
        BEACON_DEMO="true",
        BEACON_SITE_ROOT=os.path.join(ROOT, "target", "site"),
        BEACON_LOG="error",
        BEACON_SQLITE_SYNCHRONOUS=mode,
    )
    server = subprocess.Popen([BIN], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while True:
            try:
                c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
                if request(c, "GET", "/readyz")[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.time() > deadline:
                sys.exit("the server did not become ready")
            time.sleep(0.05)
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        status, body = request(conn, "POST", "/api/v1/auth/token",
                               {"username": "priya.shah", "password": "beacon-demo-2026"})
        assert status == 200, body
        token = json.loads(body)["access_token"]
        times = []
        started = time.perf_counter()
        for i in range(tickets):
            t0 = time.perf_counter()
            status, body = request(conn, "POST", "/api/v1/tickets", {
                "kind": "incident", "title": f"Durability check {i}", "description": "bench",
                "impact": 3, "urgency": 3}, token)
            times.append((time.perf_counter() - t0) * 1000)
            assert status == 201, body
        total = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)
    times.sort()
    p50 = statistics.median(times)
    p95 = times[int(len(times) * 0.95) - 1]
    return p50, p95, tickets / total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tickets", type=int, default=400)
    args = ap.parse_args()
    if not os.access(BIN, os.X_OK):
        sys.exit("Build first: cargo leptos build --release")
    results = {}
    for mode in ["full", "normal"]:
        p50, p95, rate = run(mode, args.tickets)
        results[mode] = rate
        print(f"synchronous={mode:<7} ticket creation p50 {p50:6.2f} ms   p95 {p95:6.2f} ms   {rate:7.1f} writes/s ({args.tickets} sequential)")
    print(f"full keeps {results['full'] / results['normal'] * 100:.0f} % of normal's write rate")


if __name__ == "__main__":
    main()
