import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { ParsedMail } from "mailparser";
import { buildEmail, getMailer, makeReplyAddress, type SendResult } from "../../src/email/index.js";
import { startSmtpCatcher, type SmtpCatcher } from "../helpers/smtp-catcher.js";
import { addContact, compileMarkdown, hrefs, localPath, makeEmailApp, reload, type EmailTestApp } from "./support.js";

const BODY = 'Hi {{ contact.name | default: "there" }}, you are on {{ contact.custom_attributes.plan | default: "free" }} at {{ company.name | default: "your company" }}.\n\n[Open the dashboard](https://app.example.com/dash?a=1&b=2)';

let catcher: SmtpCatcher;
let t: EmailTestApp;
let open: EmailTestApp[] = [];
/** An app for this test, closed after it. */
function app(config: Parameters<typeof makeEmailApp>[0]): EmailTestApp {
  t = makeEmailApp(config);
  open.push(t);
  return t;
}

beforeEach(async () => {
  catcher = await startSmtpCatcher();
});
afterEach(async () => {
  for (const a of open) a.close();
  open = [];
  await catcher.close();
});

/** The raw header line(s) named `name`, as the receiving server saw them. */
function header(mail: ParsedMail, name: string): string {
  return mail.headerLines.filter((h) => h.key === name.toLowerCase()).map((h) => h.line.slice(h.line.indexOf(":") + 1).replace(/\r?\n\s+/g, " ").trim()).join("\n");
}

async function sendTo(contact: Parameters<typeof buildEmail>[2]["contact"], opts: Parameters<typeof buildEmail>[3] = {}): Promise<SendResult> {
  const tpl = await compileMarkdown(BODY, "News for {{ contact.first_name | default: \"you\" }}");
  return getMailer(t.ctx).send(buildEmail(t.ctx, tpl, { workspace: t.workspace, contact }, opts));
}

