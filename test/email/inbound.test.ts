import nodemailer from "nodemailer";
import { afterEach, describe, expect, test } from "vitest";
import {
  classifySmtpError, makeReplyAddress, onInboundEmail, parseInbound, readReplyAddress, startInboundSmtp,
  type InboundEmail, type InboundRoute,
} from "../../src/email/index.js";
import { notFound } from "../../src/lib/errors.js";
import { makeEmailApp, type EmailTestApp } from "./support.js";

const TOKEN = "relay-token-0123456789";
const apps: EmailTestApp[] = [];
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
  for (const a of apps.splice(0)) a.close();
});

function app(): EmailTestApp {
  const t = makeEmailApp({ config: { INBOUND_DOMAIN: "In.Parley.test", INBOUND_EMAIL_TOKEN: TOKEN } });
  apps.push(t);
  return t;
}

/** Registers a handler for this test; resolves with the first message it receives. */
function capture(): Promise<{ mail: InboundEmail; route: InboundRoute }> {
  return new Promise((resolve) => cleanups.push(onInboundEmail((_ctx, mail, route) => resolve({ mail, route }))));
}

/** A reply as Gmail sends it: multipart/alternative plus an attachment, quoted history, threading headers. */
function gmailReply(to: string): string {
  return [
    'From: "Jane Doe" <jane@example.test>',
    `To: Acme Support <${to}>`,
    "Cc: boss@example.test",
    "Subject: Re: Your question =?UTF-8?Q?=E2=9C=93?=",
    "Date: Mon, 05 Jan 2026 10:05:00 +0000",
    "Message-ID: <CAF+reply-1@mail.gmail.com>",
    "In-Reply-To: <msg_1@parley.test>",
    "References: <msg_0@parley.test> <msg_1@parley.test>",
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="mixed"',
    "",
    "--mixed",
    'Content-Type: multipart/alternative; boundary="alt"',
    "",
    "--alt",
    'Content-Type: text/plain; charset="UTF-8"',
    "Content-Transfer-Encoding: quoted-printable",
    "",
    "Thanks, it works now =E2=80=94 great!",
    "",
    "On Mon, Jan 5, 2026 at 10:00 AM Acme Support <",
    `${to}> wrote:`,
    "",
    "> Try clearing the cache.",
    "",
    "--alt",
    'Content-Type: text/html; charset="UTF-8"',
    "",
    '<div dir="ltr">Thanks, it works now — great!</div><blockquote>Try clearing the cache.</blockquote>',
    "--alt--",
    "--mixed",
    'Content-Type: image/png; name="shot.png"',
    'Content-Disposition: attachment; filename="shot.png"',
    "Content-Transfer-Encoding: base64",
    "",
    Buffer.from("fake-png-bytes").toString("base64"),
    "--mixed--",
    "",
  ].join("\r\n");
}

describe("reply addresses", () => {
  test("round-trip, case-insensitive, bound to the conversation and the domain", () => {
    const t = app();
    const address = makeReplyAddress(t.ctx, 106)!;
    expect(address).toMatch(/^reply\+106-[0-9a-f]{20}@in\.parley\.test$/);
    expect(address.split("@")[0]!.length).toBeLessThanOrEqual(64);
    expect(readReplyAddress(t.ctx, address)).toBe(106);
    expect(readReplyAddress(t.ctx, address.toUpperCase())).toBe(106);
    expect(readReplyAddress(t.ctx, address.replace("106-", "107-"))).toBeUndefined();
    expect(readReplyAddress(t.ctx, address.replace("in.parley.test", "elsewhere.test"))).toBeUndefined();
    const [local, domain] = address.split("@") as [string, string];
    const flipped = `${local.slice(0, -1)}${local.endsWith("0") ? "1" : "0"}@${domain}`;
    expect(readReplyAddress(t.ctx, flipped)).toBeUndefined();
    const other = makeEmailApp({ config: { INBOUND_DOMAIN: "in.parley.test" } });
    apps.push(other);
    expect(readReplyAddress(other.ctx, address)).toBeUndefined();
    const none = makeEmailApp();
    apps.push(none);
    expect(makeReplyAddress(none.ctx, 106)).toBeUndefined();
  });
});

