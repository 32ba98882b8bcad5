// Every test fails on a WASM panic or any other uncaught error in the page (`pageerror`), and on a
// console error, in every page of every browser context the test opens. Console lines that only
// report an HTTP status of a request ("Failed to load resource: … 404") are the server's answers,
// which the tests assert themselves, and are not counted.
import { test as base, expect, BrowserContext, Page } from "@playwright/test";

export * from "@playwright/test";

export const test = base.extend<{ failOnBrowserErrors: void }>({
  failOnBrowserErrors: [
    async ({ context, browser }, use) => {
      const problems: string[] = [];
      const watchPage = (page: Page) => {
        page.on("pageerror", (e) => problems.push(`pageerror on ${page.url()}: ${e.message}`));
        page.on("console", (m) => {
          if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) {
            problems.push(`console error on ${page.url()}: ${m.text()}`);
          }
        });
      };
      const watchContext = (c: BrowserContext) => {
        c.pages().forEach(watchPage);
        c.on("page", watchPage);
      };
      watchContext(context);
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args: Parameters<typeof newContext>) => {
        const c = await newContext(...args);
        watchContext(c);
        return c;
      };
      await use();
      browser.newContext = newContext;
      expect(problems, "no WASM panic, uncaught error or console error in the browser").toEqual([]);
    },
    { auto: true },
  ],
});
