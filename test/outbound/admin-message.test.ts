import { IntercomClient } from "intercom-client";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listTimeline } from "../../src/contacts/timeline.js";
import { contacts, deliveries, messages } from "../../src/db/schema/index.js";
import { addSuppression, closeMailer } from "../../src/email/index.js";
import { deliveryMessageId, messagesReport } from "../../src/outbound/index.js";
import { makeContact, makeOperator } from "../api/factories.js";
import { listen, type Listening } from "../helpers/http-server.js";
import { startSmtpCatcher, type SmtpCatcher } from "../helpers/smtp-catcher.js";
import { outTest, type OutTest } from "./helpers.js";

// Intercom's `POST /messages` with the official SDK: an admin-initiated email or in-app message goes through the
// delivery engine (a delivery row, tracking, suppressions, unsubscribes, the timeline and the messages report).
let t: OutTest;
let catcher: SmtpCatcher;
let server: Listening;
let client: IntercomClient;
beforeEach(async () => {
  catcher = await startSmtpCatcher();
  t = outTest({ config: { SMTP_URL: catcher.url, MAIL_FROM: "Parley <mail@parley.test>" } });
  server = await listen(t.app);
  client = new IntercomClient({ token: t.token, baseUrl: `${server.url}/api`, maxRetries: 0 });
});
afterEach(async () => {
  await server.close();
  closeMailer(t.ctx);
  t.close();
  await catcher.close();
});

const local = (url: string) => url.replace("http://parley.test", "");
const rowOf = (id: string) => t.ctx.db.select().from(deliveries).where(eq(deliveries.id, id)).get()!;

describe("POST /api/messages through the delivery engine", { timeout: 30_000 }, () => {
  it("emails the contact as a tracked delivery that shows in the timeline and the messages report", async () => {
    const op = makeOperator(t, { name: "Olive", email: "olive@example.com" });
    const ada = makeContact(t, { name: "Ada Lovelace", email: "ada@example.com" });
    const sent = await client.messages.create({
      message_type: "email", subject: "Your invoice, {{ contact.first_name }}", body: "Hello {{ contact.first_name }}, see [billing](https://app.example.com/billing).",
      template: "plain", from: { type: "admin", id: op.id }, to: { type: "user", id: ada.id },
    });
    expect(sent).toMatchObject({ type: "admin_message", message_type: "email", subject: "Your invoice, {{ contact.first_name }}", owner: { type: "admin", id: String(op.id) } });
    const row = rowOf(sent.id);
    expect(row).toMatchObject({ status: "sent", contactId: ada.id, channel: "email", sentAt: t.clock.now() });
    const [mail] = await catcher.waitFor(1);
    expect(mail!.envelope.to).toEqual(["ada@example.com"]);
    expect(mail!.parsed.subject).toBe("Your invoice, Ada");
    expect(mail!.parsed.messageId).toBe(deliveryMessageId(t.ctx, row.id));
    expect(mail!.parsed.headerLines.find((h) => h.key === "list-unsubscribe-post")?.line).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    const html = String(mail!.parsed.html);
    expect(html).toContain("Hello Ada");

    // The link is tracked on the delivery.
    const click = [...html.matchAll(/href="(http:\/\/parley\.test\/e\/c\/[^"]+)"/g)].map((m) => m[1]!)[0]!;
    t.clock.advance(60_000);
    const res = await t.app.request(local(click));
    expect([res.status, res.headers.get("location")]).toEqual([302, "https://app.example.com/billing"]);
    expect(rowOf(row.id)).toMatchObject({ clickedAt: t.clock.now(), openedAt: t.clock.now() });

    const msg = t.ctx.db.select().from(messages).where(eq(messages.id, row.messageId)).get()!;
    expect(msg).toMatchObject({ kind: "one_off", channel: "email", status: "sent", createdBy: op.id, bypassCap: true });
    const timeline = listTimeline(t.ctx, ada.id, { limit: 20 }).items.filter((i) => i.kind === "message");
    expect(timeline).toMatchObject([{ kind: "message", messageId: msg.id, channel: "email" }]);
    const report = messagesReport(t.ctx, t.workspace.id, { from: 0, to: t.clock.now() + 1 });
    expect(report).toMatchObject([{ id: msg.id, sent: 1, clicked: 1, opened: 1 }]);
  });

  it("respects suppressions and unsubscribes: nothing is sent, the delivery says why", async () => {
    const op = makeOperator(t);
    const off = makeContact(t, { email: "off@example.com", unsubscribedFromEmails: true });
    const bounced = makeContact(t, { email: "gone@example.com" });
    addSuppression(t.ctx, { email: "gone@example.com", reason: "bounce" });
    const a = await client.messages.create({ message_type: "email", subject: "Hi", body: "x", template: "plain", from: { type: "admin", id: op.id }, to: { type: "user", id: off.id } });
    const b = await client.messages.create({ message_type: "email", subject: "Hi", body: "x", template: "plain", from: { type: "admin", id: op.id }, to: { type: "user", id: bounced.id } });
    expect(rowOf(a.id)).toMatchObject({ status: "skipped", error: "unsubscribed" });
    expect(rowOf(b.id)).toMatchObject({ status: "skipped", error: "suppressed: bounce" });
    expect(catcher.messages).toHaveLength(0);
    expect(t.ctx.db.select().from(contacts).where(eq(contacts.id, off.id)).get()!.unsubscribedFromEmails).toBe(true);
  });

  it("records an in-app message as a delivery of its own conversation", async () => {
    const op = makeOperator(t, { name: "Olive" });
    const ada = makeContact(t);
    const sent = await client.messages.create({ message_type: "inapp", body: "Welcome aboard!", from: { type: "admin", id: op.id }, to: { type: "user", id: ada.id } });
    const row = rowOf(sent.id);
    expect(row).toMatchObject({ status: "sent", channel: "chat", contactId: ada.id, conversationId: Number(sent.conversation_id) });
    const conv = await client.conversations.find({ conversation_id: sent.conversation_id });
    expect(conv).toMatchObject({ admin_assignee_id: op.id, source: { delivered_as: "admin_initiated", body: expect.stringContaining("Welcome aboard!") } });
    expect(catcher.messages).toHaveLength(0);
  });

  it("names the field an email lacks", async () => {
    const op = makeOperator(t);
    const ada = makeContact(t);
    // The SDK's types require a subject for email; a caller without them sends the body as is.
    const noSubject = { message_type: "email", body: "x", template: "plain", from: { type: "admin", id: op.id }, to: { type: "user", id: ada.id } } as unknown as Parameters<typeof client.messages.create>[0];
    await expect(client.messages.create(noSubject))
      .rejects.toMatchObject({ statusCode: 400, body: { errors: [{ field: "subject" }] } });
    expect(t.ctx.db.select().from(deliveries).all()).toHaveLength(0);
  });
});
