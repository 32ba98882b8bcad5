// The service catalog with JavaScript: a requester finds an item by a misspelt search (results
// follow the typing), orders it, answers a question that appears only for one choice, is
// refused with the message beside that field and keeps every answer, then succeeds; the manager
// approves from the Approvals inbox in another browser; the requester's open request page shows
// the new status without a reload. Also: a catalog manager builds an item's form with the live
// preview and publishes it, and a requester then finds it.
import { test, expect, Browser, Page } from "./fixtures";
import { signIn, waitForHydration } from "./helpers";

async function asUser(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, username);
  return page;
}

test("order with a conditional field, fail then pass validation, approved live", async ({ browser }) => {
  const mia = await asUser(browser, "mia.johansson");
  await mia.goto("/catalog");
  await waitForHydration(mia);

  // Search as you type, typo included; the page does not reload.
  await mia.getByTestId("catalog-search").pressSequentially("vpn acess", { delay: 20 });
  await expect(mia).toHaveURL(/\/catalog\?q=vpn%20acess|\/catalog\?q=vpn\+acess/);
  const tile = mia.locator("[data-testid=catalog-item][data-slug=vpn-access]");
  await expect(tile).toBeVisible();
  await expect(mia.getByTestId("results-heading")).toContainText("for “vpn acess”");
  await tile.click();
  await expect(mia.getByTestId("item-title")).toHaveText("VPN access");
  await waitForHydration(mia);

  // The consent question appears only for a personal device.
  const consent = mia.getByTestId("field-mdm_consent");
  await expect(consent).toBeHidden();
  await mia.locator("select#field-device").selectOption("Personal device");
  await expect(consent).toBeVisible();

  // Refused in the browser: the message sits beside the field; the answer is kept.
  await mia.getByTestId("send-request").click();
  await expect(mia.getByTestId("error-mdm_consent")).toHaveText("Tick this box to continue.");
  await expect(mia.getByTestId("form-summary")).toContainText("One answer needs attention");
  await expect(mia.locator("select#field-device")).toHaveValue("Personal device");
  await expect(mia).toHaveURL(/\/catalog\/vpn-access$/);

  // Corrected: the message goes away as soon as the box is ticked; the order goes through.
  await mia.getByLabel(/I agree to enrol my device/).check();
  await expect(mia.getByTestId("error-mdm_consent")).toBeHidden();
  await mia.getByTestId("send-request").click();
  await expect(mia).toHaveURL(/\/tickets\/REQ\d+$/);
  const number = mia.url().split("/").pop()!;
  await waitForHydration(mia);
  await expect(mia.getByTestId("request-status")).toHaveText("Waiting for approval");
  await expect(mia.locator(".ticket-badges")).toContainText("Waiting for approval");
  await expect(mia.getByTestId("stage").first()).toHaveAttribute("data-status", "Waiting");

  // "My tickets" uses the same words as the request page.
  await mia.goto("/my/tickets");
  await expect(mia.locator(`[data-testid=my-ticket][data-number=${number}]`)).toContainText("Waiting for approval");
  await mia.goto(`/tickets/${number}`);
  await waitForHydration(mia);

  // The manager approves in another browser, from the Approvals inbox.
  const noah = await asUser(browser, "noah.fischer");
  await noah.goto("/approvals");
  await waitForHydration(noah);
  const card = noah.locator(`[data-testid=approval][data-number=${number}]`);
  await expect(card).toBeVisible();
  await expect(card).toContainText("Personal device");
  await card.getByTestId("approve").click();
  await expect(card).toBeHidden();

  // The requester's page changes by itself.
  await expect(mia.getByTestId("request-status")).toHaveText("Being fulfilled");
  await expect(mia.getByTestId("stage").first()).toHaveAttribute("data-status", "Approved");
  await expect(mia.getByTestId("task").first()).toHaveAttribute("data-status", "Queued");

  // "My requests" lists it.
  await mia.goto("/my/requests");
  await expect(mia.locator(`[data-testid=my-request][data-number=${number}]`)).toContainText("Being fulfilled");
});

