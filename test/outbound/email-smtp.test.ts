import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { contacts, deliveries } from "../../src/db/schema/index.js";
import { closeMailer, mjmlRenderCount } from "../../src/email/index.js";
import { deliveryMessageId, launchMessage } from "../../src/outbound/index.js";
import { startSmtpCatcher, type SmtpCatcher } from "../helpers/smtp-catcher.js";
import { contact, message, outTest, type OutTest } from "./helpers.js";

let t: OutTest;
let catcher: SmtpCatcher;
beforeEach(async () => {
  catcher = await startSmtpCatcher();
  t = outTest({ config: { SMTP_URL: catcher.url, MAIL_FROM: "Parley <mail@parley.test>" } });
});
afterEach(async () => {
  closeMailer(t.ctx);
  t.close();
  await catcher.close();
});

function header(mail: ParsedMail, name: string): string {
  return mail.headerLines.filter((h) => h.key === name.toLowerCase()).map((h) => h.line.slice(h.line.indexOf(":") + 1).replace(/\r?\n\s+/g, " ").trim()).join("\n");
}
const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
const local = (url: string) => url.replace("http://parley.test", "");

// The first MJML compile of a run takes seconds on a busy machine.
describe("a broadcast through a real SMTP peer", { timeout: 30_000 }, () => {
  it("personalizes per recipient from one compile per variant, with RFC 8058 headers and a stable Message-ID", async () => {
    const ann = contact(t, { name: "Ann Lee", customAttributes: { plan: "pro" } });
    const anon = contact(t, { name: null });
    const m = message(t, {
      sender: { name: "Ann from Acme" },
      variants: [{ subject: "News for {{ contact.first_name | default: \"you\" }}", body: "Hi {{ contact.first_name | default: \"there\" }}, plan {{ contact.custom_attributes.plan | default: \"free\" }}.\n\n[Docs](https://docs.example.com/start?a=1&b=2)" }],
    });
    const before = mjmlRenderCount();
    await launchMessage(t.ctx, t.workspace.id, m.id);
    await t.runJob("outbound.send");
    const mails = await catcher.waitFor(2);
    expect(mjmlRenderCount() - before).toBeLessThanOrEqual(1);
    const byTo = new Map(mails.map((x) => [x.envelope.to[0], x.parsed]));
    const a = byTo.get(ann.email!)!;
    const b = byTo.get(anon.email!)!;
    expect(a.subject).toBe("News for Ann");
    expect(b.subject).toBe("News for you");
    expect(a.html).toContain("Hi Ann, plan pro.");
    expect(b.text).toContain("Hi there, plan free.");
    expect(a.from!.value[0]).toEqual({ name: "Ann from Acme", address: "mail@parley.test" });
    expect(header(a, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect(header(a, "List-Unsubscribe")).toMatch(/^<http:\/\/parley\.test\/u\/[\w.-]+>/);
    const rows = t.ctx.db.select().from(deliveries).all();
    const annRow = rows.find((r) => r.contactId === ann.id)!;
    expect(a.messageId).toBe(deliveryMessageId(t.ctx, annRow.id));
    expect(annRow).toMatchObject({ status: "sent", sentAt: t.clock.now(), smtpMessageId: a.messageId });
    await t.ctx.bus.settled();
    expect(t.seen("delivery.sent").map((p) => p.deliveryId).sort()).toEqual(rows.map((r) => r.id).sort());
  });

  it("tracked links redirect and count on the delivery; the open pixel counts; one-click POST unsubscribes", async () => {
    const ann = contact(t);
    const m = message(t, { variants: [{ subject: "Hello", body: "[Docs](https://docs.example.com/start?a=1&b=2)" }] });
    await launchMessage(t.ctx, t.workspace.id, m.id);
    await t.runJob("outbound.send");
    const [mail] = await catcher.waitFor(1);
    const html = String(mail!.parsed.html);
    const tracked = hrefs(html).filter((h) => h.startsWith("http://parley.test/e/c/"));
    expect(tracked).toHaveLength(1);
    t.clock.advance(60_000);
    const res = await t.app.request(local(tracked[0]!));
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("https://docs.example.com/start?a=1&b=2");
    const pixel = /src="(http:\/\/parley\.test\/e\/o\/[^"]+)"/.exec(html)![1]!;
    expect((await t.app.request(local(pixel))).status).toBe(200);
    let row = t.ctx.db.select().from(deliveries).get()!;
    expect([row.clickedAt, row.openedAt]).toEqual([t.clock.now(), t.clock.now()]);

    const url = /^<([^>]+)>/.exec(header(mail!.parsed, "List-Unsubscribe"))![1]!;
    expect((await t.app.request(local(url))).status).toBe(200); // GET shows the page, changes nothing
    expect(t.ctx.db.select().from(contacts).where(eq(contacts.id, ann.id)).get()!.unsubscribedFromEmails).toBe(false);
    const post = await t.app.request(local(url), { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
    expect(post.status).toBe(200);
    row = t.ctx.db.select().from(deliveries).get()!;
    expect(row.unsubscribedAt).toBe(t.clock.now());
    await t.ctx.bus.settled();
    // The click already counted as an open, so the pixel changed nothing.
    expect(t.seen("delivery.updated").map((p) => p.outcome)).toEqual(["clicked", "unsubscribed"]);

    // The next broadcast skips the unsubscribed contact.
    const next = message(t, { variants: [{ subject: "Again", body: "b" }] });
    await launchMessage(t.ctx, t.workspace.id, next.id);
    await t.runJob("outbound.send");
    const again = t.ctx.db.select().from(deliveries).where(eq(deliveries.messageId, next.id)).get()!;
    expect([again.status, again.error]).toEqual(["skipped", "unsubscribed"]);
    expect(catcher.messages).toHaveLength(1);
  });

  it("retries a transient refusal with backoff and fails a permanent one as a bounce", async () => {
    const later = contact(t);
    const gone = contact(t);
    catcher.rejectRecipient(later.email!, 451);
    catcher.rejectRecipient(gone.email!, 550);
    const m = message(t, { variants: [{ subject: "Hello", body: "b" }] });
    await launchMessage(t.ctx, t.workspace.id, m.id);
    await t.runJob("outbound.send");
    const row = (id: string) => t.ctx.db.select().from(deliveries).where(eq(deliveries.contactId, id)).get()!;
    expect(row(later.id)).toMatchObject({ status: "queued", attempts: 1, notBefore: t.clock.now() + 60_000 });
    expect(row(gone.id)).toMatchObject({ status: "failed", bouncedAt: t.clock.now() });
    catcher.acceptRecipient(later.email!);
    t.clock.advance(60_000);
    await t.runJob("outbound.send");
    expect(row(later.id)).toMatchObject({ status: "sent", attempts: 2 });
    await catcher.waitFor(1);
    expect(catcher.messages.map((x) => x.envelope.to[0])).toEqual([later.email]);
  });
});
