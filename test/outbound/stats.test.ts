import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HOUR, DAY, MINUTE } from "../../src/lib/clock.js";
import {
  countOutcomeContacts, iterateOutcomeContacts, listOutcomeContacts, messageStats, messageTimeline, messagesReport, messagesReportTable,
  progressOf, recordDeliveryOutcome, statsByMessage, totalsOf, variantStats,
} from "../../src/outbound/index.js";
import { makeTestApp, T0, type TestApp } from "../helpers/app.js";
import { enqueueAll, makeMessage, makeUsers, markSent } from "../admin-messages/fixtures.js";

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

describe("message statistics", { timeout: 20_000 }, () => {
  it("counts each figure once per contact, and delivered = sent minus bounced for email", async () => {
    const users = await makeUsers(t, 10);
    const m = makeMessage(t, { goal: { event: "paid", withinDays: 7 } });
    const ds = enqueueAll(t, m, users);
    markSent(t, ds.slice(0, 8), T0 + MINUTE);
    for (const d of ds.slice(0, 5)) recordDeliveryOutcome(t.ctx, d.id, "opened", T0 + 2 * MINUTE);
    // A click counts as an open too; a repeated outcome is counted once.
    for (const d of ds.slice(5, 7)) recordDeliveryOutcome(t.ctx, d.id, "clicked", T0 + 3 * MINUTE);
    recordDeliveryOutcome(t.ctx, ds[5]!.id, "clicked", T0 + 4 * MINUTE);
    recordDeliveryOutcome(t.ctx, ds[0]!.id, "goal", T0 + HOUR);
    recordDeliveryOutcome(t.ctx, ds[1]!.id, "unsubscribed", T0 + HOUR);
    recordDeliveryOutcome(t.ctx, ds[7]!.id, "bounced", T0 + HOUR);
    const s = messageStats(t.ctx, m.id);
    expect(s).toMatchObject({ audience: 10, queued: 2, sent: 8, opened: 7, clicked: 2, delivered: 7, goal: 1, unsubscribed: 1, bounced: 1, control: 0, failed: 0 });
    expect(statsByMessage(t.ctx, [m.id]).get(m.id)).toEqual(s);
  });

  it("keeps the control group out of the top-line figures and counts its goals apart", async () => {
    const users = await makeUsers(t, 60);
    const m = makeMessage(t, { controlPercent: 50, goal: { event: "paid", withinDays: 7 } });
    const ds = enqueueAll(t, m, users);
    const control = ds.filter((d) => d.status === "control");
    expect(control.length).toBeGreaterThan(10);
    expect(control.length).toBeLessThan(50);
    markSent(t, ds, T0 + MINUTE);
    for (const d of control.slice(0, 3)) recordDeliveryOutcome(t.ctx, d.id, "goal", T0 + HOUR);
    const sentOne = ds.find((d) => d.status !== "control")!;
    recordDeliveryOutcome(t.ctx, sentOne.id, "goal", T0 + HOUR);
    const s = messageStats(t.ctx, m.id);
    expect(s).toMatchObject({ audience: 60, control: control.length, sent: 60 - control.length, goal: 1, controlGoal: 3 });
    const arms = variantStats(t.ctx, m.id, 50);
    expect(arms.map((a) => a.label)).toEqual(["A", "Control"]);
    expect(arms[1]!.stats.control).toBe(control.length);
    expect(arms[0]!.stats.sent + arms[1]!.stats.control).toBe(60);
    expect(totalsOf(arms)).toEqual(s);
    expect(progressOf(t.ctx, m.id)).toEqual({ total: 60, waiting: 0 });
  });

  it("lists the contacts behind a figure, latest first, per arm, and iterates them all for CSV", async () => {
    const users = await makeUsers(t, 12);
    const m = makeMessage(t, { variants: [{ subject: "A", body: "a" }, { subject: "B", body: "b" }] });
    const ds = enqueueAll(t, m, users);
    markSent(t, ds, T0);
    ds.forEach((d, i) => { if (i % 2 === 0) recordDeliveryOutcome(t.ctx, d.id, "opened", T0 + i * MINUTE); });
    expect(countOutcomeContacts(t.ctx, m.id, { metric: "opened" })).toBe(6);
    const page = listOutcomeContacts(t.ctx, m.id, { metric: "opened" }, { offset: 0, limit: 4 });
    expect(page.map((r) => r.contactId)).toEqual([ds[10], ds[8], ds[6], ds[4]].map((d) => d!.contactId));
    expect(page[0]!.at).toBe(T0 + 10 * MINUTE);
    expect(page[0]!.email).toBe(users[10]!.email);
    const second = listOutcomeContacts(t.ctx, m.id, { metric: "opened" }, { offset: 4, limit: 4 });
    expect(second.map((r) => r.contactId)).toEqual([ds[2], ds[0]].map((d) => d!.contactId));
    const b = m.variants.find((v) => v.label === "B")!;
    const inB = ds.filter((d, i) => i % 2 === 0 && d.variantId === b.id).length;
    expect(countOutcomeContacts(t.ctx, m.id, { metric: "opened", arm: b.id })).toBe(inB);
    expect(listOutcomeContacts(t.ctx, m.id, { metric: "opened", arm: b.id }, { offset: 0, limit: 50 }).every((r) => r.variantLabel === "B")).toBe(true);
    expect([...iterateOutcomeContacts(t.ctx, m.id, { metric: "audience" })]).toHaveLength(12);
    expect(() => countOutcomeContacts(t.ctx, m.id, { metric: "nope; DROP TABLE contacts" })).toThrow(/Unknown figure/);
  });

  it("draws the figures per hour while the message is young, per day afterwards", async () => {
    const users = await makeUsers(t, 4);
    const m = makeMessage(t);
    const ds = enqueueAll(t, m, users);
    markSent(t, ds.slice(0, 3), T0);
    markSent(t, ds.slice(3), T0 + 2 * HOUR);
    recordDeliveryOutcome(t.ctx, ds[0]!.id, "opened", T0 + 2 * HOUR + MINUTE);
    const hourly = messageTimeline(t.ctx, m.id, T0 + 3 * HOUR);
    expect(hourly.unit).toBe("hour");
    expect(hourly.labels).toHaveLength(4);
    expect(hourly.series.find((s) => s.key === "sent")!.data).toEqual([3, 0, 1, 0]);
    expect(hourly.series.find((s) => s.key === "opened")!.data).toEqual([0, 0, 1, 0]);
    expect(hourly.series.some((s) => s.key === "seen")).toBe(false);
    const daily = messageTimeline(t.ctx, m.id, T0 + 5 * DAY);
    expect(daily.unit).toBe("day");
    expect(daily.labels[0]).toBe(new Date(T0).toISOString().slice(0, 10));
    expect(daily.series.find((s) => s.key === "sent")!.data).toEqual([4, 0, 0, 0, 0, 0]);
  });
});

