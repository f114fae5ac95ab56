/// <reference lib="dom" />
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { findContactByExternalId } from "../../src/contacts/index.js";
import { listContactTags } from "../../src/tags/index.js";
import { describeBrowser, watchErrors } from "../helpers/browser.js";
import { signIn, startAdmin, stopAdmin, type Browser, type Server } from "../helpers/admin-browser.js";

const OWNER = { name: "Olga Owner", email: "olga@example.test", password: "correct horse battery" };
const XSS_NAME = "<img src=x onerror=alert(1)>";
const XSS_ATTR = "<script>alert(2)</script>";

describeBrowser("contacts in Chromium", () => {
  let server: Server;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAdmin(OWNER));
  }, 60_000);
  afterAll(() => stopAdmin(server, browser));

  /** Segment Tracking API call with the workspace write key, as a customer's backend would send it. */
  async function segment(path: string, body: unknown): Promise<void> {
    const res = await fetch(`${server.url}/v1/${path}`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`${server.t.writeKey}:`).toString("base64")}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  }

  it("identify → listed → filter narrows → profile → tag → live timeline; the XSS payload runs nothing; no console errors", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    // Set before any page script runs, so the SSE "open" is never missed.
    await page.addInitScript(() => document.addEventListener("htmx:sseOpen", () => ((window as unknown as { sseOpen: boolean }).sseOpen = true)));

    await signIn(page, server.url, OWNER);
    await segment("identify", { userId: "xss-1", traits: { name: XSS_NAME, email: "mallory@example.test", plan: "pro", motto: XSS_ATTR } });
    await segment("identify", { userId: "plain-1", traits: { name: "Plain Person", email: "plain@example.test", plan: "free" } });

    await Promise.all([page.waitForURL(/\/contacts$/), page.click("nav[aria-label=Main] >> text=Contacts")]);
    const rows = page.locator("#contacts-results tbody tr");
    await rows.filter({ hasText: "Plain Person" }).waitFor();
    await rows.filter({ hasText: XSS_NAME }).waitFor();

    await narrowByPlan(page);
    expect(await rows.count()).toBe(1);
    expect(new URL(page.url()).searchParams.get("f")).toBeTruthy();

    await Promise.all([page.waitForURL(/\/contacts\/ct_/), rows.first().locator("a").first().click()]);
    await page.getByRole("heading", { level: 1 }).filter({ hasText: XSS_NAME }).waitFor();
    expect(await page.inputValue('#contact-attributes input[name="ca:motto"]')).toBe(XSS_ATTR);

    await page.fill("#tag-name", "VIP");
    await page.click("#contact-tags >> text=Add tag");
    await page.locator("#contact-tags .tag", { hasText: "VIP" }).waitFor();
    const contact = findContactByExternalId(server.t.ctx, server.t.workspace.id, "xss-1")!;
    expect(listContactTags(server.t.ctx, contact.id).map((t) => t.name)).toEqual(["VIP"]);

    await page.waitForFunction(() => (window as unknown as { sseOpen?: boolean }).sseOpen === true);
    await segment("track", { userId: "xss-1", event: "Upgraded plan", properties: { seats: 12 } });
    await page.locator("#timeline-items .tl-live", { hasText: "Upgraded plan" }).waitFor();

    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it("draws the sign-ups chart on the home dashboard within the Content-Security-Policy", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    // The browser profile is shared with the first test, so this page is already signed in.
    await page.goto(`${server.url}/`);
    await page.locator("canvas#signups-chart[data-drawn='1']").waitFor();
    expect(await page.evaluate(() => typeof (window as unknown as { Chart?: unknown }).Chart)).toBe("function");
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});

/** Adds "plan is pro" with the builder and waits for the live results to drop the other contact. */
async function narrowByPlan(page: Page): Promise<void> {
  await page.selectOption("#filter-add", "attr:custom_attributes.plan");
  await page.locator("#cv-0").waitFor();
  await page.fill("#cv-0", "pro");
  await page.locator("#contacts-results tbody tr", { hasText: "Plain Person" }).waitFor({ state: "detached" });
  await page.locator("#contact-count", { hasText: "1 user matches" }).waitFor();
  // Enter applies the whole builder (and puts the shareable filter in the address bar).
  await Promise.all([page.waitForURL(/[?&]f=/), page.press("#cv-0", "Enter")]);
}
