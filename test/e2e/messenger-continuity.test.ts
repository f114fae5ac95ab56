/// <reference lib="dom" />
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nodemailer from "nodemailer";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { findContact, findContactByExternalId } from "../../src/contacts/index.js";
import { listConversations, listParts } from "../../src/conversations/index.js";
import { startInboundSmtp, type InboundSmtp } from "../../src/email/index.js";
import { MINUTE } from "../../src/lib/clock.js";
import { startEmailContinuity, type Continuity } from "../../src/messenger/index.js";
import { contactTopic, hubFor } from "../../src/realtime/index.js";
import { createOperator } from "../../src/operators/create.js";
import { describeBrowser, launchBrowser, serveApp, watchErrors } from "../helpers/browser.js";
import { startSmtpCatcher, type SmtpCatcher } from "../helpers/smtp-catcher.js";
import { configureIdentity, userHash } from "../widget/helpers.js";

type Parley = Awaited<ReturnType<typeof serveApp>>;
type Ctx = Awaited<ReturnType<typeof launchBrowser>>;
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
const OPERATOR = { name: "Olga Operator", email: "olga@example.test", password: "correct horse battery" };

/** A plain HTML page with Intercom's standard install snippet; only the script URL points at Parley. */
function hostPage(parley: string, appId: string, settings: Record<string, unknown>): string {
  const json = JSON.stringify({ api_base: "https://api-iam.intercom.io", app_id: appId, ...settings });
  return `<!doctype html><html><head><title>Shop</title><link rel="icon" href="data:,"></head><body><h1>Shop</h1>
<script>window.intercomSettings = ${json}; window.__unread = [];</script>
<script>(function(){var w=window;var ic=w.Intercom;if(typeof ic==="function"){ic('reattach_activator');ic('update',w.intercomSettings);}else{var d=document;var i=function(){i.c(arguments);};i.q=[];i.c=function(args){i.q.push(args);};w.Intercom=i;var l=function(){var s=d.createElement('script');s.type='text/javascript';s.async=true;s.src='${parley}/widget/${appId}';var x=d.getElementsByTagName('script')[0];x.parentNode.insertBefore(s,x);};if(document.readyState==='complete'){l();}else if(w.attachEvent){w.attachEvent('onload',l);}else{w.addEventListener('load',l,false);}}})();</script>
<script>Intercom('onUnreadCountChange', function (n) { window.__unread.push(n); });
Intercom('onUserEmailSupplied', function () { window.__emailSupplied = true; });</script>
</body></html>`;
}

