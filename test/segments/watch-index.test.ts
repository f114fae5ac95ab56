import { afterEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createContact } from "../../src/contacts/index.js";
import { contacts } from "../../src/db/schema/index.js";
import { submitEvent } from "../../src/events/index.js";
import { DAY } from "../../src/lib/clock.js";
import { createSegment, deleteSegment, openMemberIds, updateSegment } from "../../src/segments/index.js";
import { segTest, type SegTest } from "./helpers.js";

let t: SegTest;
afterEach(() => t?.close());

async function track(contactId: string, name: string) {
  // Less than the compiled cache's longest life: only invalidation can make a change visible.
  t.clock.advance(1000);
  submitEvent(t.ctx, t.workspace.id, { name, createdAt: t.clock.now(), contact: { id: contactId } });
  await t.ctx.bus.settled();
}

const did = (event: string, value: number) => ({ match: "all", conditions: [{ event, op: "count_gte", value }] });

describe("segment re-evaluation on activity follows segment changes", { timeout: 30_000 }, () => {
  it("a segment created after events already flowed, then redefined, then deleted", async () => {
    t = segTest();
    const c = createContact(t.ctx, t.workspace.id, { email: "a@example.com", externalId: "a" });
    await track(c.id, "login");
    const seg = createSegment(t.ctx, t.workspace.id, { name: "Regular", ...did("login", 2) });
    expect(openMemberIds(t.ctx, seg.id).has(c.id)).toBe(false);
    await track(c.id, "login");
    expect(openMemberIds(t.ctx, seg.id).has(c.id)).toBe(true);
    updateSegment(t.ctx, t.workspace.id, seg.id, { name: "Buyer", ...did("purchase", 1) });
    expect(openMemberIds(t.ctx, seg.id).has(c.id)).toBe(false);
    await track(c.id, "login");
    expect(openMemberIds(t.ctx, seg.id).has(c.id)).toBe(false);
    await track(c.id, "purchase");
    expect(openMemberIds(t.ctx, seg.id).has(c.id)).toBe(true);
    deleteSegment(t.ctx, t.workspace.id, seg.id);
    const other = createSegment(t.ctx, t.workspace.id, { name: "Twice", ...did("purchase", 2) });
    await track(c.id, "purchase");
    expect(openMemberIds(t.ctx, other.id).has(c.id)).toBe(true);
    expect(t.published.filter((p) => p.segmentId === seg.id && p.reason === "activity").map((p) => p.kind)).toEqual(["entered", "entered"]);
  });

  it("an event re-evaluates segments counting it and segments reading visit fields, not profile-only ones", async () => {
    t = segTest();
    const c = createContact(t.ctx, t.workspace.id, { email: "b@example.com", externalId: "b", customAttributes: { plan: "free" } });
    const plan = createSegment(t.ctx, t.workspace.id, { name: "Pro", match: "all", conditions: [{ attribute: "plan", op: "eq", value: "pro" }] });
    const seen = createSegment(t.ctx, t.workspace.id, { name: "Seen today", match: "all", conditions: [{ attribute: "last_seen_at", op: "less_than_days_ago", value: 1 }] });
    await t.ctx.bus.settled();
    // Written behind the bus's back: only a re-evaluation can notice them.
    t.ctx.db.update(contacts).set({ customAttributes: { plan: "pro" }, lastSeenAt: t.clock.now() - DAY / 2 }).where(eq(contacts.id, c.id)).run();
    const ingested = (extra: Record<string, unknown>) => {
      t.ctx.bus.publish("event.ingested", { workspaceId: t.workspace.id, contactId: c.id, name: "clicked", ...extra });
      return t.ctx.bus.settled();
    };
    await ingested({ profileChanged: false });
    expect(openMemberIds(t.ctx, plan.id).has(c.id)).toBe(false);
    expect(openMemberIds(t.ctx, seen.id).has(c.id)).toBe(false);
    await ingested({});
    expect(openMemberIds(t.ctx, plan.id).has(c.id)).toBe(false);
    expect(openMemberIds(t.ctx, seen.id).has(c.id)).toBe(true);
    t.ctx.bus.publish("contact.updated", { workspaceId: t.workspace.id, contactId: c.id });
    await t.ctx.bus.settled();
    expect(openMemberIds(t.ctx, plan.id).has(c.id)).toBe(true);
  });

  it("a segment naming another follows what the named one reads", async () => {
    t = segTest();
    const c = createContact(t.ctx, t.workspace.id, { email: "c@example.com", externalId: "c" });
    const buyers = createSegment(t.ctx, t.workspace.id, { name: "Buyers", ...did("Purchase", 1) });
    const inner = createSegment(t.ctx, t.workspace.id, { name: "Via buyers", match: "all", conditions: [{ segment: buyers.id, op: "in" }] });
    await track(c.id, "Purchase");
    expect(openMemberIds(t.ctx, inner.id).has(c.id)).toBe(true);
  });
});
