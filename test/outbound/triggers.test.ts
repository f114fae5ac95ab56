import { afterEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { updateContact } from "../../src/contacts/index.js";
import { addPart } from "../../src/conversations/index.js";
import { contacts, deliveries } from "../../src/db/schema/index.js";
import { DAY } from "../../src/lib/clock.js";
import { launchMessage, listContactDeliveries, pauseMessage } from "../../src/outbound/index.js";
import { createSegment } from "../../src/segments/index.js";
import { findOrCreateTag } from "../../src/tags/index.js";
import { contact, message, outTest, type OutTest } from "./helpers.js";

let t: OutTest;
afterEach(() => t?.close());

const count = (messageId: string) => t.ctx.db.select().from(deliveries).where(eq(deliveries.messageId, messageId)).all().length;

async function live(body: Record<string, unknown>) {
  const m = message(t, { kind: "ongoing", channel: "post", ...body });
  await launchMessage(t.ctx, t.workspace.id, m.id);
  return m;
}

describe("ongoing triggers", { timeout: 30_000 }, () => {
  it("segment entered", async () => {
    t = outTest();
    const c = contact(t, { customAttributes: { plan: "free" } });
    const seg = createSegment(t.ctx, t.workspace.id, { name: "Pro", match: "all", conditions: [{ attribute: "plan", op: "eq", value: "pro" }] });
    const m = await live({ trigger: { type: "segment_entered", segmentId: seg.id } });
    await t.ctx.bus.settled();
    expect(count(m.id)).toBe(0);
    updateContact(t.ctx, t.workspace.id, c.id, { customAttributes: { plan: "pro" } });
    await t.ctx.bus.settled();
    await t.ctx.bus.settled();
    expect(listContactDeliveries(t.ctx, m.id, c.id).map((d) => d.status)).toEqual(["queued"]);
  });

  it("attribute changed (to a value), only for changes after launch", async () => {
    t = outTest();
    const already = contact(t, { customAttributes: { plan: "pro" } });
    const c = contact(t, { customAttributes: { plan: "free" } });
    const m = await live({ trigger: { type: "attribute_changed", attribute: "plan", to: "PRO" }, frequency: { mode: "every_time" } });
    updateContact(t.ctx, t.workspace.id, already.id, { name: "Renamed" });
    updateContact(t.ctx, t.workspace.id, c.id, { customAttributes: { plan: "team" } });
    await t.ctx.bus.settled();
    expect(count(m.id)).toBe(0);
    updateContact(t.ctx, t.workspace.id, c.id, { customAttributes: { plan: "pro" } });
    await t.ctx.bus.settled();
    updateContact(t.ctx, t.workspace.id, c.id, { name: "Same plan" });
    await t.ctx.bus.settled();
    expect(listContactDeliveries(t.ctx, m.id, c.id).map((d) => d.occurrence)).toEqual([0]);
    updateContact(t.ctx, t.workspace.id, c.id, { customAttributes: { plan: "free" } });
    await t.ctx.bus.settled();
    updateContact(t.ctx, t.workspace.id, c.id, { customAttributes: { plan: "pro" } });
    await t.ctx.bus.settled();
    expect(listContactDeliveries(t.ctx, m.id, c.id).map((d) => d.occurrence)).toEqual([1, 0]);
  });

  it("tag added, through the REST API", async () => {
    t = outTest();
    const tag = findOrCreateTag(t.ctx, t.workspace.id, "vip");
    const c = contact(t);
    const m = await live({ trigger: { type: "tag_added", tag: "vip" } });
    const res = await t.api("POST", `/api/contacts/${c.id}/tags`, { id: tag.id });
    expect(res.status).toBe(200);
    await t.ctx.bus.settled();
    expect(count(m.id)).toBe(1);
  });

  it("N days after a date attribute, and inactivity, fire once when the threshold passes", async () => {
    t = outTest();
    const now = t.clock.now();
    const trial = contact(t, { customAttributes: { trial_ends_at: new Date(now + 3 * DAY).toISOString() } });
    const idle = contact(t, { lastSeenAt: now - 5 * DAY });
    const fresh = contact(t, { lastSeenAt: now });
    const before = await live({ trigger: { type: "date_attribute", attribute: "trial_ends_at", days: -1 } });
    const inactive = await live({ trigger: { type: "inactive", days: 7 } });
    await t.runJob("outbound.triggers");
    expect(count(before.id) + count(inactive.id)).toBe(0);
    t.clock.advance(2 * DAY + 1000);
    await t.runJob("outbound.triggers");
    expect(t.ctx.db.select().from(deliveries).where(eq(deliveries.messageId, before.id)).all().map((d) => d.contactId)).toEqual([trial.id]);
    expect(t.ctx.db.select().from(deliveries).where(eq(deliveries.messageId, inactive.id)).all().map((d) => d.contactId)).toEqual([idle.id]);
    t.clock.advance(10 * DAY);
    await t.runJob("outbound.triggers");
    expect(count(before.id)).toBe(1);
    expect(t.ctx.db.select().from(deliveries).where(eq(deliveries.messageId, inactive.id)).all().map((d) => d.contactId).sort()).toEqual([idle.id, fresh.id].sort());
  });

  it("excluded segments hold, and a paused message does not fire", async () => {
    t = outTest();
    const seg = createSegment(t.ctx, t.workspace.id, { name: "Staff", match: "all", conditions: [{ attribute: "email", op: "ends_with", value: "@acme.test" }] });
    const staff = contact(t, { email: "me@acme.test" });
    const c = contact(t);
    const m = await live({ trigger: { type: "event", name: "ping" }, audience: { excludeSegmentIds: [seg.id] } });
    await t.ctx.bus.settled();
    for (const who of [staff, c]) await t.segment("/v1/track", { userId: who.externalId, event: "ping" });
    await t.ctx.bus.settled();
    expect(t.ctx.db.select().from(deliveries).all().map((d) => d.contactId)).toEqual([c.id]);
    pauseMessage(t.ctx, t.workspace.id, m.id);
    const later = contact(t);
    await t.segment("/v1/track", { userId: later.externalId, event: "ping" });
    await t.ctx.bus.settled();
    expect(listContactDeliveries(t.ctx, m.id, later.id)).toEqual([]);
  });
});

describe("chat replies", { timeout: 30_000 }, () => {
  it("a contact's reply in the conversation a chat message opened marks the delivery replied", async () => {
    t = outTest();
    const c = contact(t);
    const m = message(t, { channel: "chat", variants: [{ body: "Hi {{ contact.first_name }}, need a hand?" }] });
    await launchMessage(t.ctx, t.workspace.id, m.id);
    await t.runJob("outbound.send");
    const d = listContactDeliveries(t.ctx, m.id, c.id)[0]!;
    expect(d.status).toBe("sent");
    t.clock.advance(5000);
    addPart(t.ctx, t.workspace.id, d.conversationId!, { author: { type: "contact", contactId: c.id }, body: "Yes please" });
    await t.ctx.bus.settled();
    expect(listContactDeliveries(t.ctx, m.id, c.id)[0]!.repliedAt).toBe(t.clock.now());
    expect(t.ctx.db.select().from(contacts).where(eq(contacts.id, c.id)).get()).toBeDefined();
  });
});
