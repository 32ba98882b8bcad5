// axe-core finds no serious or critical violation on the pages of this release, light and dark.
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
  });
}