describe("sending through a real SMTP server", () => {
  test("personalized HTML and text parts, From with the workspace name, RFC 8058 unsubscribe headers", async () => {
    app({ config: { SMTP_URL: catcher.url, MAIL_FROM: "Parley <mail@parley.test>", INBOUND_DOMAIN: "in.parley.test" } });
    const evil = addContact(t, { name: "<script>alert(1)</script>", attrs: { plan: "pro" }, company: { id: "co1", name: "Acme & Co" } });
    const plain = addContact(t, { name: null });
    expect(await sendTo(evil)).toMatchObject({ status: "sent", via: "smtp" });
    expect(await sendTo(plain)).toMatchObject({ status: "sent", via: "smtp" });
    const [first, second] = (await catcher.waitFor(2)).map((m) => m.parsed);

    expect(first!.from!.value[0]).toEqual({ name: "Acme", address: "mail@parley.test" });
    expect(first!.to).toMatchObject({ value: [{ address: evil.email }] });
    expect(first!.subject).toBe("News for <script>alert(1)</script>");
    expect(header(first!, "List-Unsubscribe")).toMatch(/^<http:\/\/parley\.test\/u\/[\w.-]+>, <mailto:unsubscribe@in\.parley\.test\?subject=unsubscribe%20[\w.-]+>$/);
    expect(header(first!, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect(first!.html).toContain("Hi &lt;script&gt;alert(1)&lt;/script&gt;, you are on pro at Acme &amp; Co.");
    expect(first!.html).not.toContain("<script>");
    expect(first!.text).toContain("Hi <script>alert(1)</script>, you are on pro at Acme & Co.");
    expect(second!.html).toContain("Hi there, you are on free at your company.");
    expect(second!.text).toContain("Hi there");
  });

  test("links are tracked: the redirect goes to the original URL and records the click; the unsubscribe link is not rewritten", async () => {
    app({ config: { SMTP_URL: catcher.url } });
    const contact = addContact(t);
    await sendTo(contact);
    const [mail] = await catcher.waitFor(1);
    const links = hrefs(String(mail!.parsed.html));
    const tracked = links.filter((h) => h.startsWith("http://parley.test/e/c/"));
    expect(tracked).toHaveLength(1);
    expect(links.some((h) => h.startsWith("http://parley.test/u/"))).toBe(true);
    expect(links).not.toContain("https://app.example.com/dash?a=1&b=2");

    const res = await t.request(localPath(tracked[0]!));
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("https://app.example.com/dash?a=1&b=2");
    expect(reload(t, contact.id).lastEmailClickedAt).toBe(t.clock.now());
  });

  test("one-click unsubscribe from the List-Unsubscribe URL, after which the address gets nothing but transactional mail", async () => {
    app({ config: { SMTP_URL: catcher.url } });
    const leaving = addContact(t);
    const staying = addContact(t);
    await sendTo(leaving);
    const [mail] = await catcher.waitFor(1);
    const url = /^<([^>]+)>/.exec(header(mail!.parsed, "List-Unsubscribe"))![1]!;
    const res = await t.request(localPath(url), {
      method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click",
    });
    expect(res.status).toBe(200);
    expect(reload(t, leaving.id).unsubscribedFromEmails).toBe(true);

    expect(await sendTo(leaving)).toEqual({ status: "suppressed", reason: "unsubscribe" });
    expect(await sendTo(staying)).toMatchObject({ status: "sent" });
    expect(await sendTo(leaving, { transactional: true })).toMatchObject({ status: "sent" });
    const all = await catcher.waitFor(3);
    expect(all.map((m) => m.envelope.to[0])).toEqual([leaving.email, staying.email, leaving.email]);
    expect(header(all[2]!.parsed, "List-Unsubscribe")).toBe("");
  });

  test("a conversation reply: the operator's name, a per-conversation Reply-To, threading headers, no unsubscribe headers", async () => {
    app({ config: { SMTP_URL: catcher.url, MAIL_FROM: "Acme <support@parley.test>", INBOUND_DOMAIN: "in.parley.test" } });
    const contact = addContact(t);
    const tpl = await compileMarkdown("{{ operator.name }} replied:\n\nTry clearing the cache.", "Re: your question");
    const reply = buildEmail(t.ctx, tpl, { workspace: t.workspace, contact }, {
      transactional: true, fromName: "Ann from Acme", replyTo: makeReplyAddress(t.ctx, 12), vars: { operator: { name: "Ann" } },
    });
    const result = await getMailer(t.ctx).send({ ...reply, inReplyTo: "<first@parley.test>", references: ["<first@parley.test>"] });
    expect(result).toMatchObject({ status: "sent", messageId: expect.stringMatching(/^<msg_[a-z0-9]+@parley\.test>$/) });
    const [mail] = await catcher.waitFor(1);
    const parsed = mail!.parsed;
    expect(parsed.from!.value[0]).toEqual({ name: "Ann from Acme", address: "support@parley.test" });
    expect(parsed.replyTo!.value[0]!.address).toBe(makeReplyAddress(t.ctx, 12));
    expect(parsed.inReplyTo).toBe("<first@parley.test>");
    expect(parsed.messageId).toBe(result.status === "sent" ? result.messageId : "");
    expect(header(parsed, "List-Unsubscribe")).toBe("");
    expect(parsed.text).toBe("Ann replied:\n\nTry clearing the cache.");
  });

  test("DKIM-signs with a key given as PEM text", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    app({ config: { SMTP_URL: catcher.url, MAIL_FROM: "mail@parley.test", DKIM_DOMAIN: "parley.test", DKIM_SELECTOR: "s2026", DKIM_PRIVATE_KEY: privateKey.replace(/\n/g, "\\n") } });
    await sendTo(addContact(t));
    const [mail] = await catcher.waitFor(1);
    const sig = header(mail!.parsed, "DKIM-Signature");
    expect(sig).toMatch(/(^|;\s*)d=parley\.test;/);
    expect(sig).toMatch(/(^|;\s*)s=s2026;/);
    expect(sig).toMatch(/h=[^;]*from/i);
  });

  test("DKIM-signs with a key given as a file path; without DKIM settings there is no signature", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    const path = join(mkdtempSync(join(tmpdir(), "parley-dkim-")), "dkim.pem");
    writeFileSync(path, privateKey);
    app({ config: { SMTP_URL: catcher.url, DKIM_DOMAIN: "parley.test", DKIM_SELECTOR: "file", DKIM_PRIVATE_KEY: path } });
    await sendTo(addContact(t));
    app({ config: { SMTP_URL: catcher.url } });
    await sendTo(addContact(t));
    const [signed, unsigned] = await catcher.waitFor(2);
    expect(header(signed!.parsed, "DKIM-Signature")).toMatch(/s=file;/);
    expect(header(unsigned!.parsed, "DKIM-Signature")).toBe("");
  });
});