describeBrowser("messenger continuity in Chromium: widget ↔ inbox ↔ email", () => {
  let parley: Parley;
  let host: Server;
  let hostUrl: string;
  let visitorBrowser: Ctx;
  let operatorBrowser: Ctx;
  let catcher: SmtpCatcher;
  let inbound: InboundSmtp;
  let continuity: Continuity;
  const pages = new Map<string, string>();
  let uploads = "";

  beforeAll(async () => {
    catcher = await startSmtpCatcher();
    uploads = mkdtempSync(join(tmpdir(), "parley-e2e-uploads-"));
    parley = await serveApp({ UPLOADS_DIR: uploads, SMTP_URL: catcher.url, INBOUND_DOMAIN: "in.parley.test", MAIL_FROM: "Shop <help@shop.test>" });
    continuity = startEmailContinuity(parley.t.ctx);
    inbound = (await startInboundSmtp(parley.t.ctx, { port: 0, host: "127.0.0.1" }))!;
    createOperator(parley.t.ctx, { ...OPERATOR, role: "owner" });
    host = createServer((req, res) => {
      const html = pages.get(req.url ?? "");
      res.writeHead(html ? 200 : 404, { "content-type": "text/html; charset=utf-8" }).end(html ?? "");
    });
    await new Promise<void>((r) => host.listen(0, "127.0.0.1", r));
    hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
    visitorBrowser = await launchBrowser();
    operatorBrowser = await launchBrowser();
  }, 90_000);
  afterAll(async () => {
    await visitorBrowser?.dispose();
    await operatorBrowser?.dispose();
    await new Promise((r) => host?.close(r));
    continuity?.stop();
    await inbound?.close();
    await parley?.close();
    await catcher?.close();
    rmSync(uploads, { recursive: true, force: true });
  }, 60_000);

  const widget = (page: Page) => page.locator("#parley-messenger");

  it("user boots → writes → an operator in a second browser replies in the inbox → the widget shows it and the unread counter fires; a reply email over SMTP lands in the same thread", async () => {
    const t = parley.t;
    configureIdentity(t, true, t.workspace.identitySecret);
    pages.set("/shop", hostPage(parley.url, t.workspace.idCode, { user_id: "cont-1", email: "dana@example.test", name: "Dana", user_hash: userHash("cont-1", t.workspace.identitySecret) }));
    const page = await visitorBrowser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${hostUrl}/shop`);
    await widget(page).locator("button.launcher").click();
    await widget(page).locator("button.new").click();
    await widget(page).locator(".composer textarea").fill("My parcel never arrived");
    await widget(page).locator(".composer textarea").press("Enter");
    await widget(page).locator(".msg.contact[data-part]").waitFor();
    const contact = findContactByExternalId(t.ctx, t.workspace.id, "cont-1")!;
    const conv = listConversations(t.ctx, t.workspace.id, { contactId: contact.id, perPage: 5 }).rows[0]!;

    const inbox = await operatorBrowser.newPage();
    const inboxErrors = watchErrors(inbox);
    await inbox.addInitScript(() => document.addEventListener("htmx:sseOpen", () => ((window as unknown as { sseOpen: boolean }).sseOpen = true)));
    await inbox.goto(`${parley.url}/login`);
    await inbox.fill("#f-email", OPERATOR.email);
    await inbox.fill("#f-password", OPERATOR.password);
    await Promise.all([inbox.waitForURL(`${parley.url}/`), inbox.click("button[type=submit]")]);
    await inbox.goto(`${parley.url}/inbox/${conv.id}?v=all`);
    await inbox.locator("#thread-parts .part-by-contact", { hasText: "My parcel never arrived" }).waitFor();
    await inbox.waitForFunction(() => (window as unknown as { sseOpen?: boolean }).sseOpen === true);
    await inbox.fill("#composer-body", "Sorry! Tracking: https://track.example/42 <b>soon</b>");
    const sentAt = Date.now();
    await inbox.click("#composer-send");

    const reply = widget(page).locator(".msg.team", { hasText: "Sorry! Tracking:" });
    await reply.waitFor({ timeout: 5_000 });
    expect(Date.now() - sentAt).toBeLessThan(3_000);
    expect(await reply.locator("a").getAttribute("href")).toBe("https://track.example/42");
    expect(await reply.textContent()).toContain("<b>soon</b>");
    expect(await reply.locator(".meta").textContent()).toContain("Olga Operator");
    await page.waitForFunction(() => (window as unknown as { __unread: number[] }).__unread.includes(1));
    // Nobody had the inbox open when Dana wrote: the team was told by email. Dana had the messenger open: no email for her.
    await continuity.idle();
    const [notice] = await catcher.waitFor(1);
    expect([notice!.envelope.to, notice!.parsed.subject]).toEqual([[OPERATOR.email], "New conversation from Dana"]);
    const toDana = () => catcher.messages.filter((m) => m.envelope.to.includes("dana@example.test"));
    expect(toDana()).toHaveLength(0);

    // The contact leaves; long enough later the next reply also goes by email, with a per-conversation Reply-To.
    await page.close();
    await expect.poll(() => hubFor(t.ctx).presence(contactTopic(contact.id)).subscribers, { timeout: 10_000 }).toBe(0);
    t.clock.advance(10 * MINUTE);
    await inbox.fill("#composer-body", "It was delivered to your neighbour.");
    await inbox.click("#composer-send");
    await inbox.locator("#thread-parts .part-by-operator", { hasText: "neighbour" }).waitFor();
    await continuity.idle();
    await catcher.waitFor(2);
    const [mail] = toDana();
    expect(toDana()).toHaveLength(1);
    const replyTo = mail!.parsed.replyTo!.value[0]!.address!;
    expect(replyTo).toMatch(new RegExp(`^reply\\+${conv.id}-[0-9a-f]{20}@in\\.parley\\.test$`));
    expect(mail!.parsed.from!.value[0]!.name).toContain("Olga Operator");

    // Dana answers from her mail client; the built-in listener puts it in the same thread, live in the inbox.
    const smtp = nodemailer.createTransport({ host: "127.0.0.1", port: inbound.port, secure: false, ignoreTLS: true });
    await smtp.sendMail({
      from: "Dana <dana@example.test>", to: replyTo, subject: `Re: ${mail!.parsed.subject}`, inReplyTo: mail!.parsed.messageId, references: [mail!.parsed.messageId!],
      text: `Found it, thanks!\n\nOn Thu, Jan 15, 2026 at 12:10 PM Olga Operator <${replyTo}> wrote:\n> It was delivered to your neighbour.\n`,
    });
    smtp.close();
    await inbox.locator("#thread-parts .part-by-contact", { hasText: "Found it, thanks!" }).waitFor();
    const last = listParts(t.ctx, conv.id).at(-1)!;
    expect([last.authorType, last.authorId, last.body]).toEqual(["contact", contact.id, "<p>Found it, thanks!</p>"]);
    expect(errors).toEqual([]);
    expect(inboxErrors).toEqual([]);
    await inbox.close();
  }, 90_000);

  it("with enforcement on, a boot without a valid hash is refused; a visitor's token cannot read another contact's conversation", async () => {
    const t = parley.t;
    configureIdentity(t, true, t.workspace.identitySecret);
    pages.set("/nohash", hostPage(parley.url, t.workspace.idCode, { user_id: "cont-1", email: "dana@example.test" }));
    const page = await visitorBrowser.newPage();
    const refused = page.waitForEvent("console", (m) => m.type() === "warning" && /boot refused \(401\)/.test(m.text()));
    await page.goto(`${hostUrl}/nohash`);
    await refused;
    expect(await widget(page).count()).toBe(0);

    const dana = findContactByExternalId(t.ctx, t.workspace.id, "cont-1")!;
    const danaConv = listConversations(t.ctx, t.workspace.id, { contactId: dana.id, perPage: 5 }).rows[0]!;
    const probe = await page.evaluate(async ({ base, appId, id }) => {
      const boot = await fetch(`${base}/messenger/boot`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ app_id: appId, anonymous_id: "probe-visitor-0001" }) });
      const { session } = (await boot.json()) as { session: string };
      const read = (path: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${session}` } }).then(async (r) => ({ status: r.status, text: await r.text() }));
      return { thread: await read(`/messenger/conversations/${id}`), list: await read("/messenger/conversations"), reply: (await fetch(`${base}/messenger/conversations/${id}/messages`, { method: "POST", headers: { authorization: `Bearer ${session}`, "content-type": "application/json" }, body: JSON.stringify({ body: "hijack" }) })).status };
    }, { base: parley.url, appId: t.workspace.idCode, id: String(danaConv.id) });
    expect(probe.thread.status).toBe(404);
    expect(probe.thread.text).not.toContain("parcel");
    expect(probe.list.status).toBe(200);
    expect(probe.list.text).not.toContain("parcel");
    expect(probe.reply).toBe(404);
    expect(listParts(t.ctx, danaConv.id).map((p) => p.body).join()).not.toContain("hijack");
    await page.close();
  }, 60_000);

  it("an anonymous visitor is asked for an email and can send an image, shown in the widget and stored on the conversation", async () => {
    const t = parley.t;
    configureIdentity(t, false, t.workspace.identitySecret);
    pages.set("/visitor", hostPage(parley.url, t.workspace.idCode, {}));
    const page = await visitorBrowser.newPage();
    const errors = watchErrors(page);
    // Another origin, so no visitor id stored by the earlier tests' user (who never called shutdown) is reused.
    await page.goto(`${hostUrl.replace("127.0.0.1", "localhost")}/visitor`);
    await widget(page).locator("button.launcher").click();
    await widget(page).locator("button.new").click();
    await widget(page).locator(".composer textarea").fill("Do you ship to Norway?");
    await widget(page).locator(".composer textarea").press("Enter");
    const prompt = widget(page).locator("form.prompt");
    await prompt.waitFor();
    await prompt.locator("input[type=email]").fill("nora@example.test");
    await prompt.locator("button").click();
    await widget(page).locator(".prompt.done", { hasText: "nora@example.test" }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __emailSupplied?: boolean }).__emailSupplied)).toBe(true);
    const nora = listConversations(t.ctx, t.workspace.id, { perPage: 50 }).rows.map((c) => findContact(t.ctx, t.workspace.id, c.contactId)).find((c) => c?.email === "nora@example.test");
    expect(nora?.role).toBe("lead");

    await widget(page).locator("input[type=file]").setInputFiles({ name: "label.png", mimeType: "image/png", buffer: PNG });
    const img = widget(page).locator(".msg.contact[data-part] img");
    await img.waitFor();
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(1);
    const conv = listConversations(t.ctx, t.workspace.id, { contactId: nora!.id, perPage: 5 }).rows[0]!;
    expect(listParts(t.ctx, conv.id).at(-1)!.attachments[0]).toMatchObject({ name: "label.png", contentType: "image/png" });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
