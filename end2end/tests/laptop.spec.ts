// An agent's day on a 1440 px laptop screen, with JavaScript: the incident board fits the screen
// (no sideways scrolling, every column in view, cards start near the top), and the ticket page's
// assignee picker offers only the chosen group's members, clearing an assignee who is not in a
// newly chosen group. Tickets are created through the REST API with unique titles.
import { test, expect } from "./fixtures";
import { apiToken, createIncident, getTicket, signIn, uniqueTitle, waitForHydration } from "./helpers";

test.use({ viewport: { width: 1440, height: 900 } });

test("the incident board fits a 1440 px laptop screen", async ({ page }) => {
  await signIn(page, "priya.shah");
  await page.goto("/boards?kind=incident");
  await waitForHydration(page);
  await page.locator("[data-testid=card]").first().waitFor();

  const width = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    view: window.innerWidth,
  }));
  expect(width.page, "no sideways scrolling of the page").toBeLessThanOrEqual(width.view);

  const columns = page.locator("[data-testid=column]");
  const count = await columns.count();
  expect(count).toBeGreaterThanOrEqual(5);
  for (let i = 0; i < count; i++) {
    const box = await columns.nth(i).boundingBox();
    expect(box, `column ${i} is laid out`).not.toBeNull();
    expect(box!.x, `column ${i} starts on screen`).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, `column ${i} ends on screen`).toBeLessThanOrEqual(1440);
  }

  // The toolbar leaves room: the first card is in the upper half of the screen.
  const card = await page.locator("[data-testid=card]").first().boundingBox();
  expect(card!.y).toBeLessThan(450);
});

test("the assignee picker offers the chosen group's members", async ({ page, request }) => {
  const title = uniqueTitle("E2E assign");
  const { number } = await createIncident(request, await apiToken(request, "grace.kim"), title);
  await signIn(page, "priya.shah");
  await page.goto(`/tickets/${number}`);
  await waitForHydration(page);

  const group = page.getByRole("combobox", { name: "Group", exact: true });
  const assignee = page.getByTestId("assignee");
  await group.selectOption({ label: "Network" });
  const names = (await assignee.locator("option").allTextContents()).map((n) => n.trim());
  expect(names).toContain("Lina Okafor");
  expect(names).toContain("Nobody");
  expect(names).not.toContain("Priya Shah");
  expect(names).not.toContain("Tom Becker");

  await assignee.selectOption({ label: "Lina Okafor" });
  await page.getByRole("button", { name: "Save assignment" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  const saved = await (await getTicket(request, await apiToken(request, "priya.shah"), number)).json();
  expect(saved.card.group?.name).toBe("Network");
  expect(saved.card.assignee?.name).toBe("Lina Okafor");

  // Another group: Lina is not in it, so nobody is assigned until someone of that group is picked.
  await group.selectOption({ label: "Service Desk" });
  await expect(assignee).toHaveValue("");
  const desk = (await assignee.locator("option").allTextContents()).map((n) => n.trim());
  expect(desk).toContain("Priya Shah");
  expect(desk).not.toContain("Lina Okafor");
});
