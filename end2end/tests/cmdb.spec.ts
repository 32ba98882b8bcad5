// The CMDB in the browser: an agent filters the CI list of the demo estate, opens a CI, reads
// its relationships and what breaks if it goes down, walks the impact either way; a
// configuration manager retires a CI after confirming; a requester is kept out, in the UI and
// on the server.
import { test, expect } from "./fixtures";
import { apiToken, expectAccessible, signIn, waitForHydration } from "./helpers";

test("an agent finds a core switch and sees what breaks if it goes down", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, "priya.shah", "/cmdb");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { name: "Configuration items" })).toBeVisible();
  await expect(page.getByText(/Showing 1–25 of \d{3}/)).toBeVisible();

  // Filters live in the URL: words and a class.
  await page.getByLabel("Filter by name").fill("sw-core");
  await page.getByLabel("Class").selectOption({ label: "Network device" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/q=sw-core/);
  await expect(page).toHaveURL(/class=\d+/);
  const rows = page.getByTestId("ci-table").locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(page.getByText("Showing 1–2 of 2")).toBeVisible();

  await page.getByRole("link", { name: "sw-core-fra-01" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "sw-core-fra-01" })).toBeVisible();
  await waitForHydration(page);

  // Relationships read from this CI's side.
  const rels = page.getByTestId("relationships");
  await expect(rels.getByText("Depends on", { exact: true })).toBeVisible();
  await expect(rels.getByRole("link", { name: "fw-edge-01" })).toBeVisible();
  await expect(rels.getByText("Used by", { exact: true })).toBeVisible();
  await expect(rels.getByRole("link", { name: "esx-fra-02" })).toBeVisible();

  // What breaks: business services, most critical first.
  const breaks = page.getByTestId("what-breaks");
  await expect(breaks.getByRole("link", { name: "Payroll" })).toBeVisible();
  await expect(breaks.getByRole("link", { name: "Online shop" })).toBeVisible();
  await expect(breaks.locator(".ci-list-row").first()).toContainText("1 · Mission critical");

  // Impact analysis as a graph: the switch on the left, what needs it in layers to the right,
  // every node a link to its CI; colours by class or status.
  const impact = page.getByTestId("impact");
  const graph = impact.getByTestId("impact-graph");
  await expect(graph).toBeVisible();
  const nodes = graph.locator("g.graph-node");
  expect(await nodes.count()).toBeGreaterThan(20);
  await expect(graph.locator("g.graph-start")).toContainText("sw-core-fra-01");
  // Nodes are drawn (an SVG shape with a size, not an element the browser cannot render).
  const box = await graph.locator("g.graph-start rect").boundingBox();
  expect(box!.width).toBeGreaterThan(20);
  await expect(graph.getByRole("list", { name: "Legend" })).toContainText("Business service");
  await graph.getByLabel("Colour by").selectOption("status");
  await expect(graph.getByRole("list", { name: "Legend" })).toContainText("In maintenance");
  await graph.getByRole("button", { name: "Zoom in" }).click();
  await expect(graph.locator("svg > g")).toHaveAttribute("transform", /scale\(1\.250\)/);
  await graph.getByRole("button", { name: "Fit" }).click();
  await expect(graph.locator("svg > g")).toHaveAttribute("transform", /scale\(0\.\d+\)/);

  // The same as a list, either way, deeper on request, without reloading the page.
  await impact.getByRole("button", { name: "List" }).click();
  await expect(impact.getByText("1 step away", { exact: false })).toBeVisible();
  await expect(impact.getByRole("link", { name: "esx-fra-02" })).toBeVisible();
  await impact.getByLabel("Depth").selectOption("1");
  await expect(impact.getByText(/2 steps away/)).toHaveCount(0);
  await impact.getByRole("button", { name: "What it needs" }).click();
  await expect(impact.getByRole("link", { name: "fw-edge-01" })).toBeVisible();
  await expect(impact.getByRole("link", { name: "esx-fra-02" })).toHaveCount(0);

  // Following a link opens that CI's page.
  await impact.getByRole("link", { name: "fw-edge-01" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "fw-edge-01" })).toBeVisible();
  await expect(page.getByTestId("ci-history")).toContainText("created fw-edge-01 (Network device)");

  // A node of the graph opens its CI too, from the keyboard (the node may lie outside the band
  // the graph shows first; focusing it is how a keyboard user reaches it).
  await waitForHydration(page);
  const node = page.getByTestId("impact-graph").getByRole("link", { name: /^sw-core-fra-01,/ });
  await node.focus();
  await node.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "sw-core-fra-01" })).toBeVisible();

  // The page fits a 1440 px laptop screen.
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(1440);

  // Agents read; they are not offered to retire.
  await expect(page.getByRole("button", { name: "Retire…" })).toHaveCount(0);
  await expectAccessible(page);
});

test("a configuration manager retires a CI after confirming", async ({ page }) => {
  await signIn(page, "ines.moreau", "/cmdb?q=vm-intranet-dev-01");
  await waitForHydration(page);
  await page.getByRole("link", { name: "vm-intranet-dev-01" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "vm-intranet-dev-01" })).toBeVisible();
  await waitForHydration(page);

  // Cancelling changes nothing.
  await page.getByRole("button", { name: "Retire…" }).click();
  const dialog = page.getByRole("dialog", { name: "Retire this configuration item?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Keep it" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator(".page-header")).toContainText("In use");

  await page.getByRole("button", { name: "Retire…" }).click();
  await dialog.getByRole("button", { name: "Retire", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("vm-intranet-dev-01 is retired.");
  await expect(page.locator(".page-header")).toContainText("Retired");
  await expect(page.getByRole("button", { name: "Retire…" })).toHaveCount(0);
  await expect(page.getByTestId("ci-history")).toContainText("Ines Moreau changed status: In use → Retired");

  // The list filters by status.
  await page.goto("/cmdb?status=retired");
  await expect(page.getByRole("link", { name: "vm-intranet-dev-01" })).toBeVisible();
});

test("a requester is kept out of the CMDB", async ({ page, request }) => {
  await signIn(page, "daniel.novak", "/cmdb");
  await expect(page.getByText("You don't have access")).toBeVisible();
  await expect(page.getByRole("navigation").getByRole("link", { name: "CMDB" })).toHaveCount(0);
  const token = await apiToken(request, "daniel.novak");
  const res = await request.get("/api/v1/cis", { headers: { authorization: `Bearer ${token}` } });
  expect(res.status()).toBe(403);
  const fn = await page.request.post("/api/fn/list_cis", { data: { query: {} } });
  expect(fn.status()).toBe(403);
});

test("a requester sees the devices issued to them and reports a problem with one", async ({ page }) => {
  await signIn(page, "daniel.novak");
  await page.getByRole("navigation", { name: "Primary" }).getByRole("link", { name: "My devices" }).click();
  await expect(page.getByRole("heading", { name: "My devices" })).toBeVisible();
  await waitForHydration(page);
  const laptop = page.getByTestId("device").filter({ hasText: "Laptop" }).first();
  await expect(laptop).toContainText(/BCN-L-\d{4}/);
  await expect(laptop).toContainText("Serial number");
  await expect(laptop).toContainText(/Warranty/);
  const tag = (await laptop.locator("dd.mono").first().textContent())!.trim();
  await laptop.getByRole("link", { name: "Report a problem with this laptop" }).click();
  await expect(page).toHaveURL(/\/tickets\/new/);
  await waitForHydration(page);
  await expect(page.getByLabel(/Title|What happened|Summary/).first()).toHaveValue(new RegExp(`Problem with my .*\\(${tag}\\)`));
  await expectAccessible(page);
});
