import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MINUTE } from "../../src/lib/clock.js";
import { recordDeliveryOutcome, statsByMessage, type Delivery } from "../../src/outbound/index.js";
import { get, makeTestApp, owner, type Browser, type TestApp } from "../admin-contacts/helpers.js";
import { enqueueAll, makeMessage, makeUsers, markSent } from "./fixtures.js";

let t: TestApp;
let who: Browser;
beforeEach(() => {
  t = makeTestApp();
  who = owner(t);
});
afterEach(() => t.close());

/** The figures of one row of /messages: Sent, Opened, Clicked, Replied, Goal (numbers only). */
async function row(messageId: string): Promise<number[]> {
  const html = await (await get(t, "/messages", who)).text();
  const tr = new RegExp(`<tr data-message="${messageId}">([^]*?)</tr>`).exec(html)?.[1];
  if (!tr) throw new Error("row not found");
  return [...tr.matchAll(/<td class="num">([\d,]+|<span class="muted">–<\/span>)/g)].map((m) => (m[1]!.startsWith("<") ? -1 : Number(m[1]!.replace(/,/g, ""))));
}

/** Marks deliveries sent and publishes what the sender publishes after its commit. */
async function sent(ds: Delivery[]): Promise<void> {
  markSent(t, ds, t.clock.now());
  for (const d of ds) t.ctx.bus.publish("delivery.sent", { workspaceId: d.workspaceId, contactId: d.contactId, messageId: d.messageId, deliveryId: d.id, channel: d.channel });
  await t.ctx.bus.settled();
}

describe("messages list figures", { timeout: 30_000 }, () => {
  it("follow sends and outcomes through their events, and equal a fresh count every time", async () => {
    const users = await makeUsers(t, 12);
    const m = makeMessage(t, { goal: { event: "paid", withinDays: 7 } });
    const other = makeMessage(t, { name: "Other" });
    expect(await row(m.id)).toEqual([0, 0, 0, 0, 0]);
    const ds = enqueueAll(t, m, users);
    await sent(ds.slice(0, 10));
    expect(await row(m.id)).toEqual([10, 0, 0, 0, 0]);
    ds.slice(0, 6).forEach((d) => recordDeliveryOutcome(t.ctx, d.id, "opened", t.clock.now()));
    ds.slice(0, 2).forEach((d) => recordDeliveryOutcome(t.ctx, d.id, "clicked", t.clock.now()));
    recordDeliveryOutcome(t.ctx, ds[0]!.id, "goal", t.clock.now());
    await t.ctx.bus.settled();
    const s = statsByMessage(t.ctx, [m.id]).get(m.id)!;
    expect(await row(m.id)).toEqual([s.sent, s.opened, s.clicked, s.replied, s.goal]);
    expect(await row(m.id)).toEqual([10, 6, 2, 0, 1]);
    // Another message's events leave this one's figures alone, and its own row still starts at zero.
    expect(await row(other.id)).toEqual([0, 0, 0, 0, -1]);
  });

  it("are read again once old, so a change that published nothing shows within minutes", async () => {
    const users = await makeUsers(t, 5);
    const m = makeMessage(t);
    const ds = enqueueAll(t, m, users);
    expect(await row(m.id)).toEqual([0, 0, 0, 0, -1]);
    markSent(t, ds, t.clock.now()); // no event: the cached figures stand for now
    expect(await row(m.id)).toEqual([0, 0, 0, 0, -1]);
    t.clock.advance(6 * MINUTE);
    expect(await row(m.id)).toEqual([5, 0, 0, 0, -1]);
  });
});