test("a rejection reaches the requester with the reason", async ({ browser }) => {
  const daniel = await asUser(browser, "daniel.novak");
  await daniel.goto("/catalog/visio");
  await waitForHydration(daniel);
  await daniel.getByTestId("send-request").click();
  await expect(daniel).toHaveURL(/\/tickets\/REQ\d+$/);
  const number = daniel.url().split("/").pop()!;
  await waitForHydration(daniel);

  const samuel = await asUser(browser, "samuel.adeyemi");
  await samuel.goto(`/tickets/${number}`);
  await waitForHydration(samuel);
  const decision = samuel.getByTestId("decision");
  await decision.getByTestId("reject").click();
  await expect(decision.getByRole("alert")).toContainText("Say why you reject the request");
  await decision.getByRole("textbox").fill("We have a shared Visio licence on the team laptop.");
  await decision.getByTestId("reject").click();
  await expect(samuel.getByTestId("decision")).toBeHidden();

  await expect(daniel.getByTestId("request-status")).toHaveText("Rejected");
  await expect(daniel.getByTestId("rejection")).toContainText("shared Visio licence");
  await daniel.goto("/my/tickets");
  await expect(daniel.locator(`[data-testid=my-ticket][data-number=${number}]`)).toContainText("Rejected");
});

test("a catalog manager builds a form with the live preview and publishes it", async ({ page }) => {
  const name = `Footrest ${Date.now()}`;
  await signIn(page, "kenji.watanabe");
  await page.goto("/admin/catalog");
  await waitForHydration(page);
  await page.getByTestId("new-item-name").fill(name);
  await page.getByTestId("create-item").click();
  await expect(page).toHaveURL(/\/admin\/catalog\/items\/\d+$/);
  await waitForHydration(page);
  await expect(page.getByTestId("editor-status")).toContainText("Draft version 1 · not published yet");

  // Publishing an incomplete item lists what is missing.
  await page.getByTestId("publish").click();
  await expect(page.getByTestId("editor-errors")).toContainText("Summary");

  await page.getByTestId("item-summary").fill("An adjustable footrest for your desk.");
  await page.getByTestId("add-field").click();
  const field = page.getByTestId("builder-field").first();
  await field.getByLabel("Label").fill("Height");
  await field.getByLabel("Key").fill("height");
  await field.getByLabel("Type").selectOption("select");
  await field.getByTestId("field-options").fill("Low\nHigh");
  await field.getByLabel("Required").check();

  // The preview follows the builder.
  const preview = page.getByTestId("preview");
  await expect(preview.getByLabel(/Height/)).toBeVisible();
  await expect(preview.getByLabel(/Height/).locator("option")).toHaveText(["Choose…", "Low", "High"]);
  await page.getByTestId("check-preview").click();
  await expect(preview.getByTestId("error-height")).toHaveText("Height is required.");
  await preview.getByLabel(/Height/).selectOption("High");
  await page.getByTestId("check-preview").click();
  await expect(preview.getByTestId("error-height")).toBeHidden();

  await page.getByTestId("publish").click();
  await expect(page.getByTestId("editor-status")).toContainText("Live version 1");

  // Unsaved edits: following a link asks first, and staying keeps them.
  const summary = "An adjustable footrest for your desk, in two heights.";
  await page.getByTestId("item-summary").fill(summary);
  let asked = "";
  page.once("dialog", (d) => {
    asked = d.message();
    void d.dismiss();
  });
  await page.locator("nav.breadcrumb").getByRole("link", { name: "Catalog admin" }).click();
  await expect.poll(() => asked).toContain("unsaved changes");
  await expect(page).toHaveURL(/\/admin\/catalog\/items\/\d+$/);
  await expect(page.getByTestId("item-summary")).toHaveValue(summary);
  // Retiring asks for a confirmation; keeping it changes nothing.
  await page.getByTestId("retire").click();
  const confirm = page.getByRole("dialog", { name: "Retire this item?" });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Keep it" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId("editor-status")).not.toContainText("retired");

  // A requester finds it at once.
  const daniel = await page.context().browser()!.newContext().then((c) => c.newPage());
  await signIn(daniel, "daniel.novak");
  await daniel.goto(`/catalog?q=${encodeURIComponent("footrest")}`);
  await expect(daniel.locator("[data-testid=catalog-item]", { hasText: name })).toBeVisible();
});
