// Boards and requester views, with JavaScript (the file name has no "no-js", so only the "js"
// project runs it). Covers: a drag on one agent's board showing up live on another's, with
// presence; an illegal drop refused with a message and nothing changed on the server; the
// keyboard alternative to dragging, offering only allowed targets; a change made through the API
// reaching an open board live; a requester kept out of another requester's ticket (page and API);
// and "My tickets" listing a requester's own ticket in plain words.
// Every test creates its own incident through the REST API, with a unique title, and filters the
// board to it with `q`, so nothing depends on the demo data's tickets.
import { test, expect, Locator, Page } from "./fixtures";
import { apiToken, createIncident, getTicket, signIn, uniqueTitle, waitForHydration } from "./helpers";

// Agents work boards on wide screens; at this width every column of the state board is visible,
// so a drag needs no scrolling (Playwright's synthetic drag cannot scroll a container).
test.use({ viewport: { width: 1920, height: 1080 } });

/** The incident board narrowed to one title. */
function boardUrl(title: string): string {
  return `/boards?kind=incident&q=${encodeURIComponent(title)}`;
}

/** Signs in, opens the filtered board, and waits until it is hydrated and its live stream is on. */
async function openBoard(page: Page, username: string, title: string) {
  await signIn(page, username);
  await page.goto(boardUrl(title));
  await waitForHydration(page);
  await expect(page.locator("[data-testid=board][data-live=on]")).toBeVisible();
}

function column(page: Page, name: string): Locator {
  return page.locator(`[data-testid=column][data-column="${name}"]`);
}

function cardIn(page: Page, columnName: string, number: string): Locator {
  return column(page, columnName).locator(`[data-testid=card][data-number="${number}"]`);
}

test("two agents see a card move live", async ({ browser, request }) => {
  const title = uniqueTitle("E2E live move");
  const { number } = await createIncident(request, await apiToken(request, "priya.shah"), title);

  const ctxA = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const ctxB = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  try {
    const pageA = await ctxA.newPage();
    const pageB = await ctxB.newPage();
    await openBoard(pageA, "priya.shah", title);
    await openBoard(pageB, "tom.becker", title);

    for (const page of [pageA, pageB]) {
      await expect(cardIn(page, "state:new", number)).toBeVisible();
      await expect(column(page, "state:new").getByTestId("column-count")).toHaveText("1");
      await expect(cardIn(page, "state:in_progress", number)).toHaveCount(0);
    }

    // Priya sees Tom looking at the same board.
    await expect(pageA.getByTestId("presence").locator('[title="Tom Becker"]').first()).toBeVisible();

    await cardIn(pageA, "state:new", number).dragTo(column(pageA, "state:in_progress"));

    // Tom's board follows without a reload.
    await expect(cardIn(pageB, "state:in_progress", number)).toBeVisible();
    await expect(cardIn(pageB, "state:new", number)).toHaveCount(0);
    await expect(column(pageB, "state:new").getByTestId("column-count")).toHaveText("0");
    await expect(column(pageB, "state:in_progress").getByTestId("column-count")).toHaveText("1");

    await expect(cardIn(pageA, "state:in_progress", number)).toBeVisible();
    await expect(cardIn(pageA, "state:new", number)).toHaveCount(0);
  } finally {
    await ctxA.close();
    await ctxB.close();
  }
});

test("an illegal drop is refused with a message", async ({ page, request }) => {
  const title = uniqueTitle("E2E illegal drop");
  const token = await apiToken(request, "priya.shah");
  const { number } = await createIncident(request, token, title);

  await openBoard(page, "priya.shah", title);
  await expect(cardIn(page, "state:new", number)).toBeVisible();

  await cardIn(page, "state:new", number).dragTo(column(page, "state:closed"));
  await expect(page.locator(".toast-region")).toContainText("cannot be moved to Closed");
  await expect(cardIn(page, "state:new", number)).toBeVisible();
  await expect(cardIn(page, "state:closed", number)).toHaveCount(0);

  // Nothing changed on the server.
  await page.reload();
  await waitForHydration(page);
  await expect(cardIn(page, "state:new", number)).toBeVisible();
  await expect(cardIn(page, "state:closed", number)).toHaveCount(0);
  const res = await getTicket(request, token, number);
  expect(res.status()).toBe(200);
  expect((await res.json()).card.state).toBe("new");
});

test("keyboard alternative moves a card", async ({ page, request }) => {
  const title = uniqueTitle("E2E keyboard move");
  const token = await apiToken(request, "priya.shah");
  const { number } = await createIncident(request, token, title);

  await openBoard(page, "priya.shah", title);
  const card = cardIn(page, "state:new", number);
  await expect(card).toBeVisible();

  const move = card.getByTestId("card-move");
  await move.focus();
  await expect(move).toBeFocused();
  await page.keyboard.press("Enter");

  // Only the allowed targets are offered: wait for the menu before checking what is absent.
  const toInProgress = page.locator('[data-testid=move-to][data-column="state:in_progress"]');
  await expect(toInProgress).toBeVisible();
  await expect(page.locator('[data-testid=move-to][data-column="state:closed"]')).toHaveCount(0);

  await toInProgress.click();
  await expect(cardIn(page, "state:in_progress", number)).toBeVisible();
  await expect(cardIn(page, "state:new", number)).toHaveCount(0);

  await expect
    .poll(async () => (await (await getTicket(request, token, number)).json()).card.state)
    .toBe("in_progress");
});

