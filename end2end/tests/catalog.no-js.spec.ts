// The catalog without JavaScript: the search box is a plain form; the server renders results.
import { test, expect } from "./fixtures";
import { DEMO_PASSWORD } from "./helpers";

test("search the catalog without JavaScript", async ({ page }) => {
  await page.goto("/login?next=%2Fcatalog");
  await page.getByLabel("Username").fill("daniel.novak");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/catalog$/);
  await expect(page.getByTestId("catalog-category").first()).toBeVisible();
  await page.getByTestId("catalog-search").fill("laptp");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/catalog\?q=laptp$/);
  await expect(page.locator("[data-testid=catalog-item]").first()).toHaveAttribute("data-slug", "standard-laptop");
  // Entitlements hold here too: the developer laptop is for Engineering and IT.
  await page.goto("/catalog/developer-laptop");
  await expect(page.getByTestId("item-not-found")).toBeVisible();
});
