/// <reference lib="dom" />
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { countMembers, listSegments } from "../../src/segments/index.js";
import { describeBrowser, watchErrors } from "../helpers/browser.js";
import { identify, signIn, startAdmin, stopAdmin, type Browser, type Server } from "../helpers/admin-browser.js";

const OWNER = { name: "Sam Segments", email: "sam@example.test", password: "correct horse battery" };

describeBrowser("segments in Chromium", () => {
  let server: Server;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAdmin(OWNER));
  }, 60_000);
  afterAll(() => stopAdmin(server, browser));

  it("build a segment → the live count follows the typing → save → members → explain → CSV export → size chart → delete; no console errors", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await identify(server, "ann", { name: "Ann Pro", email: "ann@example.test", plan: "pro" });
    await identify(server, "bob", { name: "Bob Free", email: "bob@example.test", plan: "free" });
    await identify(server, "cat", { name: "Cat Pro", email: "cat@example.test", plan: "pro" });
    await server.t.ctx.bus.settled();
    await signIn(page, server.url, OWNER);

    await Promise.all([page.waitForURL(/\/segments$/), page.click("nav[aria-label=Main] >> text=Segments")]);
    await page.getByText("No segments yet").waitFor();
    await Promise.all([page.waitForURL(/\/segments\/new$/), page.click("text=Build a segment")]);
    await page.locator("#segment-count", { hasText: "3 contacts match" }).waitFor();

    await page.fill("#segment-name", "Paying customers");
    await page.selectOption("#filter-add", "attr:custom_attributes.plan");
    await page.locator("#cv-0").waitFor();
    // The name survives the builder's re-render.
    expect(await page.inputValue("#segment-name")).toBe("Paying customers");
    await page.locator("#cv-0").pressSequentially("pro");
    await page.locator("#segment-count", { hasText: "2 contacts match" }).waitFor();
    await page.locator("#segment-preview", { hasText: "Ann Pro" }).waitFor();
    expect(await page.locator("#segment-preview", { hasText: "Bob Free" }).count()).toBe(0);
    await page.locator("#cv-0").fill("free");
    await page.locator("#segment-count", { hasText: "1 contact matches" }).waitFor();
    await page.locator("#cv-0").fill("pro");
    await page.locator("#segment-count", { hasText: "2 contacts match" }).waitFor();

    await Promise.all([page.waitForURL(/\/segments\/seg_[a-z0-9]+$/), page.click("#segment-save")]);
    await page.getByText("Saved “Paying customers”: 2 members.").waitFor();
    const seg = listSegments(server.t.ctx, server.t.workspace.id)[0]!;
    expect(seg.name).toBe("Paying customers");
    expect(countMembers(server.t.ctx, seg.id)).toBe(2);
    const members = page.locator("#segment-member-list tbody tr");
    await members.filter({ hasText: "Ann Pro" }).waitFor();
    expect(await members.count()).toBe(2);

    await members.filter({ hasText: "Cat Pro" }).locator("text=Why?").click();
    await page.locator("#explain-verdict", { hasText: "matches this segment" }).waitFor();
    await page.locator(".explain-table tr.pass", { hasText: "custom_attributes.plan is “pro”" }).waitFor();

    const [download] = await Promise.all([page.waitForEvent("download"), page.click("text=Export CSV")]);
    const csv = readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^id,role,/);
    expect(lines).toHaveLength(3);
    expect(csv).toContain("ann@example.test");
    expect(csv).not.toContain("bob@example.test");

    // Sizes recorded an hour apart draw the history chart.
    await server.t.runJob("segments.refresh");
    server.t.clock.advance(3_600_000);
    await identify(server, "dan", { name: "Dan Pro", plan: "pro" });
    await server.t.ctx.bus.settled();
    await server.t.runJob("segments.refresh");
    await page.reload();
    await page.locator('#size-history svg[aria-label="Segment size per hour: from 2 to 3 members"]').waitFor();
    await Promise.all([page.waitForURL(/\/segments$/), page.click("nav[aria-label=Main] >> text=Segments")]);
    await page.locator(`#segment-${seg.id}`, { hasText: "Paying customers" }).waitFor();

    // Delete asks first; accepting removes the segment and returns to the (now empty) list.
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.accept();
    });
    await Promise.all([page.waitForURL(/\/segments\/seg_/), page.click(`#segment-${seg.id} a`)]);
    await Promise.all([page.waitForURL(/\/segments$/), page.click("#segment-page button.btn-danger")]);
    expect(dialogs).toEqual([expect.stringContaining("Delete the segment “Paying customers”?")]);
    await page.getByText("No segments yet").waitFor();
    expect(listSegments(server.t.ctx, server.t.workspace.id)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
