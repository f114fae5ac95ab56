/// <reference lib="dom" />
import { afterAll, beforeAll, expect, it } from "vitest";
import { getConversation, listParts } from "../../src/conversations/index.js";
import { hubFor, publishTyping } from "../../src/realtime/index.js";
import { makeContact } from "../api/factories.js";
import { describeBrowser, watchErrors } from "../helpers/browser.js";
import { signIn, startAdmin, stopAdmin, type Browser, type Server } from "../helpers/admin-browser.js";

const OWNER = { name: "Ivy Inbox", email: "ivy@example.test", password: "correct horse battery" };
const XSS_NAME = "<img src=x onerror=alert(1)>";

describeBrowser("inbox in Chromium", () => {
  let server: Server;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startAdmin(OWNER));
  }, 60_000);
  afterAll(() => stopAdmin(server, browser));

  it("a contact's new conversation appears live; the operator replies and the reply is stored as an operator comment", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.addInitScript(() => document.addEventListener("htmx:sseOpen", () => ((window as unknown as { sseOpen: boolean }).sseOpen = true)));
    await signIn(page, server.url, OWNER);
    await Promise.all([page.waitForURL(/\/inbox$/), page.click("nav[aria-label=Main] >> text=Inbox")]);
    await page.click("nav[aria-label='Inbox views'] >> text=All");
    await page.waitForURL(/\/inbox\?v=all$/);
    await page.waitForFunction(() => (window as unknown as { sseOpen?: boolean }).sseOpen === true);

    const contact = makeContact(server.t, { name: XSS_NAME });
    const res = await fetch(`${server.url}/api/conversations`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.t.token}`, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ from: { type: "user", id: contact.id }, body: "Is the <b>Pro</b> plan monthly?" }),
    });
    expect(res.status).toBe(200);
    const conversationId = Number(((await res.json()) as { conversation_id: string }).conversation_id);

    // No reload: the stream's `conversation` message makes htmx fetch the list again.
    const row = page.locator(`.inbox-row[data-conversation="${conversationId}"]`);
    await row.waitFor();
    expect(await row.locator(".inbox-contact").textContent()).toBe(XSS_NAME);

    await Promise.all([page.waitForURL(new RegExp(`/inbox/${conversationId}`)), row.locator("a").click()]);
    await page.locator("#thread-parts .part-by-contact", { hasText: "Is the <b>Pro</b> plan monthly?" }).waitFor();
    await page.waitForFunction(() => (window as unknown as { sseOpen?: boolean }).sseOpen === true);
    await page.keyboard.press("r");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("composer-body");
    await page.keyboard.type("Yes, billed monthly.");
    await page.click("#composer-send");
    await page.locator("#thread-parts .part-by-operator", { hasText: "Yes, billed monthly." }).waitFor();
    expect(await page.inputValue("#composer-body")).toBe("");

    const parts = listParts(server.t.ctx, conversationId);
    const reply = parts.at(-1)!;
    expect([reply.partType, reply.authorType, reply.public, reply.body]).toEqual(["comment", "operator", true, "<p>Yes, billed monthly.</p>"]);

    // A message from the contact while the thread is open arrives without a reload.
    await fetch(`${server.url}/api/conversations/${conversationId}/reply`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.t.token}`, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ message_type: "comment", type: "user", intercom_user_id: contact.id, body: "Thanks!" }),
    });
    await page.locator("#thread-parts .part-by-contact", { hasText: "Thanks!" }).waitFor();

    // The contact's typing indicator (from the messenger, through the hub) shows as text.
    publishTyping(hubFor(server.t.ctx), { conversationId: String(conversationId), contactId: contact.id, author: { type: "contact", id: contact.id, name: "Mallory" }, typing: true });
    await page.locator("#typing-indicator", { hasText: "Mallory is typing…" }).waitFor();

    // "e" closes the conversation (outside the composer).
    await page.locator("#composer-body").blur();
    await page.keyboard.press("e");
    await page.locator("#thread-state", { hasText: "Closed" }).waitFor();
    expect(getConversation(server.t.ctx, server.t.workspace.id, conversationId).state).toBe("closed");

    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
