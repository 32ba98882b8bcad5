#!/usr/bin/env python3
"""Server memory under sign-in bursts: what the README reports under "Memory".

Starts the release `beacon` on a fresh demo database, then sends bursts of sign-ins over loopback:
  1. normal use: 100 correct sign-ins of demo accounts, in bursts of 25 at once;
  2. an attack: 4 bursts of 200 wrong sign-ins at once for unknown accounts, each from its own
     client address (passed in X-Forwarded-For, which the server is told to trust here), so the
     per-address throttling does not stop them and every attempt costs a password hash.
After each part it waits until the server is idle and reads its resident memory (VmRSS) and peak
(VmHWM) from /proc. Exits non-zero when the idle figure after either part is above the limit.

Usage: bench/sign-in-memory.py [--limit-mib 100]   (after `cargo leptos build --release`)
"""

import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "beacon")
PORT = int(os.environ.get("BEACON_BENCH_PORT", "3198"))
BASE = f"http://127.0.0.1:{PORT}"
DEMO_USERS = ["alex.morgan", "priya.shah", "kenji.watanabe", "hannah.weber", "omar.haddad", "daniel.novak"]
DEMO_PASSWORD = "beacon-demo-2026"


def mib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def sign_in(username, password, client):
    body = json.dumps({"username": username, "password": password}).encode()
    req = urllib.request.Request(
        f"{BASE}/api/v1/auth/token",
        data=body,
        headers={"Content-Type": "application/json", "X-Forwarded-For": client},
        method="POST",
    )
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def burst(jobs):
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(lambda j: sign_in(*j), jobs))


def wait_idle(pid):
    """Waits until RSS stops moving (at most 10 s), then returns it."""
    last = mib(pid, "VmRSS")
    for _ in range(20):
        time.sleep(0.5)
        now = mib(pid, "VmRSS")
        if abs(now - last) < 0.5:
            return now
        last = now
    return last


def wait_for_compressed_bundle(env):
    pkg = os.path.join(ROOT, "target", "site", "pkg")
    def fresh():
        for name in os.listdir(pkg):
            if name.endswith((".wasm", ".js", ".css")):
                br = os.path.join(pkg, name + ".br")
                if not os.path.exists(br) or os.path.getmtime(br) < os.path.getmtime(os.path.join(pkg, name)):
                    return False
        return True
    if fresh():
        return
    warm = subprocess.Popen([BIN], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while not fresh() and time.time() < deadline:
        time.sleep(0.5)
    warm.terminate()
    warm.wait(timeout=30)
    shutil.rmtree(env["BEACON_DATA_DIR"], ignore_errors=True)
    os.makedirs(env["BEACON_DATA_DIR"], exist_ok=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit-mib", type=float, default=100.0)
    args = ap.parse_args()
    if not os.access(BIN, os.X_OK):
        sys.exit("Build first: cargo leptos build --release")
    data = tempfile.mkdtemp(prefix="beacon-mem-")
    env = dict(
        os.environ,
        BEACON_LISTEN=f"127.0.0.1:{PORT}",
        BEACON_DATA_DIR=data,
        BEACON_DEMO="true",
        BEACON_SITE_ROOT=os.path.join(ROOT, "target", "site"),
        BEACON_LOG="error",
        BEACON_CLIENT_IP_HEADER="X-Forwarded-For",
    )
    # After a new build the server brotli-compresses the bundle once at its first start; that is
    # not what this measures, so wait until the compressed copies are fresh before starting.
    wait_for_compressed_bundle(env)
    server = subprocess.Popen([BIN], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    failed = False
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{BASE}/readyz", timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError):
                pass
            if server.poll() is not None or time.time() > deadline:
                sys.exit("the server did not become ready")
            time.sleep(0.05)
        pid = server.pid
        print(f"{'after start (demo data loaded)':<52} RSS {wait_idle(pid):6.1f} MiB")

        statuses = []
        for b in range(4):
            jobs = [(DEMO_USERS[i % len(DEMO_USERS)], DEMO_PASSWORD, f"10.1.{b}.{i}") for i in range(25)]
            statuses += burst(jobs)
        idle = wait_idle(pid)
        ok = statuses.count(200)
        print(f"{'100 correct sign-ins, bursts of 25 (%d ok)' % ok:<52} RSS {idle:6.1f} MiB   peak {mib(pid, 'VmHWM'):6.1f} MiB")
        failed |= idle > args.limit_mib or ok != 100

        statuses = []
        started = time.time()
        for b in range(4):
            jobs = [(f"nobody{b}-{i}", "wrong password", f"10.2.{b}.{i}") for i in range(200)]
            statuses += burst(jobs)
        took = time.time() - started
        idle = wait_idle(pid)
        counts = {s: statuses.count(s) for s in sorted(set(statuses))}
        print(f"{'800 wrong sign-ins, 4 bursts of 200 (%.0f s)' % took:<52} RSS {idle:6.1f} MiB   peak {mib(pid, 'VmHWM'):6.1f} MiB   answers {counts}")
        failed |= idle > args.limit_mib
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)
    if failed:
        sys.exit(f"FAILED: idle RSS above {args.limit_mib} MiB or a correct sign-in refused")
    print(f"ok: idle RSS stays within {args.limit_mib:.0f} MiB")


if __name__ == "__main__":
    main()
