import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "../../src/lib/errors.js";
import { DAY, HOUR } from "../../src/lib/clock.js";
import { deliveries } from "../../src/db/schema/index.js";
import {
  cancelMessage, capAllows, enqueueDelivery, getMessage, getOutboundSettings, launchMessage, listMessages, nextAllowedTime,
  parseMessageInput, pauseMessage, promoteVariant, recordDeliveryOutcome, resumeMessage, setOutboundSettings, updateMessage,
} from "../../src/outbound/index.js";
import { contact, manyContacts, message, outTest, type OutTest } from "./helpers.js";

let t: OutTest;
afterEach(() => t?.close());

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError && e.code === "VALIDATION") return e.field;
    throw e;
  }
  return undefined;
}

describe("parseMessageInput", { timeout: 30_000 }, () => {
  it("fills defaults and names the failing field path", () => {
    const m = parseMessageInput({ name: "Hi", channel: "email" });
    expect(m.kind).toBe("one_off");
    expect(m.frequency).toEqual({ mode: "once" });
    expect(m.variants).toHaveLength(1);
    expect(fieldOf(() => parseMessageInput({ name: "Hi", channel: "fax" }))).toBe("channel");
    expect(fieldOf(() => parseMessageInput({ name: "Hi", channel: "email", variants: [{ body: "a" }, { weight: -1 }] }))).toBe("variants[1].weight");
    expect(fieldOf(() => parseMessageInput({ name: "Hi", channel: "email", controlPercent: 60 }))).toBe("controlPercent");
    expect(fieldOf(() => parseMessageInput({ name: "Hi", channel: "email", trigger: { type: "event" } }))).toBe("trigger.name");
    expect(fieldOf(() => parseMessageInput({ name: "Hi", channel: "email", audience: { filter: { match: "all", conditions: [{ attribute: "plan", op: "zz" }] } } })))
      .toBe("audience.filter.conditions[0].op");
    expect(fieldOf(() => parseMessageInput({ name: "Hi", channel: "email", bogus: 1 }))).toBe("bogus");
    expect(fieldOf(() => parseMessageInput({ priority: 3 }, { partial: true }))).toBeUndefined();
  });

  it("checks references against the workspace on create", () => {
    t = outTest();
    expect(fieldOf(() => message(t, { audience: { segmentId: "seg_nope" } }))).toBe("audience.segmentId");
    expect(fieldOf(() => message(t, { audience: { filter: { match: "all", conditions: [{ attribute: "no_such_attr", op: "eq", value: 1 }] } } })))
      .toBe("audience.filter.conditions[0].attribute");
  });
});

describe("message lifecycle", { timeout: 30_000 }, () => {
  it("creates, updates, launches a one-off to its audience and cancels the rest", async () => {
    t = outTest();
    const people = [contact(t), contact(t), contact(t)];
    const m = message(t, { variants: [{ subject: "Hello", body: "Hi {{ contact.first_name }}" }] });
    expect(m.status).toBe("draft");
    expect(m.variants.map((v) => v.label)).toEqual(["A"]);
    const u = updateMessage(t.ctx, t.workspace.id, m.id, parseMessageInput({ variants: [{ subject: "Hello", body: "x" }, { subject: "Hey", body: "y" }] }, { partial: true }));
    expect(u.variants.map((v) => v.label)).toEqual(["A", "B"]);
    const launched = await launchMessage(t.ctx, t.workspace.id, m.id);
    expect(launched.status).toBe("sending");
    const rows = t.ctx.db.select().from(deliveries).all();
    expect(rows.map((r) => r.contactId).sort()).toEqual(people.map((p) => p.id).sort());
    expect(pauseMessage(t.ctx, t.workspace.id, m.id).status).toBe("paused");
    expect(resumeMessage(t.ctx, t.workspace.id, m.id).status).toBe("sending");
    cancelMessage(t.ctx, t.workspace.id, m.id);
    expect(t.ctx.db.select().from(deliveries).all().every((d) => d.status === "cancelled")).toBe(true);
    expect(() => updateMessage(t.ctx, t.workspace.id, m.id, { name: "x" })).toThrow(/cancelled/);
    expect(listMessages(t.ctx, t.workspace.id).map((x) => x.id)).toEqual([m.id]);
    await t.ctx.bus.settled();
    expect(t.seen("message.updated").map((p) => p.status)).toEqual(["draft", "draft", "sending", "paused", "sending", "cancelled"]);
  });

  it("schedules a future one-off and skips contacts created after sending started", async () => {
    t = outTest();
    const early = contact(t);
    const m = message(t, { scheduledAt: t.clock.now() + HOUR, variants: [{ subject: "S", body: "b" }] });
    expect((await launchMessage(t.ctx, t.workspace.id, m.id)).status).toBe("scheduled");
    t.clock.advance(HOUR);
    await t.runJob("outbound.send");
    t.clock.advance(1000);
    contact(t);
    await t.runJob("outbound.send");
    const rows = t.ctx.db.select().from(deliveries).all();
    expect(rows.map((r) => r.contactId)).toEqual([early.id]);
    expect(getMessage(t.ctx, t.workspace.id, m.id).startedAt).toBe(t.clock.now() - 1000);
  });
});

