import { afterEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { deliveries } from "../../src/db/schema/index.js";
import { submitEvent } from "../../src/events/index.js";
import { archiveMessage, launchMessage, listContactDeliveries, pauseMessage, resumeMessage, updateMessage } from "../../src/outbound/index.js";
import { contact, message, outTest, type OutTest } from "./helpers.js";

let t: OutTest;
afterEach(() => t?.close());

const count = (messageId: string) => t.ctx.db.select().from(deliveries).where(eq(deliveries.messageId, messageId)).all().length;

async function track(contactId: string, name: string, metadata: Record<string, unknown> = {}) {
  // Less than the index's longest life: only invalidation can make a change visible.
  t.clock.advance(1000);
  submitEvent(t.ctx, t.workspace.id, { name, createdAt: t.clock.now(), contact: { id: contactId }, metadata });
  await t.ctx.bus.settled();
}

describe("who cares about an event: the index follows message changes", { timeout: 30_000 }, () => {
  it("a message launched after events already flowed fires on the next one; paused or archived it no longer does", async () => {
    t = outTest();
    const c = contact(t);
    await track(c.id, "Order Completed");
    await track(c.id, "order completed");
    const m = message(t, { kind: "ongoing", channel: "post", trigger: { type: "event", name: "order completed" }, frequency: { mode: "every_time" } });
    await track(c.id, "Order Completed");
    expect(count(m.id)).toBe(0);
    await launchMessage(t.ctx, t.workspace.id, m.id);
    await track(c.id, "Order Completed");
    expect(count(m.id)).toBe(1);
    pauseMessage(t.ctx, t.workspace.id, m.id);
    await track(c.id, "Order Completed");
    expect(count(m.id)).toBe(1);
    resumeMessage(t.ctx, t.workspace.id, m.id);
    await track(c.id, "Order Completed");
    expect(count(m.id)).toBe(2);
    archiveMessage(t.ctx, t.workspace.id, m.id);
    await track(c.id, "Order Completed");
    expect(count(m.id)).toBe(2);
  });

  it("an edit of a live message's trigger moves it to the new event", async () => {
    t = outTest();
    const c = contact(t);
    const m = message(t, { kind: "ongoing", channel: "post", trigger: { type: "event", name: "signed_in" }, frequency: { mode: "every_time" } });
    await launchMessage(t.ctx, t.workspace.id, m.id);
    await track(c.id, "signed_in");
    expect(count(m.id)).toBe(1);
    updateMessage(t.ctx, t.workspace.id, m.id, { trigger: { type: "event", name: "invited" } });
    await track(c.id, "signed_in");
    expect(count(m.id)).toBe(1);
    await track(c.id, "invited");
    expect(count(m.id)).toBe(2);
  });

  it("a goal added to a running message is reached by the next matching event", async () => {
    t = outTest();
    const c = contact(t);
    const m = message(t, { kind: "ongoing", channel: "post", trigger: { type: "event", name: "opened_app" } });
    await launchMessage(t.ctx, t.workspace.id, m.id);
    await track(c.id, "opened_app");
    const [d] = listContactDeliveries(t.ctx, m.id, c.id);
    t.ctx.db.update(deliveries).set({ status: "sent", sentAt: t.clock.now() }).where(eq(deliveries.id, d!.id)).run();
    await track(c.id, "upgraded", { plan: "pro" });
    expect(listContactDeliveries(t.ctx, m.id, c.id)[0]!.goalAt).toBeNull();
    updateMessage(t.ctx, t.workspace.id, m.id, { goal: { event: "Upgraded", where: [{ key: "plan", op: "eq", value: "pro" }], withinDays: 7 } });
    await track(c.id, "upgraded", { plan: "free" });
    expect(listContactDeliveries(t.ctx, m.id, c.id)[0]!.goalAt).toBeNull();
    await track(c.id, "upgraded", { plan: "pro" });
    expect(listContactDeliveries(t.ctx, m.id, c.id)[0]!.goalAt).toBe(t.clock.now());
  });

  it("reads the event from the bus payload when it carries it", async () => {
    t = outTest();
    const c = contact(t);
    const m = message(t, { kind: "ongoing", channel: "post", trigger: { type: "event", name: "paid", where: [{ key: "amount", op: "gt", value: 10 }] }, frequency: { mode: "every_time" } });
    await launchMessage(t.ctx, t.workspace.id, m.id);
    // No stored row: only the payload says what the event was.
    t.ctx.bus.publish("event.ingested", { workspaceId: t.workspace.id, contactId: c.id, name: "paid", eventId: "ev_missing", metadata: { amount: 5 }, createdAt: t.clock.now() });
    await t.ctx.bus.settled();
    expect(count(m.id)).toBe(0);
    t.ctx.bus.publish("event.ingested", { workspaceId: t.workspace.id, contactId: c.id, name: "paid", eventId: "ev_missing2", metadata: { amount: 50 }, createdAt: t.clock.now() });
    await t.ctx.bus.settled();
    expect(count(m.id)).toBe(1);
  });
});
