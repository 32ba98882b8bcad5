#!/usr/bin/env node
// Time to interactive on a slow profile: 4x CPU slowdown, 9 Mbit/s, 60 ms round trip, empty
// browser cache. Starts the release server on a fresh demo database, signs each user in, then
// opens their page in a fresh browser context and measures, in the page's own clock, from
// navigation start to the moment the app marks <body data-hydrated> (every part of the page,
// lazy routes included, hydrated and answering clicks). Prints the median of the runs and the
// bytes the page downloaded from /pkg.
//
// Usage, after `cargo leptos build --release --split`:
//   node bench/tti.mjs [runs=5]
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const require = createRequire(path.join(root, "end2end", "package.json"));
const { chromium } = require("playwright-core");

const runs = Number(process.argv[2] ?? 5);
const port = Number(process.env.BEACON_BENCH_PORT ?? 3188);
const base = `http://127.0.0.1:${port}`;
const PASSWORD = "beacon-demo-2026";
// [page, user (null: signed out), what must be on the page]
const PAGES = [
  ["/login", null],
  ["/catalog", "mia.johansson"],
  ["/boards", "priya.shah"],
  ["/admin/catalog", "kenji.watanabe"],
];

const data = fs.mkdtempSync(path.join(os.tmpdir(), "beacon-tti-"));
const server = spawn(path.join(root, "target/release/beacon"), [], {
  env: {
    ...process.env,
    BEACON_LISTEN: `127.0.0.1:${port}`,
    BEACON_DATA_DIR: data,
    BEACON_DEMO: "true",
    BEACON_SITE_ROOT: path.join(root, "target/site"),
    BEACON_LOG: "warn",
  },
  stdio: "ignore",
});
const stop = () => {
  server.kill();
  fs.rmSync(data, { recursive: true, force: true });
};
process.on("exit", stop);

async function ready() {
  for (;;) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch {}
    if (server.exitCode !== null) throw new Error("the server exited");
    await new Promise((r) => setTimeout(r, 50));
  }
}

// The server writes brotli and gzip copies of the bundle in the background after its first start
// on a new build; until they exist it serves the originals and the compression competes for the
// CPU. Measure once every copy is there.
async function compressed() {
  const pkg = path.join(root, "target/site/pkg");
  const fresh = (f) => {
    try {
      return fs.statSync(path.join(pkg, `${f}.gz`)).mtimeMs >= fs.statSync(path.join(pkg, f)).mtimeMs;
    } catch {
      return false;
    }
  };
  for (;;) {
    const files = fs.readdirSync(pkg).filter((f) => /\.(wasm|js|css)$/.test(f));
    if (files.every(fresh)) return;
    if (server.exitCode !== null) throw new Error("the server exited");
    await new Promise((r) => setTimeout(r, 200));
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(browser, route, user) {
  let state = undefined;
  if (user) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel("Username").fill(user);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/login"));
    state = await ctx.storageState();
    await ctx.close();
  }
  const times = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const ctx = await browser.newContext({ storageState: state, viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await page.addInitScript(() => {
      new MutationObserver((_, obs) => {
        if (document.body?.dataset.hydrated === "true") {
          window.__hydratedAt = performance.now();
          obs.disconnect();
        }
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-hydrated"] });
    });
    const cdp = await ctx.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 60,
      downloadThroughput: (9 * 1000 * 1000) / 8,
      uploadThroughput: (9 * 1000 * 1000) / 8,
    });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    let pkg = 0;
    cdp.on("Network.loadingFinished", (e) => {
      pkg += e.encodedDataLength;
    });
    await page.goto(`${base}${route}`, { waitUntil: "commit" });
    await page.waitForFunction(() => window.__hydratedAt !== undefined, null, { timeout: 60_000 });
    times.push(await page.evaluate(() => window.__hydratedAt));
    bytes = pkg;
    await ctx.close();
  }
  return { times, bytes };
}

try {
  await ready();
  await compressed();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic"],
  });
  console.log(`time to interactive, ${runs} runs each (4x CPU slowdown, 9 Mbit/s, 60 ms RTT, cold cache)`);
  for (const [route, user] of PAGES) {
    const { times, bytes } = await measure(browser, route, user);
    console.log(
      `${route.padEnd(16)} median ${median(times).toFixed(0).padStart(5)} ms  ` +
        `(min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})  ` +
        `downloaded ${(bytes / 1024).toFixed(0)} KB`,
    );
  }
  await browser.close();
} finally {
  stop();
}
