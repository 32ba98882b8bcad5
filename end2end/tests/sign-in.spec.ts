// Signing in and out through the form, with JavaScript: the shell shows the agent after hydration.
import { test, expect } from "./fixtures";
import { DEMO_PASSWORD, signIn, waitForHydration } from "./helpers";

test("an agent signs in, sees the shell with their name, and signs out", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  await signIn(page, "priya.shah");
  await waitForHydration(page);
  const user = page.getByTestId("current-user");
  await expect(user).toContainText("Priya Shah");
  await expect(user).toContainText("Agent");
  await expect(page.getByRole("heading", { name: "Welcome, Priya" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Primary" });
  await expect(nav.getByRole("link", { name: /Boards/ })).toBeVisible();
  await expect(nav.getByRole("link", { name: /Admin/ })).toHaveCount(0);
  // Client-side navigation after hydration keeps the shell.
  await nav.getByRole("link", { name: /Boards/ }).click();
  await expect(page.locator("[data-testid=column][data-column=\"state:new\"]")).toBeVisible();
  await expect(user).toContainText("Priya Shah");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1/);
  await expect(page.getByText("You have signed out.")).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
});

test("a wrong password keeps the username and says what went wrong", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Username").fill("priya.shah");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("don't match an active account");
  await expect(page.getByLabel("Username")).toHaveValue("priya.shah");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toContainText("Priya Shah");
});

test("a deep link survives signing in", async ({ page }) => {
  await page.goto("/changes");
  await expect(page).toHaveURL(/\/login\?next=%2Fchanges/);
  await page.getByLabel("Username").fill("hannah.weber");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/changes$/);
  await expect(page.getByRole("heading", { name: "Changes is coming" })).toBeVisible();
});

test("the theme switch changes and remembers the theme", async ({ page }) => {
  await signIn(page, "priya.shah");
  await waitForHydration(page);
  const html = page.locator("html");
  await expect(html).not.toHaveAttribute("data-theme", /.+/);
  await page.getByRole("button", { name: /System theme/ }).click();
  await expect(html).toHaveAttribute("data-theme", "light");
  await page.getByRole("button", { name: /Light theme/ }).click();
  await expect(html).toHaveAttribute("data-theme", "dark");
  await page.reload();
  // The server renders the remembered theme on first paint.
  await expect(html).toHaveAttribute("data-theme", "dark");
});

test("on a phone the navigation opens from the menu button", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "alex.morgan");
  await waitForHydration(page);
  const nav = page.getByRole("navigation", { name: "Primary" });
  await expect(nav.getByRole("link", { name: /Admin/ })).not.toBeInViewport();
  await page.getByRole("button", { name: "Menu" }).click();
  await expect(nav.getByRole("link", { name: /Admin/ })).toBeInViewport();
  await nav.getByRole("link", { name: /Admin/ }).click();
  await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
});
