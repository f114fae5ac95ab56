import nodemailer from "nodemailer";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { addPart, listParts, setConversationState, startConversation } from "../../src/conversations/index.js";
import { closeMailer, listOutbox, makeReplyAddress, mjmlRenderCount, startInboundSmtp } from "../../src/email/index.js";
import { MINUTE } from "../../src/lib/clock.js";
import { startEmailContinuity, type Continuity } from "../../src/messenger/index.js";
import { contactTopic, hubFor, inboxTopic, operatorConnected, type HubMessage } from "../../src/realtime/index.js";
import { makeContact, makeOperator } from "../api/factories.js";
import { makeTestApp, type TestApp } from "../helpers/app.js";
import { startSmtpCatcher, type SmtpCatcher } from "../helpers/smtp-catcher.js";

const TOKEN = "relay-token-0123456789";
// The first reply loads MJML (about a second) and talks to a real SMTP peer.
vi.setConfig({ testTimeout: 30_000 });
let catcher: SmtpCatcher;
const apps: { t: TestApp; c: Continuity }[] = [];
beforeAll(async () => { catcher = await startSmtpCatcher(); });
afterAll(async () => { await catcher.close(); });
afterEach(() => {
  for (const { t, c } of apps.splice(0)) {
    c.stop();
    closeMailer(t.ctx);
    t.close();
  }
  catcher.messages.length = 0;
});

/** An app with continuity started; a teammate has the inbox open (no new-conversation emails) unless `teamAway`. */
function setup(config: Record<string, unknown> = {}, opts: { teamAway?: boolean } = {}) {
  const t = makeTestApp({ config: { SMTP_URL: catcher.url, INBOUND_DOMAIN: "in.parley.test", INBOUND_EMAIL_TOKEN: TOKEN, MAIL_FROM: "Acme <support@acme.test>", ...config } });
  const c = startEmailContinuity(t.ctx);
  apps.push({ t, c });
  const op = makeOperator(t, { name: "Jane Operator" });
  if (!opts.teamAway) operatorConnected(hubFor(t.ctx), t.workspace.id, op.id);
  return { t, c, op };
}

/** A contact who wrote in the messenger and left `minutesAgo` minutes ago. */
function leftContact(t: TestApp, minutesAgo: number, email: string | null = `c${Math.random().toString(36).slice(2)}@example.test`) {
  const contact = makeContact(t, { email, name: "Casey", lastSeenAt: t.clock.now() - minutesAgo * MINUTE });
  const { conversation } = startConversation(t.ctx, t.workspace.id, { contactId: contact.id, body: "Where is my order?" });
  return { contact, conversation };
}

const reply = (t: TestApp, convId: number, operatorId: number, body: string) =>
  addPart(t.ctx, t.workspace.id, convId, { author: { type: "operator", operatorId }, kind: "comment", body });