test("move menu works from the keyboard and closes outside", async ({ page, request }) => {
  const title = uniqueTitle("E2E move menu keys");
  const token = await apiToken(request, "priya.shah");
  const { number } = await createIncident(request, token, title);

  await openBoard(page, "priya.shah", title);
  const card = cardIn(page, "state:new", number);
  const move = card.getByTestId("card-move");
  const menu = card.getByTestId("move-menu");
  const items = menu.getByRole("menuitem");

  // Enter opens the menu on its first target; the arrows walk the list and wrap around.
  await move.focus();
  await page.keyboard.press("Enter");
  await expect(menu).toBeVisible();
  await expect(move).toHaveAttribute("aria-expanded", "true");
  await expect(items.first()).toBeFocused();
  const count = await items.count();
  expect(count).toBeGreaterThan(1);
  await page.keyboard.press("ArrowDown");
  await expect(items.nth(1)).toBeFocused();
  await page.keyboard.press("End");
  await expect(items.nth(count - 1)).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(items.first()).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(items.nth(count - 1)).toBeFocused();

  // Escape closes it and gives the focus back to the button.
  await page.keyboard.press("Escape");
  await expect(menu).toHaveCount(0);
  await expect(move).toBeFocused();
  await expect(move).toHaveAttribute("aria-expanded", "false");

  // ArrowDown on the button opens it too; a click elsewhere on the page closes it.
  await page.keyboard.press("ArrowDown");
  await expect(items.first()).toBeFocused();
  await card.locator(".kcard-title").click();
  await expect(menu).toHaveCount(0);

  // Opened by mouse, the button closes it again; nothing moved on the way.
  await move.click();
  await expect(menu).toBeVisible();
  await move.click();
  await expect(menu).toHaveCount(0);
  await expect(cardIn(page, "state:new", number)).toBeVisible();
});

test("stale move snaps to the winner's column", async ({ page, request }) => {
  const title = uniqueTitle("E2E stale move");
  const { number, version } = await createIncident(request, await apiToken(request, "priya.shah"), title);

  await openBoard(page, "priya.shah", title);
  await expect(cardIn(page, "state:new", number)).toBeVisible();

  // Tom moves it through the API while Priya's board is open.
  const tom = await apiToken(request, "tom.becker");
  const res = await request.post(`/api/v1/tickets/${number}/transitions`, {
    headers: { Authorization: `Bearer ${tom}` },
    data: { version, to: "on_hold", hold_reason: "awaiting_vendor" },
  });
  expect(res.status(), await res.text()).toBe(200);

  // Priya's board follows without a reload.
  await expect(cardIn(page, "state:on_hold", number)).toBeVisible();
  await expect(cardIn(page, "state:new", number)).toHaveCount(0);
});

test("a requester cannot open another requester's ticket by URL", async ({ page, browser, request }) => {
  const title = uniqueTitle("E2E private ticket");
  const { number } = await createIncident(request, await apiToken(request, "grace.kim"), title);

  await signIn(page, "daniel.novak");
  await page.goto(`/tickets/${number}`);
  await waitForHydration(page);
  await expect(page.getByTestId("ticket-not-found")).toBeVisible();
  await expect(page.getByText(title)).toHaveCount(0);
  // Not even in the server-rendered HTML or the hydration data.
  expect(await page.content()).not.toContain(title);

  // The server refuses the data too, as if it did not exist.
  const daniel = await apiToken(request, "daniel.novak");
  expect((await getTicket(request, daniel, number)).status()).toBe(404);

  // Its owner sees it.
  const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  try {
    const gracePage = await ctx.newPage();
    await signIn(gracePage, "grace.kim");
    await gracePage.goto(`/tickets/${number}`);
    await waitForHydration(gracePage);
    await expect(gracePage.getByTestId("ticket-title")).toContainText(title);
  } finally {
    await ctx.close();
  }
});

test("my tickets lists the requester's own tickets in plain words", async ({ page, request }) => {
  const title = uniqueTitle("E2E my ticket");
  const { number } = await createIncident(request, await apiToken(request, "grace.kim"), title);

  await signIn(page, "grace.kim");
  await page.goto("/my/tickets");
  await waitForHydration(page);
  const row = page.locator(`[data-testid=my-ticket][data-number="${number}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText(title);
  // A new ticket reads "Received" to a requester.
  await expect(row).toContainText("Received");
});

test("a refused new ticket keeps what was typed, then lands on the ticket page", async ({ page }) => {
  await signIn(page, "grace.kim");
  await page.goto("/tickets/new?kind=incident");
  await waitForHydration(page);
  const details = "The payroll export stops at 80 %";
  await page.getByLabel("Details").fill(details);
  await page.getByLabel("Title").fill("ab");
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByRole("alert")).toContainText("short title");
  await expect(page.getByLabel("Details")).toHaveValue(details);
  const title = uniqueTitle("Payroll export fails");
  await page.getByLabel("Title").fill(title);
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.locator("[data-testid=ticket-title]")).toHaveText(title);
  await expect(page).toHaveURL(/\/tickets\/INC\d+$/);
  await expect(page.getByText("Received")).toBeVisible();
});