describe("parseInbound", () => {
  test("reads a real multipart reply: addresses, threading, both bodies, attachment metadata, the new text alone", async () => {
    const mail = await parseInbound(Buffer.from(gmailReply("reply+5-0123456789abcdef0123@in.parley.test")));
    expect(mail.from).toEqual({ name: "Jane Doe", address: "jane@example.test" });
    expect(mail.to).toEqual([{ name: "Acme Support", address: "reply+5-0123456789abcdef0123@in.parley.test" }]);
    expect(mail.cc).toEqual([{ name: null, address: "boss@example.test" }]);
    expect(mail.subject).toBe("Re: Your question ✓");
    expect(mail.messageId).toBe("<CAF+reply-1@mail.gmail.com>");
    expect(mail.inReplyTo).toBe("<msg_1@parley.test>");
    expect(mail.references).toEqual(["<msg_0@parley.test>", "<msg_1@parley.test>"]);
    expect(mail.date).toBe(Date.UTC(2026, 0, 5, 10, 5));
    expect(mail.html).toContain("Thanks, it works now — great!");
    expect(mail.text).toContain("> Try clearing the cache.");
    expect(mail.reply).toBe("Thanks, it works now — great!");
    expect(mail.attachments).toEqual([{ filename: "shot.png", contentType: "image/png", size: 14, contentId: null, inline: false }]);
  });
});

describe("POST /inbound/email", () => {
  const post = (t: EmailTestApp, body: string, auth?: string) =>
    t.request("/inbound/email", { method: "POST", headers: { "content-type": "message/rfc822", ...(auth ? { authorization: auth } : {}) }, body });

  test("hands a relay's raw message to the handler with the conversation of its reply address", async () => {
    const t = app();
    const got = capture();
    const res = await post(t, gmailReply(makeReplyAddress(t.ctx, 42)!), `Bearer ${TOKEN}`);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ ok: true, handled: "handler", conversationId: 42 });
    const { mail, route } = await got;
    expect(route).toMatchObject({ via: "http", conversationId: 42 });
    expect(route.recipients).toContain("boss@example.test");
    expect(mail.reply).toBe("Thanks, it works now — great!");
  });

  test("Basic auth with the token as password works too", async () => {
    const t = app();
    const got = capture();
    const res = await post(t, gmailReply("someone@in.parley.test"), `Basic ${Buffer.from(`relay:${TOKEN}`).toString("base64")}`);
    expect(res.status).toBe(202);
    expect((await got).route.conversationId).toBeUndefined();
  });

  test("refuses missing or wrong tokens, answers 503 while no handler is registered, 404 when not configured", async () => {
    const t = app();
    expect((await post(t, gmailReply("x@in.parley.test"))).status).toBe(401);
    expect((await post(t, gmailReply("x@in.parley.test"), `Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await post(t, gmailReply("x@in.parley.test"), `Bearer ${TOKEN}`)).status).toBe(503);
    const off = makeEmailApp();
    apps.push(off);
    expect((await post(off, gmailReply("x@in.parley.test"), `Bearer ${TOKEN}`)).status).toBe(404);
  });
});

describe("built-in SMTP listener", () => {
  async function listener(t: EmailTestApp) {
    const smtp = (await startInboundSmtp(t.ctx, { port: 0, host: "127.0.0.1" }))!;
    cleanups.push(() => smtp.close());
    const client = nodemailer.createTransport({ host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true });
    cleanups.push(() => client.close());
    return client;
  }

  test("is off unless a port is configured", async () => {
    expect(await startInboundSmtp(app().ctx)).toBeUndefined();
  });

  test("receives a reply over SMTP and hands it to the handler", async () => {
    const t = app();
    const got = capture();
    const client = await listener(t);
    const to = makeReplyAddress(t.ctx, 7)!;
    await client.sendMail({ envelope: { from: "jane@example.test", to: [to] }, raw: gmailReply(to) });
    const { mail, route } = await got;
    expect(route).toMatchObject({ via: "smtp", conversationId: 7 });
    expect(mail.reply).toBe("Thanks, it works now — great!");
  });

  test("refuses other domains at RCPT, and a handler's NOT_FOUND permanently", async () => {
    const t = app();
    cleanups.push(onInboundEmail(() => { throw notFound("No such conversation"); }));
    const client = await listener(t);
    const foreign = await client.sendMail({ from: "a@example.test", to: "someone@elsewhere.test", text: "hi" }).then(() => undefined, (e: unknown) => e);
    expect(classifySmtpError(foreign)).toMatchObject({ permanent: true, recipientRejected: true, responseCode: 550 });
    const refused = await client.sendMail({ from: "a@example.test", to: "reply+1-00@in.parley.test", text: "hi" }).then(() => undefined, (e: unknown) => e);
    expect(classifySmtpError(refused)).toMatchObject({ permanent: true, responseCode: 550 });
    expect(String((refused as Error).message)).toContain("No such conversation");
  });
});