describe("operator replies by email", () => {
  test("a contact gone for longer than the threshold gets the reply by email, threaded, from the operator, MJML compiled once", async () => {
    const { t, c, op } = setup();
    const { contact, conversation } = leftContact(t, 10);
    const renders = mjmlRenderCount();
    reply(t, conversation.id, op.id, "Hi <Casey> & co,\nit shipped: https://track.example/1\n\nAnything else?");
    await c.idle();
    const [first] = await catcher.waitFor(1);
    const m = first!.parsed;
    expect(first!.envelope.to).toEqual([contact.email]);
    expect(m.from?.value[0]).toMatchObject({ name: "Jane Operator (Acme)", address: "support@acme.test" });
    expect(m.replyTo?.value[0]?.address).toBe(makeReplyAddress(t.ctx, conversation.id));
    expect(m.subject).toBe("Your conversation with Acme");
    expect(m.html).toContain("Hi &lt;Casey&gt; &amp; co,<br />it shipped: https://track.example/1</p><p>Anything else?</p>");
    expect(m.text).toContain("Hi <Casey> & co,");
    expect(m.headers.get("list-unsubscribe")).toBeUndefined();

    reply(t, conversation.id, op.id, "One more thing.");
    await c.idle();
    const second = (await catcher.waitFor(2))[1]!.parsed;
    expect(second.inReplyTo).toBe(m.messageId);
    expect([second.references].flat()).toEqual([m.messageId]);
    expect(mjmlRenderCount() - renders).toBeLessThanOrEqual(1);
    const stored = listParts(t.ctx, conversation.id).filter((p) => p.authorType === "operator");
    expect(stored.map((p) => p.meta?.email?.messageId)).toEqual([m.messageId, second.messageId]);
  });

  test("no email while the messenger is open, or was open within the threshold; notes never go out", async () => {
    const { t, c, op } = setup();
    const { contact, conversation } = leftContact(t, 10);
    const off = hubFor(t.ctx).subscribe([contactTopic(contact.id)], { deliver: () => {} });
    reply(t, conversation.id, op.id, "You are here");
    await c.idle();
    t.clock.advance(2 * MINUTE);
    off();
    reply(t, conversation.id, op.id, "You just left");
    addPart(t.ctx, t.workspace.id, conversation.id, { author: { type: "operator", operatorId: op.id }, kind: "note", body: "private" });
    await c.idle();
    expect(catcher.messages).toHaveLength(0);
    t.clock.advance(5 * MINUTE);
    reply(t, conversation.id, op.id, "Gone long enough");
    await c.idle();
    const [only] = await catcher.waitFor(1);
    expect(only!.parsed.text).toContain("Gone long enough");
    expect(catcher.messages).toHaveLength(1);
  });

  test("a contact without an email gets nothing; a refused address loses no chat reply", async () => {
    const { t, c, op } = setup();
    const anon = leftContact(t, 30, null);
    reply(t, anon.conversation.id, op.id, "Hello?");
    const bounced = leftContact(t, 30, "gone@example.test");
    catcher.rejectRecipient("gone@example.test", 550);
    const res = reply(t, bounced.conversation.id, op.id, "Still there?");
    await c.idle();
    catcher.acceptRecipient("gone@example.test");
    expect(catcher.messages).toHaveLength(0);
    expect(listParts(t.ctx, bounced.conversation.id).map((p) => p.id)).toContain(res.part.id);
    expect(t.log.lines.some((l) => l.level === "error")).toBe(false);
  });

  test("without SMTP the reply email lands in the outbox", async () => {
    const { t, c, op } = setup({ SMTP_URL: undefined });
    const { contact, conversation } = leftContact(t, 60);
    reply(t, conversation.id, op.id, "Outbox please");
    await c.idle();
    const rows = listOutbox(t.ctx, t.workspace.id);
    expect(t.log.lines.filter((l) => l.level === "error")).toEqual([]);
    expect(rows.filter((r) => r.toAddress.includes(contact.email!)).map((r) => r.subject)).toEqual(["Your conversation with Acme"]);
  });
});

/** A reply as a mail client sends it, with the quoted history below the new text. */
function emailReply(to: string, messageId: string, text: string): string {
  return [
    'From: "Casey" <casey@example.test>', `To: <${to}>`, "Subject: Re: Your conversation with Acme",
    `Message-ID: ${messageId}`, "In-Reply-To: <msg_1@acme.test>", "MIME-Version: 1.0", 'Content-Type: text/plain; charset="UTF-8"', "",
    text, "", "On Mon, Jan 5, 2026 at 10:00 AM Acme <", `${to}> wrote:`, "", "> Anything else?", "",
  ].join("\r\n");
}

