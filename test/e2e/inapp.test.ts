/// <reference lib="dom" />
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { findContact } from "../../src/contacts/index.js";
import { listParts } from "../../src/conversations/index.js";
import { listContactEvents } from "../../src/events/index.js";
import { findDelivery } from "../../src/outbound/index.js";
import { describeBrowser, launchBrowser, serveApp, watchErrors } from "../helpers/browser.js";
import { inApp } from "../outbound/inapp-helpers.js";
import { configureIdentity } from "../widget/helpers.js";

type Parley = Awaited<ReturnType<typeof serveApp>>;
type Win = Window & { Intercom(...args: unknown[]): unknown; __unread: number[] };
const NONCE = "inapp-nonce";

/** A customer's page with Intercom's snippet (script URL changed), under a strict CSP like the widget suite's. */
function hostPage(parley: string, appId: string, userId: string): string {
  const json = JSON.stringify({ app_id: appId, user_id: userId });
  return `<!doctype html><html><head><title>Shop</title></head><body><h1>Shop</h1><button id="host-button">Host</button>
<script nonce="${NONCE}">window.intercomSettings = ${json}; window.__unread = [];</script>
<script nonce="${NONCE}">(function(){var w=window;var ic=w.Intercom;if(typeof ic==="function"){ic('reattach_activator');ic('update',w.intercomSettings);}
else{var d=document;var i=function(){i.c(arguments);};i.q=[];i.c=function(args){i.q.push(args);};w.Intercom=i;
var l=function(){var s=d.createElement('script');s.type='text/javascript';s.async=true;s.src='${parley}/widget/${appId}';
var x=d.getElementsByTagName('script')[0];x.parentNode.insertBefore(s,x);};
if(document.readyState==='complete'){l();}else{w.addEventListener('load',l,false);}}})();</script>
<script nonce="${NONCE}">Intercom('onUnreadCountChange', function (n) { window.__unread.push(n); });</script>
</body></html>`;
}

