// axe-core finds no serious or critical violation on the pages of this release, light and dark:
// sign-in, home, admin, the incident board, a ticket, the new-ticket form, My tickets, the
// catalog (home, search, item), a catalog request, My requests, Approvals, catalog admin, and the
// CMDB (list, a CI page with its impact graph).
import { test } from "./fixtures";
import { expectAccessible, signIn, waitForHydration } from "./helpers";

for (const scheme of ["light", "dark"] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    test("sign-in page", async ({ page }) => {
      await page.goto("/login");
      await expectAccessible(page);
    });

    test("home, a coming area, and user administration", async ({ page }) => {
      await signIn(page, "alex.morgan");
      await waitForHydration(page);
      await expectAccessible(page);
      await page.goto("/knowledge");
      await waitForHydration(page);
      await expectAccessible(page);
      await page.goto("/admin/users");
      await waitForHydration(page);
      await expectAccessible(page);
      await page.getByRole("button", { name: "New user" }).click();
      await page.getByRole("dialog", { name: "New user" }).waitFor();
      await expectAccessible(page);
    });

    test("CMDB list and a CI page with its impact graph", async ({ page }) => {
      await signIn(page, "priya.shah", "/cmdb");
      await waitForHydration(page);
      await expectAccessible(page);
      await page.goto("/cmdb?q=payroll+web");
      await page.getByRole("link", { name: "Payroll web" }).click();
      await page.getByTestId("impact-graph").waitFor();
      await waitForHydration(page);
      await expectAccessible(page);
    });

    test("board, ticket page and new ticket form", async ({ page }) => {
      await signIn(page, "priya.shah");
      await page.goto("/boards?kind=incident");
      await waitForHydration(page);
      await page.locator("[data-testid=card]").first().waitFor();
      await expectAccessible(page);
      await page.goto("/tickets/INC0000001");
      await waitForHydration(page);
      await page.locator("[data-testid=ticket-title]").waitFor();
      await expectAccessible(page);
      await page.goto("/tickets/new");
      await waitForHydration(page);
      await expectAccessible(page);
    });

    test("catalog, item page, my requests and approvals", async ({ page }) => {
      await signIn(page, "daniel.novak");
      for (const path of ["/catalog", "/catalog?q=laptop", "/catalog/standard-laptop", "/my/requests"]) {
        await page.goto(path);
        await waitForHydration(page);
        await expectAccessible(page);
      }
      await page.locator("[data-testid=my-request] a").first().click();
      await page.getByTestId("request-panel").waitFor();
      await waitForHydration(page);
      await expectAccessible(page);
    });

    test("approvals inbox and catalog admin", async ({ page }) => {
      await signIn(page, "samuel.adeyemi");
      await page.goto("/approvals");
      await waitForHydration(page);
      await page.locator("[data-testid=approval]").first().waitFor();
      await expectAccessible(page);
      await page.context().clearCookies();
      await signIn(page, "kenji.watanabe");
      await page.goto("/admin/catalog");
      await waitForHydration(page);
      await expectAccessible(page);
      await page.getByTestId("admin-item").first().click();
      await waitForHydration(page);
      await page.getByTestId("form-builder").waitFor();
      await expectAccessible(page);
    });

    test("my tickets for a requester", async ({ page }) => {
      await signIn(page, "daniel.novak");
      await page.goto("/my/tickets");
      await waitForHydration(page);
      await page.locator("[data-testid=my-ticket]").first().waitFor();
      await expectAccessible(page);
    });
  });
}
