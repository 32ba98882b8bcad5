// Screenshots for a person to look at (not a test): node end2end/shots.mjs BASE_URL OUT_DIR
import { chromium } from "playwright-core";
const [base, out] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
const errors = [];
async function as(user, width = 1440) {
  const ctx = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await ctx.newPage();
  page.on("pageerror", (e) => errors.push(`${user}: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error") errors.push(`${user} console: ${m.text()}`); });
  await page.goto(`${base}/login`);
  await page.getByLabel("Username").fill(user);
  await page.getByLabel("Password").fill("beacon-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  return page;
}
async function shot(page, path, name) {
  await page.goto(`${base}${path}`);
  await page.locator("body[data-hydrated=true]").waitFor({ state: "attached" });
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: false });
}
const token = async (user) => {
  const r = await fetch(`${base}/api/v1/auth/token`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username: user, password: "beacon-demo-2026" }) });
  return (await r.json()).access_token;
};
const grace = await token("grace.kim");
const created = await (await fetch(`${base}/api/v1/tickets`, { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${grace}` }, body: JSON.stringify({ kind: "incident", title: "Monitor flickers after lunch", description: "The left screen flickers every few minutes.", impact: 3, urgency: 2 }) })).json();
const requester = await as("grace.kim");
await shot(requester, `/tickets/${created.number}`, "ticket-requester");
await requester.getByRole("button", { name: "Withdraw…" }).click();
await requester.screenshot({ path: `${out}/ticket-requester-withdraw.png` });
await shot(requester, "/my/tickets", "my-tickets");
const agent = await as("priya.shah");
await shot(agent, `/tickets/${created.number}`, "ticket-agent");
await agent.locator("[data-testid=ticket-move][data-state=cancelled]").click();
await agent.screenshot({ path: `${out}/ticket-agent-cancel.png` });
await shot(agent, "/boards?kind=incident", "board-1440");
await agent.getByTestId("card-move").first().focus();
await agent.keyboard.press("Enter");
await agent.getByTestId("move-menu").first().waitFor();
await agent.keyboard.press("ArrowDown");
await agent.screenshot({ path: `${out}/board-move-menu.png` });
const mia = await as("mia.johansson");
await shot(mia, "/my/tickets", "my-tickets-with-requests");
const manager = await as("kenji.watanabe");
await shot(manager, "/admin/catalog", "catalog-admin");
await manager.locator("table a").first().click();
await manager.locator("body[data-hydrated=true]").waitFor({ state: "attached" });
await manager.waitForTimeout(500);
await manager.getByTestId("retire").click();
await manager.screenshot({ path: `${out}/editor-retire.png` });
console.log(JSON.stringify({ errors }, null, 1));
await browser.close();
