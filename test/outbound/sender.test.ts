import { afterEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { deliveries } from "../../src/db/schema/index.js";
import { MINUTE } from "../../src/lib/clock.js";
import { cancelMessage, getMessage, launchMessage, pauseMessage, resumeMessage, runSender } from "../../src/outbound/index.js";
import { createSegment } from "../../src/segments/index.js";
import { updateContact } from "../../src/contacts/index.js";
import { manyContacts, contact, message, outTest, type OutTest } from "./helpers.js";

let t: OutTest;
afterEach(() => t?.close());

function byStatus(messageId: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of t.ctx.db.select().from(deliveries).where(eq(deliveries.messageId, messageId)).all()) out[d.status] = (out[d.status] ?? 0) + 1;
  return out;
}

describe("the sender", { timeout: 30_000 }, () => {
  it("honours the send rate per minute, then finishes the message", async () => {
    t = outTest();
    manyContacts(t, 5);
    const m = message(t, { sendRate: 2, variants: [{ subject: "S", body: "b" }] });
    await launchMessage(t.ctx, t.workspace.id, m.id);
    await t.runJob("outbound.send");
    expect(byStatus(m.id)).toEqual({ sent: 2, queued: 3 });
    await t.runJob("outbound.send");
    expect(byStatus(m.id)).toEqual({ sent: 2, queued: 3 });
    t.clock.advance(MINUTE);
    await t.runJob("outbound.send");
    expect(byStatus(m.id)).toEqual({ sent: 4, queued: 1 });
    t.clock.advance(MINUTE);
    await t.runJob("outbound.send");
    expect(byStatus(m.id)).toEqual({ sent: 5 });
    expect(getMessage(t.ctx, t.workspace.id, m.id)).toMatchObject({ status: "sent", finishedAt: t.clock.now() });
    await t.ctx.bus.settled();
    expect(t.seen("message.updated").at(-1)).toMatchObject({ messageId: m.id, status: "sent" });
  });

  it("sends nothing while paused, resumes, and a cancel stops what is left", async () => {
    t = outTest();
    manyContacts(t, 4);
    const m = message(t, { sendRate: 1, variants: [{ subject: "S", body: "b" }] });
    await launchMessage(t.ctx, t.workspace.id, m.id);
    pauseMessage(t.ctx, t.workspace.id, m.id);
    await t.runJob("outbound.send");
    expect(byStatus(m.id)).toEqual({ queued: 4 });
    resumeMessage(t.ctx, t.workspace.id, m.id);
    await t.runJob("outbound.send");
    expect(byStatus(m.id)).toEqual({ sent: 1, queued: 3 });
    cancelMessage(t.ctx, t.workspace.id, m.id);
    t.clock.advance(MINUTE);
    await t.runJob("outbound.send");
    expect(byStatus(m.id)).toEqual({ sent: 1, cancelled: 3 });
  });

  it("skips with a reason: expired, left the segment, no email", async () => {
    t = outTest();
    const stays = contact(t, { customAttributes: { plan: "pro" } });
    const leaves = contact(t, { customAttributes: { plan: "pro" } });
    const noEmail = contact(t, { email: null, customAttributes: { plan: "pro" } });
    const seg = createSegment(t.ctx, t.workspace.id, { name: "Pro", match: "all", conditions: [{ attribute: "plan", op: "eq", value: "pro" }] });
    await t.ctx.bus.settled();
    const m = message(t, { audience: { segmentId: seg.id }, variants: [{ subject: "S", body: "b" }] });
    const expiring = message(t, { audience: { segmentId: seg.id }, expiresAt: t.clock.now() + MINUTE, scheduledAt: t.clock.now() + MINUTE, variants: [{ subject: "S", body: "b" }] });
    await launchMessage(t.ctx, t.workspace.id, m.id);
    await launchMessage(t.ctx, t.workspace.id, expiring.id);
    updateContact(t.ctx, t.workspace.id, leaves.id, { customAttributes: { plan: "free" } });
    await t.ctx.bus.settled();
    await t.runJob("outbound.send");
    const rows = new Map(t.ctx.db.select().from(deliveries).where(eq(deliveries.messageId, m.id)).all().map((d) => [d.contactId, [d.status, d.error]]));
    expect(rows.get(stays.id)).toEqual(["sent", null]);
    expect(rows.get(leaves.id)).toEqual(["skipped", "left_audience"]);
    expect(rows.get(noEmail.id)).toEqual(["failed", "no_email"]);
    t.clock.advance(MINUTE);
    await t.runJob("outbound.send");
    // Its audience was taken when it started (without the contact who left); expiry is checked first.
    expect(t.ctx.db.select().from(deliveries).where(eq(deliveries.messageId, expiring.id)).all().map((d) => [d.status, d.error]))
      .toEqual([["skipped", "expired"], ["skipped", "expired"]]);
  });

  it("puts a dead sender's claims back: all of them at the first run of a process, later only those past the lease", async () => {
    t = outTest();
    manyContacts(t, 3);
    const m = message(t, { variants: [{ subject: "S", body: "b" }] });
    await launchMessage(t.ctx, t.workspace.id, m.id);
    pauseMessage(t.ctx, t.workspace.id, m.id);
    const ids = t.ctx.db.select().from(deliveries).all().map((d) => d.id);
    // Claimed by a process that died just now.
    t.ctx.db.update(deliveries).set({ status: "claimed", claimedAt: t.clock.now(), attempts: 1 }).where(eq(deliveries.id, ids[0]!)).run();
    await runSender(t.ctx);
    expect(byStatus(m.id)).toEqual({ queued: 3 });
    t.ctx.db.update(deliveries).set({ status: "claimed", claimedAt: t.clock.now() }).where(eq(deliveries.id, ids[1]!)).run();
    await runSender(t.ctx);
    expect(byStatus(m.id)).toEqual({ queued: 2, claimed: 1 });
    t.clock.advance(6 * MINUTE);
    resumeMessage(t.ctx, t.workspace.id, m.id);
    await runSender(t.ctx);
    expect(byStatus(m.id)).toEqual({ sent: 3 });
  });
});
