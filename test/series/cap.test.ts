import { afterEach, describe, expect, it } from "vitest";
import { DAY, HOUR } from "../../src/lib/clock.js";
import { setOutboundSettings } from "../../src/outbound/index.js";
import { enrollContact, type Step } from "../../src/series/index.js";
import { T0 } from "../helpers/app.js";
import { contact, liveSeries, sends, seriesTest, track, type SeriesTest } from "./helpers.js";

const email = (id: string): Step => ({ id, type: "send", name: id, channel: "email", variants: [{ subject: id, body: id }] });

describe("series sends under the workspace's outbound rules", () => {
  let t: SeriesTest;
  afterEach(() => t.close());

  it("the per-contact frequency cap and quiet hours defer series messages; each is still sent once", async () => {
    t = seriesTest(T0);
    setOutboundSettings(t.ctx, t.ws, { cap: { interruptionsPerDay: 1, emailsPerWeek: null }, quietHours: { startHour: 22, endHour: 8 } });
    const id = liveSeries(t, { entry: { type: "manual" }, steps: [email("first"), { id: "w", type: "wait", mode: "duration", duration: { amount: 1, unit: "hours" } }, email("second")], exits: [], reentry: "never" });
    const c = contact(t, "Capped");
    enrollContact(t.ctx, t.ws, id, c, "api");
    for (let h = 0; h <= 48; h++) {
      t.clock.set(T0 + h * HOUR);
      await t.runJob("series.advance");
      await t.runJob("outbound.send");
      await t.ctx.bus.settled();
    }
    const got = sends(t, id, c);
    expect(got.map((s) => [s.step, s.status])).toEqual([["first", "sent"], ["second", "sent"]]);
    const sentAt = t.ctx.db.$client.prepare("SELECT sent_at FROM deliveries ORDER BY created_at").pluck().all() as number[];
    expect(sentAt[0]).toBe(T0);
    // Queued an hour later, held by the cap for a day from the first send; 12:00 UTC is outside quiet hours.
    expect(sentAt[1]).toBeGreaterThanOrEqual(T0 + DAY);
    expect(sentAt[1]).toBeLessThan(T0 + DAY + 2 * HOUR);
  }, 60_000);
});

describe("a goal reached while a series message waits in the queue", () => {
  let t: SeriesTest;
  afterEach(() => t.close());

  it("cancels the waiting message and credits the goal to the one already sent", async () => {
    t = seriesTest(T0);
    setOutboundSettings(t.ctx, t.ws, { cap: { interruptionsPerDay: 1, emailsPerWeek: null }, quietHours: null });
    const id = liveSeries(t, { entry: { type: "manual" }, steps: [email("first"), { id: "w", type: "wait", mode: "duration", duration: { amount: 1, unit: "hours" } }, email("second"), { id: "w2", type: "wait", mode: "duration", duration: { amount: 3, unit: "days" } }], goal: { event: "purchased" }, exits: [], reentry: "never" });
    const c = contact(t, "Buyer");
    enrollContact(t.ctx, t.ws, id, c, "api");
    for (let h = 0; h <= 3; h++) {
      t.clock.set(T0 + h * HOUR);
      await t.runJob("series.advance");
      await t.runJob("outbound.send");
    }
    expect(sends(t, id, c).map((s) => [s.step, s.status])).toEqual([["first", "sent"], ["second", "queued"]]);
    await track(t, c, "purchased");
    for (let h = 4; h <= 30; h++) {
      t.clock.set(T0 + h * HOUR);
      await t.runJob("series.advance");
      await t.runJob("outbound.send");
    }
    expect(sends(t, id, c).map((s) => [s.step, s.status])).toEqual([["first", "sent"], ["second", "cancelled"]]);
    const goalAt = t.ctx.db.$client.prepare("SELECT goal_at FROM deliveries WHERE status = 'sent'").pluck().get();
    expect(goalAt).toBe(T0 + 3 * HOUR);
  }, 60_000);
});