describe("Reports → Messages", { timeout: 30_000 }, () => {
  it("puts every message sent in the range side by side, by channel, counting the range's sends", async () => {
    const users = await makeUsers(t, 6);
    const email = makeMessage(t, { name: "Launch email" });
    const post = makeMessage(t, { name: "Billing post", channel: "post", variants: [{ body: "Trial ends" }] });
    const e = enqueueAll(t, email, users);
    markSent(t, e.slice(0, 4), T0);
    markSent(t, e.slice(4), T0 + 10 * DAY);
    recordDeliveryOutcome(t.ctx, e[0]!.id, "clicked", T0 + DAY);
    recordDeliveryOutcome(t.ctx, e[1]!.id, "unsubscribed", T0 + DAY);
    const p = enqueueAll(t, post, users.slice(0, 2));
    markSent(t, p, T0);
    recordDeliveryOutcome(t.ctx, p[0]!.id, "replied", T0 + HOUR);
    const range = { from: T0 - DAY, to: T0 + DAY };
    const rows = messagesReport(t.ctx, t.workspace.id, range);
    expect(rows.map((r) => [r.name, r.sent])).toEqual([["Launch email", 4], ["Billing post", 2]]);
    expect(rows[0]).toMatchObject({ opened: 1, clicked: 1, unsubscribed: 1, clickRate: 0.25, unsubscribeRate: 0.25 });
    expect(rows[1]).toMatchObject({ replied: 1, replyRate: 0.5 });
    expect(messagesReport(t.ctx, t.workspace.id, { ...range, channel: "post" }).map((r) => r.name)).toEqual(["Billing post"]);
    expect(messagesReport(t.ctx, t.testWorkspace.id, range)).toEqual([]);
    const table = messagesReportTable(rows);
    expect(table.columns).toContain("click_rate");
    expect(table.rows[0]![table.columns.indexOf("click_rate")]).toBe(0.25);
  });
});
