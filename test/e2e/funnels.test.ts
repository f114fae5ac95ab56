/// <reference lib="dom" />
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { findContactByExternalId } from "../../src/contacts/index.js";
import { listSegments, openMemberIds } from "../../src/segments/index.js";
import { seedFunnel } from "../analytics/funnel-data.js";
import { describeBrowser, watchErrors } from "../helpers/browser.js";
import { signIn, startAdmin, stopAdmin, type Browser, type Server } from "../helpers/admin-browser.js";

const OWNER = { name: "Olga Owner", email: "olga@example.test", password: "correct horse battery" };

describeBrowser("funnels in Chromium", () => {
  let server: Server;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAdmin(OWNER, seedFunnel));
  }, 60_000);
  afterAll(() => stopAdmin(server, browser));

  it("build a funnel → click the drop-off → save it as a segment → see the segment's members; no console errors", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const { url, t } = server;
    await signIn(page, url, OWNER);
    await page.click("nav >> text=Reports");
    await page.click("#reports-page >> text=Funnels");
    await buildFunnel(page);

    const counts = await page.locator("#funnel-steps .step-count").allTextContents();
    expect(counts).toEqual(["7", "5", "3"]);
    await page.locator("canvas#funnel-chart[data-drawn='1']").waitFor();

    await Promise.all([page.waitForURL(/\/reports\/funnels\/contacts\?/), page.locator("#funnel-steps .step-dropoff").nth(1).click()]);
    const ids = (...names: string[]) => names.map((n) => findContactByExternalId(t.ctx, t.workspace.id, n)!.id);
    expect(await page.locator("#funnel-contact-list tr[data-contact]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-contact")))).toEqual(ids("u3", "u5"));

    await page.fill("#f-segment-name", "Saw pricing, did not buy pro");
    await Promise.all([page.waitForURL(/\/contacts\?f=/), page.click("#save-segment button[type=submit]")]);
    await page.getByText("Saved the segment").waitFor();
    const listed = await page.locator('input[name="ids"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(new Set(listed)).toEqual(new Set(ids("u3", "u5")));

    const seg = listSegments(t.ctx, t.workspace.id).find((s) => s.name === "Saw pricing, did not buy pro")!;
    expect(new Set(openMemberIds(t.ctx, seg.id))).toEqual(new Set(ids("u3", "u5")));
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

/** signup → a /pricing page → purchase (plan = pro), first steps from 5 to 15 January 2026. */
async function buildFunnel(page: Page): Promise<void> {
  await page.fill("#value1", "signup");
  await page.selectOption("#kind2", "page");
  await page.fill("#value2", "*/pricing*");
  await page.fill("#value3", "purchase");
  await page.fill("#where3", "plan=pro");
  await page.fill("#f-from", "2026-01-05");
  await page.fill("#f-to", "2026-01-15");
  await Promise.all([page.waitForURL(/value1=signup/), page.click("#funnel-builder button[type=submit]")]);
}
