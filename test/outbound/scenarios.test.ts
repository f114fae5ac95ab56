import { afterEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { contacts, deliveries } from "../../src/db/schema/index.js";
import { findContactByExternalId } from "../../src/contacts/index.js";
import { DAY, HOUR, MINUTE } from "../../src/lib/clock.js";
import { launchMessage, listContactDeliveries, pickVariant, setOutboundSettings } from "../../src/outbound/index.js";
import { contact, message, outTest, type OutTest } from "./helpers.js";

let t: OutTest;
afterEach(() => t?.close());

const iso = (ms: number) => new Date(ms).toISOString();

async function batch(...msgs: Record<string, unknown>[]): Promise<void> {
  const res = await t.segment("/v1/batch", { batch: msgs });
  expect(res.status).toBe(200);
  await t.ctx.bus.settled();
}

function userId(externalId: string): string {
  return findContactByExternalId(t.ctx, t.workspace.id, externalId)!.id;
}

/** Statuses of a message's deliveries by contact. */
function statuses(messageId: string): Map<string, string> {
  return new Map(t.ctx.db.select().from(deliveries).where(eq(deliveries.messageId, messageId)).all().map((d) => [d.contactId, d.status]));
}

async function tick(): Promise<void> {
  await t.runJob("outbound.triggers");
  await t.runJob("outbound.send");
  await t.ctx.bus.settled();
}

describe("onboarding", { timeout: 30_000 }, () => {
  it("welcome email at sign-up; reminder on day 3 only to those without project_created", async () => {
    t = outTest();
    const welcome = message(t, { name: "Welcome", kind: "ongoing", trigger: { type: "event", name: "signed_up" }, variants: [{ subject: "Welcome", body: "Hi" }] });
    const reminder = message(t, {
      name: "Day 3", kind: "ongoing", trigger: { type: "date_attribute", attribute: "signed_up_at", days: 3 },
      audience: { filter: { match: "all", conditions: [{ event: "project_created", op: "not_performed" }] } },
      variants: [{ subject: "Create your first project", body: "Go" }],
    });
    await launchMessage(t.ctx, t.workspace.id, welcome.id);
    await launchMessage(t.ctx, t.workspace.id, reminder.id);
    const now = t.clock.now();
    await batch(
      { type: "identify", userId: "ann", traits: { email: "ann@example.com", createdAt: iso(now) } },
      { type: "identify", userId: "ben", traits: { email: "ben@example.com", createdAt: iso(now) } },
      { type: "track", userId: "ann", event: "signed_up" },
      { type: "track", userId: "ben", event: "signed_up" },
    );
    await tick();
    expect([...statuses(welcome.id).values()]).toEqual(["sent", "sent"]);
    t.clock.advance(DAY);
    await batch({ type: "track", userId: "ann", event: "project_created" });
    await tick();
    t.clock.advance(2 * DAY - MINUTE);
    await tick();
    expect(statuses(reminder.id).size).toBe(0);
    t.clock.advance(2 * MINUTE);
    await tick();
    expect(Object.fromEntries(statuses(reminder.id))).toEqual({ [userId("ben")]: "sent" });
    // A later run does not send it again, and a repeat of the sign-up event does not either ("once").
    t.clock.advance(HOUR);
    await batch({ type: "track", userId: "ben", event: "signed_up" });
    await tick();
    expect(listContactDeliveries(t.ctx, welcome.id, userId("ben"))).toHaveLength(1);
    expect(listContactDeliveries(t.ctx, reminder.id, userId("ben"))).toHaveLength(1);
  });

  it("fires on the first event only, with metadata conditions", async () => {
    t = outTest();
    const m = message(t, {
      kind: "ongoing", channel: "chat", frequency: { mode: "every_time" },
      trigger: { type: "event", name: "project_created", first: true, where: [{ key: "plan", op: "eq", value: "pro" }] },
      variants: [{ body: "Nice first project, {{ contact.first_name }}!" }],
    });
    await launchMessage(t.ctx, t.workspace.id, m.id);
    await batch(
      { type: "identify", userId: "cat", traits: { name: "Cat Stevens" } },
      { type: "track", userId: "cat", event: "project_created", properties: { plan: "free" } },
      { type: "identify", userId: "dan", traits: { name: "Dan" } },
      { type: "track", userId: "dan", event: "project_created", properties: { plan: "pro" } },
      { type: "track", userId: "dan", event: "project_created", properties: { plan: "pro" } },
    );
    await tick();
    expect(Object.fromEntries(statuses(m.id))).toEqual({ [userId("dan")]: "sent" });
    const dan = listContactDeliveries(t.ctx, m.id, userId("dan"));
    expect(dan).toHaveLength(1);
    expect(dan[0]!.conversationId).not.toBeNull();
  });
});

describe("frequency cap and quiet hours", { timeout: 30_000 }, () => {
  it("holds one interruption a day across channels; priority wins; bypass ignores it", async () => {
    t = outTest();
    setOutboundSettings(t.ctx, t.workspace.id, { cap: { interruptionsPerDay: 1, emailsPerWeek: 3 } });
    const trigger = { type: "event", name: "ping" };
    const chat = message(t, { name: "Chat", kind: "ongoing", channel: "chat", trigger, priority: 1, variants: [{ body: "hello" }] });
    const email = message(t, { name: "Email", kind: "ongoing", channel: "email", trigger, priority: 5, variants: [{ subject: "S", body: "b" }] });
    const urgent = message(t, { name: "Urgent", kind: "ongoing", channel: "email", trigger, bypassCap: true, variants: [{ subject: "U", body: "b" }] });
    for (const m of [chat, email, urgent]) await launchMessage(t.ctx, t.workspace.id, m.id);
    await batch({ type: "identify", userId: "eve", traits: { email: "eve@example.com" } }, { type: "track", userId: "eve", event: "ping" });
    await tick();
    const eve = userId("eve");
    expect([statuses(email.id).get(eve), statuses(chat.id).get(eve), statuses(urgent.id).get(eve)]).toEqual(["sent", "queued", "sent"]);
    const waiting = listContactDeliveries(t.ctx, chat.id, eve)[0]!;
    expect(waiting.error).toBe("frequency_cap");
    expect(waiting.notBefore).toBeGreaterThan(t.clock.now() + 23 * HOUR);
    t.clock.advance(DAY + MINUTE);
    await tick();
    expect(statuses(chat.id).get(eve)).toBe("sent");
  });

  it("defers email during quiet hours in the contact's own time zone", async () => {
    t = outTest({ now: Date.UTC(2026, 0, 15, 14, 0) }); // 14:00 UTC = 23:00 in Tokyo
    setOutboundSettings(t.ctx, t.workspace.id, { quietHours: { startHour: 22, endHour: 8 } });
    const tokyo = contact(t);
    const london = contact(t);
    t.ctx.db.update(contacts).set({ timezone: "Asia/Tokyo" }).where(eq(contacts.id, tokyo.id)).run();
    t.ctx.db.update(contacts).set({ timezone: "Europe/London" }).where(eq(contacts.id, london.id)).run();
    const m = message(t, { variants: [{ subject: "News", body: "b" }] });
    await launchMessage(t.ctx, t.workspace.id, m.id);
    await tick();
    expect(statuses(m.id).get(london.id)).toBe("sent");
    expect(statuses(m.id).get(tokyo.id)).toBe("queued");
    expect(listContactDeliveries(t.ctx, m.id, tokyo.id)[0]!.notBefore).toBe(Date.UTC(2026, 0, 15, 23, 0)); // 08:00 in Tokyo
    t.clock.set(Date.UTC(2026, 0, 15, 23, 0));
    await tick();
    expect(statuses(m.id).get(tokyo.id)).toBe("sent");
  });
});

describe("goals", { timeout: 30_000 }, () => {
  it("count only within their window, for the control group too", async () => {
    t = outTest();
    const m = message(t, {
      kind: "ongoing", trigger: { type: "event", name: "trial_started" }, controlPercent: 50,
      goal: { event: "upgraded", where: [{ key: "plan", op: "ne", value: "free" }], withinDays: 2 }, variants: [{ subject: "Upgrade?", body: "b" }],
    });
    await launchMessage(t.ctx, t.workspace.id, m.id);
    const inControl = (id: string) => pickVariant(m, m.variants, id) === null;
    const names = Array.from({ length: 40 }, (_, i) => `g${i}`);
    await batch(...names.flatMap((u) => [{ type: "identify", userId: u, traits: { email: `${u}@example.com` } }, { type: "track", userId: u, event: "trial_started" }]));
    await tick();
    const sent = names.filter((u) => !inControl(userId(u)));
    const control = names.filter((u) => inControl(userId(u)));
    expect(sent.length).toBeGreaterThan(0);
    expect(control.length).toBeGreaterThan(0);
    t.clock.advance(DAY);
    await batch(
      { type: "track", userId: sent[0]!, event: "upgraded", properties: { plan: "pro" } },
      { type: "track", userId: control[0]!, event: "upgraded", properties: { plan: "pro" } },
      { type: "track", userId: sent[1] ?? sent[0]!, event: "upgraded", properties: { plan: "free" } },
    );
    t.clock.advance(2 * DAY);
    await batch({ type: "track", userId: sent[2] ?? sent[0]!, event: "upgraded", properties: { plan: "pro" } });
    const reached = t.ctx.db.select().from(deliveries).where(eq(deliveries.messageId, m.id)).all().filter((d) => d.goalAt !== null);
    expect(reached.map((d) => [d.contactId, d.status]).sort()).toEqual([[userId(sent[0]!), "sent"], [userId(control[0]!), "control"]].sort());
  });
});
