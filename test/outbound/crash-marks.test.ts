import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deliveries } from "../../src/db/schema/index.js";
import { closeMailer } from "../../src/email/index.js";
import { AMBIGUOUS_NOTE, claimDue, recoverClaims } from "../../src/outbound/claim.js";
import { deliveryMessageId, launchMessage, runSender } from "../../src/outbound/index.js";
import { markSending } from "../../src/outbound/marks.js";
import { startSmtpCatcher, type SmtpCatcher } from "../helpers/smtp-catcher.js";
import { contact, message, outTest, type OutTest } from "./helpers.js";

// What a sender killed mid-round leaves behind, and what the next one does with it (the child-process version with
// SIGKILL is test/outbound-crash).
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

const rows = () => t.ctx.db.select().from(deliveries).all();

describe("claims left by a stopped sender", { timeout: 30_000 }, () => {
  it("requeues them all, tells the ambiguous one (handed to SMTP) apart, and sends each once with its Message-ID", async () => {
    const people = [contact(t), contact(t), contact(t)];
    const m = message(t, { variants: [{ subject: "Hello", body: "b" }] });
    await launchMessage(t.ctx, t.workspace.id, m.id);
    // A sender that claimed the round and had handed one email to the transport when it died.
    const claimed = claimDue(t.ctx, 500, () => 500);
    expect(claimed).toHaveLength(3);
    const handed = claimed[1]!;
    expect(markSending(t.ctx, handed.id, t.clock.now())).toBe(true);
    expect(rows().map((r) => [r.status, r.sendingAt !== null])).toEqual(expect.arrayContaining([["claimed", true], ["claimed", false], ["claimed", false]]));

    expect(recoverClaims(t.ctx)).toEqual({ requeued: 3, ambiguous: 1 });
    const after = rows();
    expect(after.every((r) => r.status === "queued" && r.sendingAt === null)).toBe(true);
    expect(after.find((r) => r.id === handed.id)!.error).toBe(AMBIGUOUS_NOTE);
    expect(after.filter((r) => r.error === AMBIGUOUS_NOTE)).toHaveLength(1);
    // A mark on a row that is no longer claimed changes nothing (the claim went to someone else).
    expect(markSending(t.ctx, handed.id, t.clock.now())).toBe(false);

    await runSender(t.ctx);
    const mails = await catcher.waitFor(3);
    const done = rows();
    expect(done.map((r) => [r.status, r.error])).toEqual([["sent", null], ["sent", null], ["sent", null]]);
    expect(done.every((r) => r.sendingAt === t.clock.now())).toBe(true);
    expect(mails.map((x) => x.parsed.messageId).sort()).toEqual(done.map((r) => deliveryMessageId(t.ctx, r.id)).sort());
    expect(mails.map((x) => x.envelope.to[0]).sort()).toEqual(people.map((p) => p.email).sort());
  });

  it("clears the hand-off mark when a temporary failure puts the email back in the queue", async () => {
    const later = contact(t);
    catcher.rejectRecipient(later.email!, 451);
    const m = message(t, { variants: [{ subject: "Hello", body: "b" }] });
    await launchMessage(t.ctx, t.workspace.id, m.id);
    await runSender(t.ctx);
    const row = t.ctx.db.select().from(deliveries).where(eq(deliveries.contactId, later.id)).get()!;
    expect(row).toMatchObject({ status: "queued", attempts: 1, sendingAt: null });
  });
});
