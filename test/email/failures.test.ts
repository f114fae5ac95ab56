import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { contacts } from "../../src/db/schema/index.js";
import { classifySmtpError, findSuppression, getMailer, type OutgoingMail } from "../../src/email/index.js";
import { startSmtpCatcher, type SmtpCatcher } from "../helpers/smtp-catcher.js";
import { addContact, makeEmailApp, reload, type EmailTestApp } from "./support.js";

let catcher: SmtpCatcher;
let t: EmailTestApp;

beforeEach(async () => {
  catcher = await startSmtpCatcher();
  t = makeEmailApp({ config: { SMTP_URL: catcher.url } });
});
afterEach(async () => {
  t.close();
  await catcher.close();
});

const mail = (to: string, over: Partial<OutgoingMail> = {}): OutgoingMail => ({ to, subject: "Hi", html: "<p>Hi</p>", text: "Hi", ...over });

describe("SMTP failures", () => {
  test("a 550 for the recipient is permanent: the address is suppressed everywhere and the contact marked bounced", async () => {
    const contact = addContact(t, { email: "gone@example.test" });
    catcher.rejectRecipient("gone@example.test", 550, "No such user");
    const result = await getMailer(t.ctx).send(mail("gone@example.test", { workspaceId: t.workspace.id, contactId: contact.id }));
    expect(result).toMatchObject({ status: "failed", permanent: true, recipientRejected: true, responseCode: 550 });
    expect(findSuppression(t.ctx, "GONE@example.test", t.testWorkspace.id)).toMatchObject({ scope: "global", reason: "bounce" });
    expect(reload(t, contact.id).hasHardBounced).toBe(true);
    expect(await getMailer(t.ctx).send(mail("gone@example.test", { transactional: true }))).toEqual({ status: "suppressed", reason: "bounce" });
  });

  test("a 451 is transient: nothing is suppressed and a retry after the server recovers is delivered", async () => {
    catcher.rejectRecipient("busy@example.test", 451, "Greylisted, try again");
    const result = await getMailer(t.ctx).send(mail("busy@example.test"));
    expect(result).toMatchObject({ status: "failed", permanent: false, recipientRejected: false, responseCode: 451 });
    expect(findSuppression(t.ctx, "busy@example.test")).toBeUndefined();
    expect(t.log.lines.some((l) => l.level === "warn" && String(l.fields?.error).includes("451"))).toBe(true);
    catcher.acceptRecipient("busy@example.test");
    expect(await getMailer(t.ctx).send(mail("busy@example.test"))).toMatchObject({ status: "sent", via: "smtp" });
    expect((await catcher.waitFor(1))[0]!.envelope.to).toEqual(["busy@example.test"]);
  });

  test("an unreachable server is transient, and the log never shows the SMTP URL's password", async () => {
    const dead = await startSmtpCatcher();
    await dead.close();
    const down = makeEmailApp({ config: { SMTP_URL: `smtp://user:s3cret-pass@127.0.0.1:${dead.port}` } });
    try {
      const result = await getMailer(down.ctx).send(mail("a@example.test"));
      expect(result).toMatchObject({ status: "failed", permanent: false, recipientRejected: false });
      expect(JSON.stringify(down.log.lines)).not.toContain("s3cret-pass");
      expect(down.log.lines.length).toBeGreaterThan(0);
    } finally {
      down.close();
    }
  });

  test("a contact flagged as unsubscribed (e.g. through the API) gets no campaign mail even without a suppression row", async () => {
    const contact = addContact(t);
    t.ctx.db.update(contacts).set({ unsubscribedFromEmails: true }).where(eq(contacts.id, contact.id)).run();
    const to = { workspaceId: t.workspace.id, contactId: contact.id };
    expect(await getMailer(t.ctx).send(mail(contact.email!, to))).toEqual({ status: "suppressed", reason: "unsubscribe" });
    expect(await getMailer(t.ctx).send(mail(contact.email!, { ...to, transactional: true }))).toMatchObject({ status: "sent" });
    expect((await catcher.waitFor(1)).map((m) => m.envelope.to[0])).toEqual([contact.email]);
  });

  test("an address that is not one is refused without contacting the server", async () => {
    expect(await getMailer(t.ctx).send(mail("not an address"))).toMatchObject({ status: "failed", permanent: true, recipientRejected: false });
    expect(catcher.messages).toHaveLength(0);
  });
});

describe("classifySmtpError", () => {
  test.each([
    [{ code: "EENVELOPE", responseCode: 550, command: "RCPT TO" }, true, true],
    [{ code: "EENVELOPE", responseCode: 452, command: "RCPT TO" }, false, false],
    [{ code: "EMESSAGE", responseCode: 554, command: "DATA" }, true, false],
    [{ code: "EENVELOPE", responseCode: 553, command: "MAIL FROM" }, true, false],
    [{ code: "EENVELOPE", message: "No recipients defined" }, true, false],
    [{ code: "EAUTH", responseCode: 535, command: "AUTH PLAIN" }, false, false],
    [{ code: "ECONNECTION", message: "connect ECONNREFUSED" }, false, false],
    [{ code: "ETIMEDOUT", message: "Timeout" }, false, false],
    [{ code: "EENVELOPE", rejectedErrors: [{ responseCode: 550 }], command: "RCPT TO" }, true, true],
  ])("%o → permanent %s, recipient rejected %s", (err, permanent, recipientRejected) => {
    expect(classifySmtpError(err)).toMatchObject({ status: "failed", permanent, recipientRejected });
  });
});
