// The bundle is served pre-compressed with long cache lifetimes on content-hashed names, and each
// page of the app brings its own code (a WebAssembly chunk) when it is first needed.
import { test, expect } from "./fixtures";
import { signIn, waitForHydration } from "./helpers";

test("wasm, js and css are hashed, cached for a year, and served brotli or gzip", async ({ page, request }) => {
  await page.goto("/login");
  const urls = await page.evaluate(() => [
    ...Array.from(document.querySelectorAll("link[rel=stylesheet], link[rel=modulepreload], link[rel=preload]")).map(
      (l) => (l as HTMLLinkElement).href,
    ),
  ]);
  const kinds = urls.map((u) => u.split(".").pop());
  expect(kinds.sort()).toEqual(["css", "js", "wasm"]);
  for (const url of urls) {
    expect(url).toMatch(/\/pkg\/beacon\.[A-Za-z0-9_-]{16,}\.(css|js|wasm)$/);
    // The compressed copies are written in the background after start: wait for them.
    await expect
      .poll(async () => (await request.get(url, { headers: { "Accept-Encoding": "br" } })).headers()["content-encoding"])
      .toBe("br");
    const gz = await request.get(url, { headers: { "Accept-Encoding": "gzip" } });
    expect(gz.headers()["content-encoding"]).toBe("gzip");
    expect(gz.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
    const plain = await request.get(url, { headers: { "Accept-Encoding": "identity" } });
    expect(plain.headers()["content-encoding"]).toBeUndefined();
    expect((await plain.body()).length).toBeGreaterThan(1000);
  }
});

test("pages carry a nonce-based Content-Security-Policy and still hydrate", async ({ page }) => {
  const res = await page.goto("/login");
  const headers = res!.headers();
  const csp = headers["content-security-policy"];
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9_-]+' 'wasm-unsafe-eval'/);
  expect(csp).not.toContain("script-src 'self' 'unsafe-inline'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  // The WebAssembly bundle loads and takes over the page under that policy.
  await page.locator("body[data-hydrated=true]").waitFor({ state: "attached" });
});

test("a page's code arrives with it: its group's module preloaded on a deep link, fetched on first navigation", async ({ page, request }) => {
  await signIn(page, "priya.shah");
  const chunks: string[] = [];
  page.on("request", (r) => {
    const m = r.url().match(/\/pkg\/split_([a-z_]+)\./);
    if (m) chunks.push(m[1]);
  });
  // A deep link to the boards: the server names the boards' module and chunks in the page's head.
  await page.goto("/boards");
  const preloads = await page.evaluate(() =>
    Array.from(document.querySelectorAll("link[rel=preload]")).map((l) => (l as HTMLLinkElement).href),
  );
  const board = preloads.find((u) => u.includes("/pkg/split_boards."));
  expect(board, preloads.join("\n")).toBeDefined();
  await waitForHydration(page);
  expect(chunks).toContain("boards");
  expect(chunks).not.toContain("catalog_home");
  // The chunk is served like the rest of the bundle: compressed, cached for a year.
  await expect
    .poll(async () => (await request.get(board!, { headers: { "Accept-Encoding": "br" } })).headers()["content-encoding"])
    .toBe("br");
  const res = await request.get(board!, { headers: { "Accept-Encoding": "br" } });
  expect(res.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");

  // Moving to another area in the app fetches that page's code then, and the page works.
  await page.getByRole("link", { name: "Service catalog" }).click();
  await expect(page).toHaveURL(/\/catalog$/);
  await page.getByTestId("catalog-search").pressSequentially("vpn", { delay: 20 });
  await expect(page.getByRole("link", { name: /VPN/ }).first()).toBeVisible();
  expect(chunks).toContain("catalog_home");
  // And back, quickly, twice: no error while a chunk is still on its way (the fixture fails
  // the test on any page error).
  await page.getByRole("link", { name: "Boards" }).click();
  await page.getByRole("link", { name: "Service catalog" }).click();
  await expect(page).toHaveURL(/\/catalog$/);
  await expect(page.getByTestId("catalog-search")).toBeVisible();
});
