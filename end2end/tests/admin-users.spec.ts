// User administration in the browser: create (with validation that keeps what was typed),
// reset a password, disable; and a requester kept out, in the UI and on the server.
import { test, expect } from "./fixtures";
import { DEMO_PASSWORD, signIn, waitForHydration } from "./helpers";

test("an admin creates a user, resets a password and disables an account", async ({ page, browser }) => {
  await signIn(page, "alex.morgan", "/admin/users");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
  await expect(page.getByText("Showing 1–22 of 22")).toBeVisible();

  // Create: a bad submission marks each field and keeps what was typed.
  await page.getByRole("button", { name: "New user" }).click();
  const dialog = page.getByRole("dialog", { name: "New user" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Username").fill("Rita Ops");
  await dialog.getByLabel("Full name").fill("Rita Ops");
  await dialog.getByLabel("E-mail").fill("rita@beacon");
  await dialog.getByLabel("Initial password").fill("short");
  await dialog.getByRole("checkbox", { name: "Agent" }).check();
  await dialog.getByRole("button", { name: "Create user" }).click();
  await expect(dialog.getByText("Use only lower-case letters, digits, dots, hyphens and underscores.")).toBeVisible();
  await expect(dialog.getByText("Enter an address like name@example.com.")).toBeVisible();
  await expect(dialog.getByText("Use at least 12 characters.")).toBeVisible();
  await expect(dialog.getByLabel("Full name")).toHaveValue("Rita Ops");
  await expect(dialog.getByLabel("E-mail")).toHaveAttribute("aria-invalid", "true");

  // A username that is taken is refused by the server, shown on the field.
  await dialog.getByLabel("Username").fill("priya.shah");
  await dialog.getByLabel("E-mail").fill("rita.ops@beacon.example");
  await dialog.getByLabel("Initial password").fill("rita's long passphrase");
  await dialog.getByRole("button", { name: "Create user" }).click();
  await expect(dialog.getByText("This username is taken.")).toBeVisible();

  await dialog.getByLabel("Username").fill("rita.ops");
  await dialog.getByRole("button", { name: "Create user" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status")).toContainText("Created Rita Ops (rita.ops).");
  await expect(page.getByText("Showing 1–23 of 23")).toBeVisible();
  const row = page.getByRole("row", { name: /Rita Ops/ });
  await expect(row).toContainText("Agent");

  // The new user can sign in in another browser.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto("/login");
  await otherPage.getByLabel("Username").fill("rita.ops");
  await otherPage.getByLabel("Password").fill("rita's long passphrase");
  await otherPage.getByRole("button", { name: "Sign in" }).click();
  await expect(otherPage.getByTestId("current-user")).toContainText("Rita Ops");

  // Reset her password: validated in the dialog, then her session ends.
  await row.getByRole("button", { name: "Reset password of Rita Ops" }).click();
  const reset = page.getByRole("dialog", { name: "Reset password of Rita Ops" });
  await reset.getByLabel("New password").fill("tiny");
  await reset.getByRole("button", { name: "Set password" }).click();
  await expect(reset.getByText("Use at least 12 characters.")).toBeVisible();
  await reset.getByLabel("New password").fill("a fresh start for rita");
  await reset.getByRole("button", { name: "Set password" }).click();
  await expect(reset).toBeHidden();
  await expect(page.getByRole("status")).toContainText("New password set for Rita Ops");
  await otherPage.goto("/");
  await expect(otherPage).toHaveURL(/\/login/);

  // Disable her after a confirmation.
  await row.getByRole("button", { name: "Disable Rita Ops" }).click();
  const confirm = page.getByRole("dialog", { name: "Disable Rita Ops?" });
  await confirm.getByRole("button", { name: "Disable user" }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toContainText("Disabled");
  await otherPage.getByLabel("Username").fill("rita.ops");
  await otherPage.getByLabel("Password").fill("a fresh start for rita");
  await otherPage.getByRole("button", { name: "Sign in" }).click();
  await expect(otherPage.getByRole("alert")).toContainText("don't match an active account");
  await other.close();

  // Sorting is a link: the URL holds the view.
  await page.getByRole("link", { name: /Department/ }).click();
  await expect(page).toHaveURL(/sort=department&dir=asc/);
  await expect(page.getByRole("columnheader", { name: /Department/ })).toHaveAttribute("aria-sort", "ascending");
});

test("a requester cannot reach user administration", async ({ page }) => {
  await signIn(page, "daniel.novak");
  await waitForHydration(page);
  await expect(page.getByRole("navigation", { name: "Primary" }).getByRole("link", { name: /Admin/ })).toHaveCount(0);
  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  await expect(page.getByText("alex.morgan")).toHaveCount(0);
  // The server refuses the data too, whatever the page shows.
  const res = await page.request.get("/api/v1/users");
  expect(res.status()).toBe(403);
});
