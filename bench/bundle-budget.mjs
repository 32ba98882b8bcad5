#!/usr/bin/env node
// The WebAssembly each route makes the browser download, and the budget it must stay within.
//
// A deep link to a route fetches the main module (beacon.*.wasm) and, for a lazy route, the
// files the split manifest lists for its module (`cargo leptos build --release --split` writes them).
// Sizes are brotli quality 11 (what the server serves, server/src/assets.rs). Prints one line
// per route (its brotli bytes, budget and number of files) and exits 1 when a route is over its
// budget, or when a lazy route's chunks cannot be found in the manifest (a check that cannot
// measure must not pass).
//
// Usage, after the release build:  node bench/bundle-budget.mjs [site-root=target/site]
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const KB = 1024;
// Route -> [the WebAssembly module (group) its code lives in, or null for a page in the main
// module; budget; the target, where the budget is not it yet]. Keep in step with
// app/src/routes.rs. The targets (issue 10): sign-in and catalog home 300 KB, every route 600 KB.
// The catalog home is still over its target: its budget is what it weighs today, so it cannot
// grow while it is worked on. Sign-in (the main module alone) went over its 300 KB with the CMDB
// pages (issue 11): the splitter leaves every module's static data (strings, tables) in the main
// module, so each new page adds its text there (302.0 KB with them). Both budgets were raised by
// that much and no more; getting them back under is part of blocked issue 10.
const ROUTES = {
  "/login": [null, 303 * KB, 300 * KB],
  "/catalog": ["catalog_home", 374 * KB, 300 * KB],
  "/": ["landing", 600 * KB],
  "/my/requests": ["self_service", 600 * KB],
  "/my/tickets": ["self_service", 600 * KB],
  "/my/devices": ["self_service", 600 * KB],
  "/catalog/:slug": ["self_service", 600 * KB],
  "/approvals": ["self_service", 600 * KB],
  "/tickets/new": ["self_service", 600 * KB],
  "/tickets/:number": ["ticket", 600 * KB],
  "/boards": ["boards", 600 * KB],
  "/admin/users": ["administration", 600 * KB],
  "/admin/catalog": ["administration", 600 * KB],
  "/admin/catalog/items/:id": ["item_editor", 600 * KB],
  "/cmdb": ["cmdb", 600 * KB],
  "/cmdb/:id": ["cmdb", 600 * KB],
};

const site = process.argv[2] ?? "target/site";
const pkg = path.join(site, "pkg");
const files = fs.readdirSync(pkg);
const mainWasm = files.find((f) => /^beacon(\.[^.]+)?\.wasm$/.test(f));
if (!mainWasm) {
  console.error(`no beacon*.wasm in ${pkg}: build first (cargo leptos build --release --split)`);
  process.exit(1);
}
const manifestFile = files.find((f) => /^__wasm_split_manifest.*\.json$/.test(f));
const manifest = manifestFile ? JSON.parse(fs.readFileSync(path.join(pkg, manifestFile), "utf8")) : {};

const sizes = new Map();
function size(file) {
  if (!sizes.has(file)) {
    const raw = fs.readFileSync(path.join(pkg, file));
    const br = zlib.brotliCompressSync(raw, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_LGWIN]: 22,
      },
    }).length;
    sizes.set(file, { raw: raw.length, br });
  }
  return sizes.get(file);
}

// Manifest keys are the module names given in app/src/routes.rs; each lists the files a page of
// that module needs besides the main module (its own module and the chunks it shares).
function chunksOf(group) {
  const stems = manifest[group];
  return stems ? stems.map((stem) => `${stem}.wasm`) : null;
}

const kb = (n) => `${(n / KB).toFixed(1)} KB`;
let over = 0;
console.log(`main module ${mainWasm}: raw ${kb(size(mainWasm).raw)}, brotli ${kb(size(mainWasm).br)}`);
console.log(`${"route".padEnd(26)} ${"brotli".padStart(10)} ${"budget".padStart(10)}  files`);
const fetched = new Set([mainWasm]);
const filesOf = new Map();
for (const [route, [lazy, budget, target]] of Object.entries(ROUTES)) {
  let wasm = [mainWasm];
  if (lazy) {
    const chunks = chunksOf(lazy);
    if (!chunks) {
      console.log(`${route.padEnd(26)} ${"?".padStart(10)} ${kb(budget).padStart(10)}  NO CHUNK FOUND for ${lazy}`);
      over++;
      continue;
    }
    wasm = wasm.concat(chunks);
  }
  wasm.forEach((f) => fetched.add(f));
  filesOf.set(route, new Set(wasm));
  const br = wasm.reduce((a, f) => a + size(f).br, 0);
  if (br > budget) over++;
  const note = br > budget ? "  OVER BUDGET" : target && br > target ? `  (target ${kb(target)} not met)` : "";
  console.log(`${route.padEnd(26)} ${kb(br).padStart(10)} ${kb(budget).padStart(10)}  ${String(wasm.length).padStart(3)}${note}`);
}
// Modules a page fetches once it is up, not on its first load: reported, and they must exist.
// The item editor's preview is in the self-service module (app/src/pages/catalog/preview.rs).
const AFTER_LOAD = { "/admin/catalog/items/:id": ["self_service", "the form preview"] };
for (const [route, [group, what]] of Object.entries(AFTER_LOAD)) {
  const later = (chunksOf(group) ?? []).filter((f) => !filesOf.get(route).has(f));
  if (!chunksOf(group)) {
    console.log(`${route}: NO CHUNK FOUND for ${group}`);
    over++;
    continue;
  }
  later.forEach((f) => fetched.add(f));
  const br = later.reduce((a, f) => a + size(f).br, 0);
  console.log(`${route} then fetches ${what}: ${kb(br)} more in ${later.length} files`);
}
const total = [...fetched].reduce((a, f) => a + size(f).br, 0);
console.log(`all ${fetched.size} WebAssembly files of the routes above: brotli ${kb(total)}`);
if (over) {
  console.error(`${over} route(s) over budget or not measurable`);
  process.exit(1);
}