describeBrowser("in-app messages in Chromium", () => {
  let parley: Parley;
  let host: Server;
  let hostUrl: string;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    parley = await serveApp();
    configureIdentity(parley.t, false);
    host = createServer((req, res) => {
      const m = /^\/(\w+)\/([\w-]+)/.exec(req.url ?? "");
      if (!m) return void res.writeHead(404).end();
      const csp = `default-src 'none'; script-src 'nonce-${NONCE}' ${parley.url}; connect-src ${parley.url}; style-src 'none'; img-src 'none'`;
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-security-policy": csp }).end(hostPage(parley.url, parley.t.workspace.idCode, m[1]!));
    });
    await new Promise<void>((r) => host.listen(0, "127.0.0.1", r));
    hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.dispose();
    await new Promise((r) => host?.close(r));
    await parley?.close();
  });

  /** A user contact created through the REST API, as the product would before the person logs in. */
  async function user(userId: string): Promise<string> {
    const res = await parley.t.api("POST", "/api/contacts", { external_id: userId, email: `${userId}@example.com` });
    expect(res.status).toBe(200);
    return ((await res.json()) as { id: string }).id;
  }
  /** Opens a host page (served for user `userId`) and waits for the widget to ask for its in-app messages. */
  async function visit(page: Page, userId: string, path: string): Promise<void> {
    const asked = page.waitForResponse((r) => r.url().includes("/messenger/inapp?"));
    await page.goto(`${hostUrl}/${userId}${path}`);
    expect((await asked).status()).toBe(200);
  }
  const w = (page: Page) => page.locator("#parley-messenger");

  it("a post shows only on matching pages (also after an SPA update), Esc dismisses it, it waits unread in the messenger", async () => {
    const t = parley.t;
    const contactId = await user("post_user");
    const post = await inApp(t, contactId, { display: { urlPattern: "*/billing", delaySeconds: 1 }, variants: [{ subject: "Your trial ends tomorrow", body: "Pick a plan to keep your data. <b>not bold</b>" }] });
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await visit(page, "post_user", "/pricing");
    await w(page).locator("button.launcher").waitFor();
    expect(await w(page).locator(".post").count()).toBe(0);
    expect(findDelivery(t.ctx, post.id)!.status).toBe("queued");

    // The product's router changes the page and reports it, as with Intercom.
    await page.evaluate(() => { history.pushState({}, "", location.pathname.replace(/\/pricing$/, "/billing")); (window as unknown as Win).Intercom("update"); });
    const dialog = w(page).locator(".post [role=dialog]");
    await dialog.waitFor();
    expect(await dialog.locator("h2").textContent()).toBe("Your trial ends tomorrow");
    expect(await dialog.locator(".text").textContent()).toContain("<b>not bold</b>");
    expect(await dialog.locator(".text b").count()).toBe(0);
    const focusInside = () => dialog.evaluate((d) => d.contains((d.getRootNode() as ShadowRoot).activeElement));
    await expect.poll(focusInside).toBe(true);
    for (let i = 0; i < 4; i++) await page.keyboard.press("Tab");
    expect(await focusInside()).toBe(true);
    expect(findDelivery(t.ctx, post.id)).toMatchObject({ status: "sent" });

    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    await page.waitForFunction(() => (window as unknown as Win).__unread.includes(1));
    expect(findDelivery(t.ctx, post.id)!.dismissedAt).not.toBeNull();
    expect(await w(page).locator(".badge").textContent()).toBe("1");

    await w(page).locator("button.launcher").click();
    const item = w(page).locator(`.posts button[data-delivery="${post.id}"]`);
    expect(await item.getAttribute("class")).toBe("unread");
    await item.click();
    await w(page).locator(".inapp-read h2", { hasText: "Your trial ends tomorrow" }).waitFor();
    await page.waitForFunction(() => (window as unknown as Win).__unread.at(-1) === 0);
    expect(findDelivery(t.ctx, post.id)!.openedAt).not.toBeNull();

    // Dismissed: another visit to a matching page shows nothing.
    await visit(page, "post_user", "/billing");
    await w(page).locator("button.launcher").waitFor();
    expect(await w(page).locator(".post").count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("a banner's button records the click and opens its link", async () => {
    const t = parley.t;
    const contactId = await user("banner_user");
    const banner = await inApp(t, contactId, {
      channel: "banner", display: { urlPattern: "/banner_user/home", position: "top" },
      variants: [{ body: "Spring sale: **20% off**", content: { button: { label: "See the sale", url: `${hostUrl}/banner_user/sale` } } }],
    });
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await visit(page, "banner_user", "/home");
    const cta = w(page).locator(".banner.top a.cta");
    await cta.waitFor();
    expect(await w(page).locator(".banner strong").textContent()).toBe("20% off");
    await cta.click();
    await page.waitForURL(`${hostUrl}/banner_user/sale`);
    expect(findDelivery(t.ctx, banner.id)).toMatchObject({ status: "sent" });
    expect(findDelivery(t.ctx, banner.id)!.clickedAt).not.toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("a quick reply is recorded: the delivery's answer, the event and the attribute", async () => {
    const t = parley.t;
    const contactId = await user("poll_user");
    const note = await inApp(t, contactId, {
      channel: "notification",
      variants: [{ body: "Did the new docs help?", content: { replies: [{ label: "Yes", value: "yes" }, { label: "Not really", value: "no" }], attribute: "docs_helped" } }],
    });
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await visit(page, "poll_user", "/docs");
    const yes = w(page).locator('.note .replies button[data-value="yes"]');
    await yes.click();
    await w(page).locator(".note .thanks").waitFor();
    expect(await yes.getAttribute("aria-pressed")).toBe("true");
    expect(findDelivery(t.ctx, note.id)!.answer).toBe("yes");
    const events = listContactEvents(t.ctx, contactId, { perPage: 10 }).rows.filter((e) => e.name === "quick_reply");
    expect(events.map((e) => e.metadata)).toEqual([{ message_id: note.messageId, choice: "yes" }]);
    expect(findContact(t.ctx, t.workspace.id, contactId)!.customAttributes).toMatchObject({ docs_helped: "yes" });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("answering a post with text opens the chat it became", async () => {
    const t = parley.t;
    const contactId = await user("chat_user");
    const post = await inApp(t, contactId, { variants: [{ subject: "We shipped exports", body: "Tell us what you think." }] });
    const page = await browser.newPage();
    await page.setViewportSize({ width: 360, height: 640 });
    const errors = watchErrors(page);
    await visit(page, "chat_user", "/app");
    const reply = w(page).locator(".post textarea");
    await reply.waitFor();
    // Readable on a phone: the card fits the screen.
    const box = (await w(page).locator(".post .card").boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    expect(box.height).toBeLessThanOrEqual(640);
    await reply.fill("Love it, but I need XLSX");
    await w(page).locator(".post form button").click();
    await w(page).locator(".msg.contact", { hasText: "Love it, but I need XLSX" }).waitFor();
    expect(await w(page).locator(".msg.team").first().textContent()).toContain("We shipped exports");
    expect(await w(page).locator(".post").count()).toBe(0);
    const d = findDelivery(t.ctx, post.id)!;
    expect(d.repliedAt).not.toBeNull();
    expect(listParts(t.ctx, d.conversationId!).map((p) => p.authorType)).toEqual(["operator", "contact"]);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
