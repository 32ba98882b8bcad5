// The bundle is served pre-compressed with long cache lifetimes on content-hashed names.
import { test, expect } from "./fixtures";

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
