/// <reference lib="dom" />
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createMessage, findDelivery, listContactDeliveries, parseMessageInput } from "../../src/outbound/index.js";
import { signIn, startAdmin, stopAdmin, type Browser, type Server } from "../helpers/admin-browser.js";
import { describeBrowser, watchErrors } from "../helpers/browser.js";
import { configureIdentity } from "../widget/helpers.js";

const OWNER = { name: "Olive Owner", email: "olive@example.test", password: "correct horse battery" };

/** A customer's page that loads the widget for `userId` (Intercom's snippet, script URL changed). */
function hostPage(parley: string, appId: string, userId: string): string {
  const json = JSON.stringify({ app_id: appId, user_id: userId });
  return `<!doctype html><html><head><title>Shop</title></head><body><h1>Shop</h1>
<script>window.intercomSettings = ${json};</script>
<script>(function(){var w=window;var i=function(){i.c(arguments);};i.q=[];i.c=function(a){i.q.push(a);};w.Intercom=i;
var s=document.createElement('script');s.async=true;s.src='${parley}/widget/${appId}';document.head.appendChild(s);})();</script>
</body></html>`;
}

describeBrowser("in-app messages arrive while the page is open", () => {
  let server: Server | undefined;
  let browser: Browser | undefined;
  let host: HttpServer;
  let hostUrl: string;

  beforeAll(async () => {
    ({ server, browser } = await startAdmin(OWNER));
    configureIdentity(server.t, false);
    const s = server;
    host = createServer((req, res) => {
      const m = /^\/(\w+)\//.exec(req.url ?? "");
      // No favicon: an empty answer rather than a 404 in the console.
      if (!m) return void res.writeHead(204).end();
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(hostPage(s.url, s.t.workspace.idCode, m[1]!));
    });
    await new Promise<void>((r) => host.listen(0, "127.0.0.1", r));
    hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  }, 60_000);
  afterAll(async () => {
    await browser?.dispose();
    host?.closeAllConnections();
    await new Promise((r) => host?.close(r));
    await stopAdmin(server, undefined);
  });

  it("an operator launches a post; the open page shows it without a reload, on a matching page only", async () => {
    const t = server!.t;
    const res = await t.api("POST", "/api/contacts", { external_id: "live_user", email: "live_user@example.com" });
    expect(res.status).toBe(200);
    const contactId = ((await res.json()) as { id: string }).id;
    const post = createMessage(t.ctx, t.workspace.id, parseMessageInput({
      name: "Live post", channel: "post", audience: { contactId }, display: { urlPattern: "*/billing" },
      variants: [{ subject: "Fresh news", body: "Arrived while you were here" }],
    }));

    const shop = await browser!.newPage();
    const errors = watchErrors(shop);
    const streamOpen = shop.waitForResponse((r) => r.url().includes("/messenger/stream"));
    const asked = shop.waitForResponse((r) => r.url().includes("/messenger/inapp?"));
    await shop.goto(`${hostUrl}/live_user/billing`);
    expect((await asked).status()).toBe(200);
    expect((await streamOpen).status()).toBe(200);
    const w = shop.locator("#parley-messenger");
    await w.locator("button.launcher").waitFor();
    expect(await w.locator(".post").count()).toBe(0);

    // Another page of the same contact that does not match the pattern stays clear.
    const other = await browser!.newPage();
    const otherAsked = other.waitForResponse((r) => r.url().includes("/messenger/inapp?"));
    await other.goto(`${hostUrl}/live_user/pricing`);
    await otherAsked;

    const admin = await browser!.newPage();
    admin.on("dialog", (d) => void d.accept());
    await signIn(admin, server!.url, OWNER);
    await admin.goto(`${server!.url}/messages/${post.id}`);
    const askedAgain = other.waitForResponse((r) => r.url().includes("/messenger/inapp?"));
    askedAgain.catch(() => undefined); // awaited below; a failure above must not leave it unhandled
    await Promise.all([admin.waitForLoadState("load"), admin.click("button[data-action=launch]")]);

    const dialog = w.locator(".post [role=dialog]");
    await dialog.waitFor({ timeout: 15_000 });
    expect(await dialog.locator("h2").textContent()).toBe("Fresh news");
    const d = listContactDeliveries(t.ctx, post.id, contactId)[0]!;
    await expect.poll(() => findDelivery(t.ctx, d.id)!.status).toBe("sent");
    // The non-matching page was told too, asked again, and shows nothing.
    expect((await askedAgain).status()).toBe(200);
    expect(await other.locator("#parley-messenger .post").count()).toBe(0);
    expect(errors).toEqual([]);
    await Promise.all([shop.close(), other.close(), admin.close()]);
  }, 90_000);
});
