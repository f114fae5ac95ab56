/// <reference lib="dom" />
import { afterAll, beforeAll, expect, it } from "vitest";
import { currentVersion, findStep, getSeries, listSeries } from "../../src/series/index.js";
import { describeBrowser, watchErrors } from "../helpers/browser.js";
import { signIn, startAdmin, stopAdmin, type Browser, type Server } from "../helpers/admin-browser.js";

const OWNER = { name: "Sid Series", email: "sid@example.test", password: "correct horse battery" };

describeBrowser("series editor in Chromium", () => {
  let server: Server;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAdmin(OWNER));
  }, 60_000);
  afterAll(() => stopAdmin(server, browser));

  it("open the 14-day template → see the flow → edit a block → add a block → dry-run; no console errors", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await signIn(page, server.url, OWNER);
    await Promise.all([page.waitForURL(/\/series$/), page.click("nav[aria-label=Main] >> text=Series")]);
    await Promise.all([page.waitForURL(/\/series\/sr_/), page.click("button[data-template=trial_onboarding]")]);
    const flow = page.locator("#series-flow");
    for (const step of ["day1_welcome", "day3_nudge", "day7_next", "day7_help", "day13_active", "day13_passive", "day13_sleeping", "day13_dead"]) {
      await flow.locator(`#block-${step}`).waitFor();
    }
    // The day-13 split shows its four paths side by side.
    expect(await page.locator("#block-day13_activity > .flow-branches > .flow-branch").count()).toBe(4);

    // Edit the first wait: 2 days → 3 days.
    const wait = page.locator("#block-wait_to_day3");
    await wait.locator("details.block-edit > summary").first().click();
    await wait.locator("input[name=amount]").fill("3");
    await wait.locator("button", { hasText: "Save block" }).click();
    await page.locator("#block-wait_to_day3 .block-label", { hasText: "Wait 3 days" }).waitFor();
    await page.locator("#flash", { hasText: "Block saved" }).waitFor();

    // Add a tag block at the top of the flow: it appears, open for editing.
    const add = page.locator("#series-flow > ol.flow-list > li.flow-add").first();
    await add.locator("summary").click();
    await add.locator("select[name=kind]").selectOption("act");
    await add.locator("button", { hasText: "Add" }).click();
    await page.locator("#series-flow > ol.flow-list > li.flow-block.block-act").first().waitFor();
    const id = listSeries(server.t.ctx, server.t.workspace.id)[0]!.id;
    const steps = currentVersion(server.t.ctx, getSeries(server.t.ctx, server.t.workspace.id, id)).definition.steps;
    expect(steps[0]!.type).toBe("act");
    expect(findStep(steps, "wait_to_day3")).toMatchObject({ duration: { amount: 3, unit: "days" } });

    // Dry-run a described contact who never shows up.
    await page.fill("#series-dry-run textarea[name=events]", "");
    await page.click("#series-dry-run button[type=submit]");
    await page.locator("#series-dry-run .dry-run-result", { hasText: "Was it something we said?" }).waitFor();
    expect(await page.locator("#series-dry-run tr[data-step=day3_nudge]").textContent()).toContain("day 4");
    expect(errors).toEqual([]);
  }, 120_000);
});
