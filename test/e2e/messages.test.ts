/// <reference lib="dom" />
import { afterAll, beforeAll, expect, it } from "vitest";
import { listOutbox } from "../../src/email/index.js";
import { listMessages, messageStats } from "../../src/outbound/index.js";
import { createSegment } from "../../src/segments/index.js";
import { describeBrowser, watchErrors } from "../helpers/browser.js";
import { identify, signIn, startAdmin, stopAdmin, type Browser, type Server } from "../helpers/admin-browser.js";

const OWNER = { name: "Mia Messages", email: "mia@example.test", password: "correct horse battery" };
const XSS = `<img src=x onerror="document.title='pwned'">`;

describeBrowser("messages in Chromium", () => {
  let server: Server;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAdmin(OWNER));
  }, 60_000);
  afterAll(() => stopAdmin(server, browser));

  it("email to a segment → preview as a contact → launch → send job → figures on the report; no console errors", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    page.on("dialog", (d) => void d.accept());
    await identify(server, "ann", { name: "Ann Pro", email: "ann@example.test", plan: "pro" });
    await identify(server, "bob", { name: "Bob Free", email: "bob@example.test", plan: "free" });
    await identify(server, "cat", { name: XSS, email: "cat@example.test", plan: "pro" });
    await server.t.ctx.bus.settled();
    const seg = await createSegment(server.t.ctx, server.t.workspace.id, { name: "Pro", match: "all", conditions: [{ attribute: "custom_attributes.plan", op: "eq", value: "pro" }] });
    await signIn(page, server.url, OWNER);

    await page.goto(`${server.url}/messages/new?segment=${seg.id}`);
    await page.locator("#audience-count", { hasText: "2 contacts match" }).waitFor();
    // In-app fields stay hidden for an email; the subject shows.
    expect(await page.locator("#f-vA_subject").isVisible()).toBe(true);
    expect(await page.locator("#f-vA_replies").isVisible()).toBe(false);
    await page.fill("#f-name", `Launch ${XSS}`);
    await page.fill("#f-vA_subject", "Hi {{ contact.first_name | default: \"there\" }}");
    await page.fill("#f-vA_body", "Hello **{{ contact.name }}**, see https://example.test/start");
    await Promise.all([page.waitForURL(/\/messages\/msg_[a-z0-9]+$/i), page.click("text=Save draft")]);
    await page.getByText("Saved “Launch").waitFor();
    const id = listMessages(server.t.ctx, server.t.workspace.id)[0]!.id;

    await page.fill("#f-preview-contact", "ann@example.test");
    await page.click("#preview-go");
    await page.locator("#preview-subject", { hasText: "Hi Ann" }).waitFor();
    const frame = page.frameLocator("iframe.msg-preview");
    await frame.locator("text=Ann Pro").first().waitFor();

    await page.click("#test-send button");
    await page.locator("#test-status", { hasText: "in the outbox" }).waitFor();
    expect(listOutbox(server.t.ctx, server.t.workspace.id)[0]!.subject).toBe("[Test] Hi Ann");

    await Promise.all([page.waitForLoadState("load"), page.click("button[data-action=launch]")]);
    await page.locator("#message-status", { hasText: "Sending" }).waitFor();
    await page.locator("#send-progress", { hasText: "0 of 2" }).waitFor();
    await server.t.runJob("outbound.send");
    // The live bar follows the send over SSE.
    await page.locator("#send-progress", { hasText: "2 of 2" }).waitFor();
    expect(messageStats(server.t.ctx, id).sent).toBe(2);

    await page.reload();
    await page.locator("[data-metric=sent] .stat-value", { hasText: "2" }).waitFor();
    await page.locator("canvas#chart-message[data-drawn]").waitFor();
    await Promise.all([page.waitForURL(/contacts\?metric=sent/), page.click("[data-metric=sent]")]);
    const rows = page.locator("#outcome-contact-list tbody tr");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    expect(await page.title()).not.toBe("pwned");
    expect(errors).toEqual([]);
  }, 60_000);
});