describe("emailed answers come back into the conversation", () => {
  test("HTTP relay: the new text is the contact's comment, live in the inbox, reopening a closed conversation; a redelivery is stored once", async () => {
    const { t, op } = setup();
    const { contact, conversation } = leftContact(t, 30);
    setConversationState(t.ctx, t.workspace.id, conversation.id, { by: { type: "operator", operatorId: op.id }, state: "closed" });
    const seen: HubMessage[] = [];
    hubFor(t.ctx).subscribe([inboxTopic(t.workspace.id)], { deliver: (m) => seen.push(m) });
    const to = makeReplyAddress(t.ctx, conversation.id)!;
    const post = () => t.app.request("/inbound/email", { method: "POST", headers: { authorization: `Bearer ${TOKEN}` }, body: emailReply(to, "<r1@mail.example>", "Yes: <b>one</b> more question") });
    expect((await post()).status).toBe(202);
    expect((await post()).status).toBe(202);
    await t.ctx.bus.settled();
    const comments = listParts(t.ctx, conversation.id).filter((p) => p.partType === "comment" && p.authorType === "contact");
    expect(comments).toHaveLength(2);
    expect(comments[1]!.body).toBe("<p>Yes: &lt;b&gt;one&lt;/b&gt; more question</p>");
    expect(comments[1]!.authorId).toBe(contact.id);
    expect(comments[1]!.meta?.email).toEqual({ messageId: "<r1@mail.example>", direction: "in", from: "casey@example.test" });
    expect(listParts(t.ctx, conversation.id).some((p) => p.partType === "open")).toBe(true);
    const live = seen.filter((m) => m.event === "conversation" && (m.data as { part?: { id: string } }).part?.id === String(comments[1]!.id));
    expect(live).toHaveLength(1);
  });

  test("an altered reply address or an empty answer is refused for good", async () => {
    const { t } = setup();
    const { conversation } = leftContact(t, 30);
    const to = makeReplyAddress(t.ctx, conversation.id)!;
    const forged = to.replace(/-([0-9a-f])/, (_, d: string) => `-${d === "0" ? "1" : "0"}`);
    const post = (addr: string, text: string) => t.app.request("/inbound/email", { method: "POST", headers: { authorization: `Bearer ${TOKEN}` }, body: emailReply(addr, `<x${Math.random()}@m>`, text) });
    expect((await post(forged, "hi")).status).toBe(404);
    expect((await post(to, "")).status).toBe(400);
    expect(listParts(t.ctx, conversation.id)).toHaveLength(1);
  });

  test("over real SMTP to the built-in listener", async () => {
    const { t } = setup();
    const { conversation } = leftContact(t, 30);
    const smtp = (await startInboundSmtp(t.ctx, { port: 0, host: "127.0.0.1" }))!;
    try {
      const to = makeReplyAddress(t.ctx, conversation.id)!;
      const transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true });
      await transport.sendMail({ envelope: { from: "casey@example.test", to: [to] }, raw: emailReply(to, "<smtp-1@mail.example>", "Sent over SMTP") });
      transport.close();
      const texts = listParts(t.ctx, conversation.id).map((p) => p.body);
      expect(texts).toContain("<p>Sent over SMTP</p>");
    } finally {
      await smtp.close();
    }
  });
});

describe("new conversations when no teammate is online", () => {
  test("every operator is emailed; nobody while a teammate has the inbox open", async () => {
    const { t, c, op } = setup({}, { teamAway: true });
    const online = operatorConnected(hubFor(t.ctx), t.workspace.id, op.id);
    leftContact(t, 0);
    await c.idle();
    expect(catcher.messages).toHaveLength(0);
    online();
    const other = makeOperator(t, { name: "Sam" });
    leftContact(t, 0);
    await c.idle();
    const mails = await catcher.waitFor(2);
    expect(mails.map((m) => m.envelope.to[0]).sort()).toEqual([op.email, other.email].sort());
    expect(mails[0]!.parsed.subject).toBe("New conversation from Casey");
    expect(mails[0]!.parsed.text).toContain("Where is my order?");
    expect(mails[0]!.parsed.html).toContain("http://parley.test/inbox/");
  });
});
