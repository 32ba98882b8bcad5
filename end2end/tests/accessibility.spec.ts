// axe-core finds no serious or critical violation on the pages of this release, light and dark:
// sign-in, home, admin, the incident board, a ticket, the new-ticket form and My tickets.
import { test } from "@playwright/test";
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
      await page.goto("/catalog");
      await waitForHydration(page);
      await expectAccessible(page);
      await page.goto("/admin/users");
      await waitForHydration(page);
      await expectAccessible(page);
      await page.getByRole("button", { name: "New user" }).click();
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

    test("my tickets for a requester", async ({ page }) => {
      await signIn(page, "daniel.novak");
      await page.goto("/my/tickets");
      await waitForHydration(page);
      await page.locator("[data-testid=my-ticket]").first().waitFor();
      await expectAccessible(page);
    });
  });
}
