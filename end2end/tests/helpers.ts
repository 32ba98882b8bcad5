// Shared steps: signing in through the real form, waiting for hydration, checking accessibility,
// and setting up tickets through the REST API.
import { expect, APIRequestContext, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

export const DEMO_PASSWORD = "beacon-demo-2026";

/** Signs in through the sign-in form, as a person would. */
export async function signIn(page: Page, username: string, next = "/") {
  await page.goto(next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

/** Waits until the WASM bundle has hydrated the page (the app marks <body data-hydrated>). */
export async function waitForHydration(page: Page) {
  await page.locator("body[data-hydrated=true]").waitFor({ state: "attached" });
}

/** No serious or critical axe-core violation on the current page. */
export async function expectAccessible(page: Page) {
  // A dialog that is still fading in has text at partial opacity: wait for finite animations
  // (not spinners or skeleton shimmer) to end so contrast is measured as the user reads it.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity))
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

/** A bearer token for a demo user, from the password grant. */
export async function apiToken(request: APIRequestContext, username: string): Promise<string> {
  const res = await request.post("/api/v1/auth/token", { data: { username, password: DEMO_PASSWORD } });
  expect(res.status(), `token for ${username}`).toBe(200);
  const body = await res.json();
  expect(typeof body.access_token).toBe("string");
  return body.access_token as string;
}

/** Opens an incident through the API; returns its number (e.g. "INC0000123") and version. */
export async function createIncident(
  request: APIRequestContext,
  token: string,
  title: string,
): Promise<{ number: string; version: number }> {
  const res = await request.post("/api/v1/tickets", {
    headers: { Authorization: `Bearer ${token}` },
    data: { kind: "incident", title, description: "", impact: 3, urgency: 3 },
  });
  expect(res.status(), `create "${title}": ${await res.text()}`).toBe(201);
  const card = await res.json();
  expect(card.number).toMatch(/^INC\d+$/);
  return { number: card.number as string, version: card.version as number };
}

/** The ticket as the API returns it to the holder of `token`. */
export async function getTicket(request: APIRequestContext, token: string, number: string) {
  return request.get(`/api/v1/tickets/${number}`, { headers: { Authorization: `Bearer ${token}` } });
}

/** A title no other test (or run) uses. */
export function uniqueTitle(prefix: string): string {
  return `${prefix} ${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
}
