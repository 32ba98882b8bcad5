// End-to-end tests in Debian's Chromium against the real server on a fresh SQLite database.
// Each run starts `beacon` on its own port and data directory, waits for /readyz, and stops it.
// The "js" project runs with JavaScript; "no-js" runs the same sign-in with JavaScript disabled,
// proving that server rendering and the plain forms work on their own.
import { defineConfig } from "@playwright/test";
import * as path from "node:path";
import * as os from "node:os";
import * as fs from "node:fs";

const port = Number(process.env.BEACON_E2E_PORT ?? 3137);
const root = path.resolve(__dirname, "..");
const binary = process.env.BEACON_BIN ?? path.join(root, "target/release/beacon");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "beacon-e2e-"));

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "off",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "js", use: { browserName: "chromium", javaScriptEnabled: true }, testIgnore: /no-js/ },
    { name: "no-js", use: { browserName: "chromium", javaScriptEnabled: false }, testMatch: /no-js/ },
  ],
  webServer: {
    command: binary,
    cwd: root,
    url: `http://127.0.0.1:${port}/readyz`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      BEACON_LISTEN: `127.0.0.1:${port}`,
      BEACON_DATA_DIR: dataDir,
      BEACON_SITE_ROOT: path.join(root, "target/site"),
      BEACON_LOG: "warn",
      BEACON_DEMO: "true",
    },
  },
});
