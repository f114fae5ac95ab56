/// <reference lib="dom" />
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { findContactByExternalId } from "../../src/contacts/index.js";
import { addPart, listConversations, markRead } from "../../src/conversations/index.js";
import { hubFor, publishTyping } from "../../src/realtime/index.js";
import { makeOperator } from "../api/factories.js";
import { describeBrowser, launchBrowser, serveApp, watchErrors } from "../helpers/browser.js";
import { configureIdentity, userHash } from "../widget/helpers.js";

type Parley = Awaited<ReturnType<typeof serveApp>>;
const NONCE = "host-page-nonce";

/**
 * A customer's page on another origin, with Intercom's install snippet word for word except the script URL,
 * under a strict CSP (nonce'd inline scripts only, no inline styles): the widget must live with the host's rules.
 */
function hostPage(parley: string, appId: string, settings: Record<string, unknown>, extra = ""): string {
  const json = JSON.stringify({ api_base: "https://api-iam.intercom.io", app_id: appId, ...settings });
  return `<!doctype html><html><head><title>Shop</title></head><body><h1>Shop</h1>${extra}
<script nonce="${NONCE}">window.intercomSettings = ${json};
window.__unread = []; window.__shown = 0;</script>
<script nonce="${NONCE}">(function(){var w=window;var ic=w.Intercom;if(typeof ic==="function"){ic('reattach_activator');ic('update',w.intercomSettings);}
else{var d=document;var i=function(){i.c(arguments);};i.q=[];i.c=function(args){i.q.push(args);};w.Intercom=i;
var l=function(){var s=d.createElement('script');s.type='text/javascript';s.async=true;
s.src='${parley}/widget/${appId}';
var x=d.getElementsByTagName('script')[0];x.parentNode.insertBefore(s,x);};
if(document.readyState==='complete'){l();}else if(w.attachEvent){w.attachEvent('onload',l);}else{w.addEventListener('load',l,false);}}})();</script>
<script nonce="${NONCE}">Intercom('onUnreadCountChange', function (n) { window.__unread.push(n); });
Intercom('onShow', function () { window.__shown++; });
Intercom('ready', function () { window.__ready = true; });</script>
</body></html>`;
}

describeBrowser("messenger widget in Chromium", () => {
  let parley: Parley;
  let host: Server;
  let hostUrl: string;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  const pages = new Map<string, string>();

  beforeAll(async () => {
    parley = await serveApp();
    host = createServer((req, res) => {
      const html = pages.get(req.url ?? "");
      if (!html) return void res.writeHead(404).end();
      const csp = `default-src 'none'; script-src 'nonce-${NONCE}' ${parley.url}; connect-src ${parley.url}; style-src 'none'; img-src 'none'`;
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-security-policy": csp }).end(html);
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

  const launcher = (page: Page) => page.locator("#parley-messenger button.launcher");

  it("snippet → launcher → send → operator reply shows live and the unread counter fires; no console errors", async () => {
    const t = parley.t;
    configureIdentity(t, true, t.workspace.identitySecret);
    pages.set("/shop", hostPage(parley.url, t.workspace.idCode, {
      user_id: "e2e-user", email: "e2e@example.com", name: "E2E User", created_at: 1234567890, user_hash: userHash("e2e-user", t.workspace.identitySecret),
    }));
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${hostUrl}/shop`);
    await launcher(page).waitFor();
    expect(await launcher(page).evaluate((b) => getComputedStyle(b).position)).toBe("fixed");
    const visitorId = await page.evaluate(() => (window as unknown as { Intercom(m: string): unknown }).Intercom("getVisitorId"));
    expect(visitorId).toMatch(/^[0-9a-f]{32}$/);

    await launcher(page).click();
    await page.locator("#parley-messenger .panel").waitFor();
    await page.locator("#parley-messenger button.new").click();
    const composer = page.locator("#parley-messenger .composer textarea");
    await expect.poll(() => composer.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    await composer.fill("Hello from the shop <script>alert(1)</script>");
    await composer.press("Enter");
    await page.locator("#parley-messenger .msg.contact[data-part]").waitFor();

    const contact = findContactByExternalId(t.ctx, t.workspace.id, "e2e-user")!;
    expect(contact).toMatchObject({ email: "e2e@example.com", name: "E2E User", role: "user" });
    const conv = listConversations(t.ctx, t.workspace.id, { contactId: contact.id, perPage: 5 }).rows[0]!;
    const op = makeOperator(t);
    addPart(t.ctx, t.workspace.id, conv.id, { author: { type: "operator", operatorId: op.id }, body: "Hi! See https://example.com/help" });

    const reply = page.locator("#parley-messenger .msg.team", { hasText: "Hi! See" });
    await reply.waitFor();
    expect(await reply.locator("a").getAttribute("href")).toBe("https://example.com/help");
    await page.waitForFunction(() => (window as unknown as { __unread: number[] }).__unread.includes(1));
    expect(await page.locator("#parley-messenger .msg.contact").first().textContent()).toContain("<script>alert(1)</script>");
    expect(await page.evaluate(() => (window as unknown as { __shown: number }).__shown)).toBe(1);

    publishTyping(hubFor(t.ctx), { conversationId: String(conv.id), contactId: contact.id, author: { type: "operator", id: String(op.id) }, typing: true });
    await page.locator("#parley-messenger .typing").waitFor();
    // A teammate who has not read the thread yet opens it: the contact sees a receipt.
    markRead(t.ctx, t.workspace.id, conv.id, { type: "operator", operatorId: makeOperator(t).id });
    await page.locator("#parley-messenger .msg.contact .seen").waitFor();

    await page.keyboard.press("Escape");
    await page.locator("#parley-messenger .panel").waitFor({ state: "hidden" });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("a visitor with a custom launcher: no default launcher, the selector opens the panel, ready fires, shutdown forgets the visitor", async () => {
    const t = parley.t;
    configureIdentity(t, false, t.workspace.identitySecret);
    pages.set("/custom", hostPage(parley.url, t.workspace.idCode, { hide_default_launcher: true, custom_launcher_selector: "#help" }, '<button id="help">Help</button>'));
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${hostUrl}/custom`);
    await page.waitForFunction(() => (window as unknown as { __ready?: boolean }).__ready === true);
    expect(await launcher(page).isVisible()).toBe(false);
    await page.click("#help");
    await page.locator("#parley-messenger .panel").waitFor();
    const call = (m: string) => page.evaluate((method) => (window as unknown as { Intercom(m: string): unknown }).Intercom(method), m);
    expect(await call("startTour")).toBeUndefined();
    const first = await call("getVisitorId");
    await call("shutdown");
    expect(await page.locator("#parley-messenger").count()).toBe(0);
    expect(await call("getVisitorId")).not.toBe(first);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("with enforcement on, a wrong user_hash is refused: a console warning and no launcher", async () => {
    const t = parley.t;
    configureIdentity(t, true, t.workspace.identitySecret);
    pages.set("/forged", hostPage(parley.url, t.workspace.idCode, { user_id: "victim", user_hash: userHash("victim", "guessed-secret") }));
    const page = await browser.newPage();
    const warned = page.waitForEvent("console", (m) => m.type() === "warning" && /boot refused \(401\)/.test(m.text()));
    await page.goto(`${hostUrl}/forged`);
    await warned;
    expect(await page.locator("#parley-messenger").count()).toBe(0);
    expect(findContactByExternalId(t.ctx, t.workspace.id, "victim")).toBeUndefined();
    await page.close();
  }, 60_000);
});
