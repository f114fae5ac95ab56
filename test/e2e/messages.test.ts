/// <reference lib="dom" />
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { listOutbox } from "../../src/email/index.js";
import { createOperator } from "../../src/operators/create.js";
import { listMessages, messageStats } from "../../src/outbound/index.js";
import { createSegment } from "../../src/segments/index.js";
import { describeBrowser, launchBrowser, serveApp, watchErrors } from "../helpers/browser.js";

type Server = Awaited<ReturnType<typeof serveApp>>;
const OWNER = { name: "Mia Messages", email: "mia@example.test", password: "correct horse battery" };
const XSS = `<img src=x onerror="document.title='pwned'">`;

describeBrowser("messages in Chromium", () => {
  let server: Server;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    server = await serveApp();
    createOperator(server.t.ctx, { ...OWNER, role: "owner" });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.dispose();
    await server?.close();
  });

  async function identify(userId: string, traits: Record<string, unknown>): Promise<void> {
    const res = await fetch(`${server.url}/v1/identify`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`${server.t.writeKey}:`).toString("base64")}`, "content-type": "application/json" },
      body: JSON.stringify({ userId, traits }),
    });
    expect(res.status).toBe(200);
  }

  it("email to a segment → preview as a contact → launch → send job → figures on the report; no console errors", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    page.on("dialog", (d) => void d.accept());
    await identify("ann", { name: "Ann Pro", email: "ann@example.test", plan: "pro" });
    await identify("bob", { name: "Bob Free", email: "bob@example.test", plan: "free" });
    await identify("cat", { name: XSS, email: "cat@example.test", plan: "pro" });
    await server.t.ctx.bus.settled();
    const seg = await createSegment(server.t.ctx, server.t.workspace.id, { name: "Pro", match: "all", conditions: [{ attribute: "custom_attributes.plan", op: "eq", value: "pro" }] });
    await signIn(page, server.url);

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

async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.fill("#f-email", OWNER.email);
  await page.fill("#f-password", OWNER.password);
  await Promise.all([page.waitForURL(`${url}/`), page.click("button[type=submit]")]);
}
