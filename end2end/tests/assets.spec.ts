// The bundle is served pre-compressed with long cache lifetimes on content-hashed names.
import { test, expect } from "@playwright/test";

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
