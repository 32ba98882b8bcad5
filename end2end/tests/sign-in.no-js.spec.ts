// The same sign-in with JavaScript disabled: server rendering and the plain form work alone.
import { test, expect } from "./fixtures";
import { DEMO_PASSWORD } from "./helpers";

test("an agent signs in and out without JavaScript", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("Username").fill("priya.shah");
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("don't match an active account");
  await expect(page.getByLabel("Username")).toHaveValue("priya.shah");

  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("current-user")).toContainText("Priya Shah");
  await expect(page.getByRole("heading", { name: "Welcome, Priya" })).toBeVisible();
  await expect(page.getByText("Service Desk Lead")).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
});

test("the user list pages and sorts without JavaScript", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Username").fill("alex.morgan");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.goto("/admin/users");
  await expect(page.getByRole("row", { name: /Aisha Bello/ })).toBeVisible();
  await page.getByRole("link", { name: /E-mail/ }).click();
  await expect(page).toHaveURL(/sort=email&dir=asc/);
  await page.getByRole("searchbox", { name: "Filter users" }).fill("weber");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/q=weber/);
  await expect(page.getByRole("row", { name: /Hannah Weber/ })).toBeVisible();
  await expect(page.getByText("Showing 1–1 of 1")).toBeVisible();
});
