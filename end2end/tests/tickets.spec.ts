// The ticket page as each party uses it, with JavaScript: an agent's reply and work note (no WASM
// panic, the toast appears, the typed text is kept across the live update), the requester's own
// words (Withdraw with confirmation, "Is it fixed?" with a reason to reopen, no priority codes),
// and agent moves that end work asking first. Tickets are created through the REST API with
// unique titles, so nothing depends on the demo data's tickets.
import { test, expect } from "./fixtures";
import { apiToken, createIncident, signIn, uniqueTitle, waitForHydration } from "./helpers";

test.use({ viewport: { width: 1440, height: 900 } });

test("an agent replies and adds a work note without errors", async ({ page, request }) => {
  const title = uniqueTitle("E2E reply");
  const { number } = await createIncident(request, await apiToken(request, "grace.kim"), title);
  await signIn(page, "priya.shah");
  await page.goto(`/tickets/${number}`);
  await waitForHydration(page);
  await page.getByRole("textbox", { name: /^Reply/ }).fill("We are looking into it.");
  await page.getByRole("button", { name: /Send/ }).click();
  await expect(page.getByText("Reply sent.")).toBeVisible();
  await expect(page.getByTestId("comment").filter({ hasText: "We are looking into it." })).toBeVisible();
  await page.getByLabel("Work note (agents only)").check();
  await page.getByRole("textbox", { name: /^Work note/ }).fill("Checked the VPN concentrator logs.");
  await page.getByRole("button", { name: /Add work note|Send/ }).click();
  await expect(page.getByText("Work note added.")).toBeVisible();
});

test("a requester withdraws a ticket only after confirming, in plain words", async ({ page, request }) => {
  const title = uniqueTitle("E2E withdraw");
  const { number } = await createIncident(request, await apiToken(request, "grace.kim"), title);
  await signIn(page, "grace.kim");
  await page.goto(`/tickets/${number}`);
  await waitForHydration(page);
  // No agent workflow, priority codes or impact numbers for the requester.
  await expect(page.getByTestId("ticket-move")).toHaveCount(0);
  await expect(page.getByText(/\bP[1-5]\b/)).toHaveCount(0);
  await expect(page.getByText("Impact / urgency")).toHaveCount(0);
  const actions = page.getByTestId("requester-actions");
  await actions.getByRole("button", { name: "Withdraw…" }).click();
  // Changing one's mind leaves it open.
  await actions.getByRole("button", { name: "Keep it" }).click();
  await expect(page.getByText("Received")).toBeVisible();
  await actions.getByRole("button", { name: "Withdraw…" }).click();
  await page.getByTestId("requester-reason").fill("It works again after a restart.");
  await actions.getByRole("button", { name: "Withdraw", exact: true }).click();
  await expect(page.getByText(`${number} is withdrawn.`)).toBeVisible();
  await expect(page.locator(".ticket-badges")).toContainText("Cancelled");
});

test("a requester reopens a resolved ticket with a reason, or confirms it is fixed", async ({ page, request }) => {
  const grace = await apiToken(request, "grace.kim");
  const priya = await apiToken(request, "priya.shah");
  const resolve = async (number: string, version: number) => {
    const res = await request.post(`/api/v1/tickets/${number}/transitions`, {
      headers: { Authorization: `Bearer ${priya}` },
      data: { version, to: "resolved", resolution_code: "solved_permanently", resolution_notes: "Replaced the cable." },
    });
    expect(res.status(), await res.text()).toBe(200);
  };
  const broken = await createIncident(request, grace, uniqueTitle("E2E still broken"));
  await resolve(broken.number, broken.version);
  const fixed = await createIncident(request, grace, uniqueTitle("E2E fixed"));
  await resolve(fixed.number, fixed.version);

  await signIn(page, "grace.kim");
  await page.goto(`/tickets/${broken.number}`);
  await waitForHydration(page);
  const actions = page.getByTestId("requester-actions");
  await expect(actions).toContainText("Is it fixed?");
  await actions.getByRole("button", { name: "No, it's still broken" }).click();
  await actions.getByRole("button", { name: "Reopen" }).click();
  await expect(actions.getByRole("alert")).toContainText("what is still wrong");
  await page.getByTestId("requester-reason").fill("The screen still flickers after lunch.");
  await actions.getByRole("button", { name: "Reopen" }).click();
  await expect(page.getByText(`${broken.number} is reopened`)).toBeVisible();
  await expect(page.getByTestId("comment").filter({ hasText: "The screen still flickers" })).toBeVisible();
  await expect(page.locator(".ticket-badges")).toContainText("Being worked on");

  await page.goto(`/tickets/${fixed.number}`);
  await waitForHydration(page);
  await page.getByRole("button", { name: "Yes, it's fixed" }).click();
  await expect(page.getByText(`Thank you. ${fixed.number} is closed.`)).toBeVisible();
  await expect(page.locator(".ticket-badges")).toContainText("Closed");
});

test("agent moves that end work ask first", async ({ page, request }) => {
  const { number } = await createIncident(request, await apiToken(request, "grace.kim"), uniqueTitle("E2E cancel"));
  await signIn(page, "priya.shah");
  await page.goto(`/tickets/${number}`);
  await waitForHydration(page);
  await page.locator('[data-testid=ticket-move][data-state=cancelled]').click();
  // Nothing happened yet: a reason is asked for.
  await page.getByTestId("confirm-cancel").click();
  await expect(page.getByRole("alert").filter({ hasText: "Say why it is cancelled" })).toBeVisible();
  await expect(page.locator(".ticket-badges")).toContainText("New");
  await page.getByLabel("Why is it cancelled?").fill("Raised twice; see the other ticket.");
  await page.getByTestId("confirm-cancel").click();
  await expect(page.locator(".ticket-badges")).toContainText("Cancelled");
});