describe("enqueueDelivery", { timeout: 30_000 }, () => {
  it("is idempotent per occurrence, stable per contact and follows the weights", () => {
    t = outTest();
    const m = message(t, { kind: "ongoing", trigger: { type: "tag_added", tag: "vip" }, controlPercent: 20, variants: [{ weight: 75, subject: "A" }, { weight: 25, subject: "B" }] });
    const people = manyContacts(t, 800);
    const first = people.map((id) => enqueueDelivery(t.ctx, { workspaceId: t.workspace.id, messageId: m.id, contactId: id })!);
    expect(enqueueDelivery(t.ctx, { workspaceId: t.workspace.id, messageId: m.id, contactId: people[0]! })).toBeUndefined();
    const again = enqueueDelivery(t.ctx, { workspaceId: t.workspace.id, messageId: m.id, contactId: people[0]!, occurrence: 1 })!;
    expect(again.variantId).toBe(first[0]!.variantId);
    const control = first.filter((d) => d.status === "control").length / first.length;
    const [a, b] = m.variants;
    const sent = first.filter((d) => d.status === "queued");
    const shareA = sent.filter((d) => d.variantId === a!.id).length / sent.length;
    expect(control).toBeGreaterThan(0.14);
    expect(control).toBeLessThan(0.26);
    expect(shareA).toBeGreaterThan(0.66);
    expect(shareA).toBeLessThan(0.84);
    expect(first.every((d) => d.status === "control" ? d.variantId === null : d.variantId === a!.id || d.variantId === b!.id)).toBe(true);
    promoteVariant(t.ctx, t.workspace.id, m.id, b!.id);
    const after = enqueueDelivery(t.ctx, { workspaceId: t.workspace.id, messageId: m.id, contactId: people[1]!, occurrence: 1 })!;
    expect(after.variantId).toBe(b!.id);
  }, 30_000);
});

describe("recordDeliveryOutcome", { timeout: 30_000 }, () => {
  it("sets the first time only and publishes delivery.updated", async () => {
    t = outTest();
    const m = message(t, { kind: "ongoing", trigger: { type: "tag_added", tag: "vip" }, variants: [{ subject: "A" }] });
    const c = contact(t);
    const d = enqueueDelivery(t.ctx, { workspaceId: t.workspace.id, messageId: m.id, contactId: c.id })!;
    expect(recordDeliveryOutcome(t.ctx, d.id, "clicked", 1000)).toBe(true);
    expect(recordDeliveryOutcome(t.ctx, d.id, "clicked", 2000)).toBe(false);
    recordDeliveryOutcome(t.ctx, d.id, "answered", 3000, { answer: "yes" });
    const row = t.ctx.db.select().from(deliveries).all()[0]!;
    expect([row.clickedAt, row.openedAt, row.answer]).toEqual([1000, 1000, "yes"]);
    await t.ctx.bus.settled();
    expect(t.seen("delivery.updated")).toEqual([
      { workspaceId: t.workspace.id, contactId: c.id, messageId: m.id, deliveryId: d.id, outcome: "clicked" },
      { workspaceId: t.workspace.id, contactId: c.id, messageId: m.id, deliveryId: d.id, outcome: "answered" },
    ]);
  });
});

describe("cap and time rules", { timeout: 30_000 }, () => {
  it("counts sends across channels against the workspace cap", () => {
    t = outTest();
    expect(getOutboundSettings(t.ctx, t.workspace.id).cap).toEqual({ interruptionsPerDay: null, emailsPerWeek: null });
    setOutboundSettings(t.ctx, t.workspace.id, { cap: { interruptionsPerDay: 1, emailsPerWeek: 3 } });
    const c = contact(t);
    const now = t.clock.now();
    expect(capAllows(t.ctx, t.workspace.id, c.id, "email", now)).toBe(true);
    const m = message(t, { kind: "ongoing", channel: "post", trigger: { type: "tag_added", tag: "x" } });
    const d = enqueueDelivery(t.ctx, { workspaceId: t.workspace.id, messageId: m.id, contactId: c.id })!;
    t.ctx.db.update(deliveries).set({ status: "sent", sentAt: now - HOUR }).run();
    expect(capAllows(t.ctx, t.workspace.id, c.id, "email", now)).toBe(false);
    expect(capAllows(t.ctx, t.workspace.id, c.id, "email", now + DAY)).toBe(true);
    expect(d.channel).toBe("post");
    expect(() => setOutboundSettings(t.ctx, t.workspace.id, { cap: { emailsPerWeek: -1 } })).toThrow(AppError);
  });

  it("moves a send out of quiet hours and into the delivery window, in the contact's zone", () => {
    const at = Date.UTC(2026, 0, 15, 23, 30); // Thursday 23:30 UTC = Friday 08:30 in Tokyo
    expect(nextAllowedTime(at, "UTC", { quietHours: { startHour: 22, endHour: 8 } })).toBe(Date.UTC(2026, 0, 16, 8, 0));
    expect(nextAllowedTime(at, "Asia/Tokyo", { quietHours: { startHour: 22, endHour: 8 } })).toBe(at);
    expect(nextAllowedTime(at, "Asia/Tokyo", { window: { startHour: 9, endHour: 17 } })).toBe(Date.UTC(2026, 0, 16, 0, 0));
    // Friday 09:00 Tokyo is not a Monday: the next Monday 09:00 Tokyo.
    expect(nextAllowedTime(at, "Asia/Tokyo", { window: { startHour: 9, endHour: 17, days: [1] } })).toBe(Date.UTC(2026, 0, 19, 0, 0));
    expect(nextAllowedTime(at, "Not/AZone", {})).toBe(at);
  });
});
