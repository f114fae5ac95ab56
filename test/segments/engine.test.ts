import { afterEach, describe, expect, it } from "vitest";
import { setContactArchived } from "../../src/contacts/index.js";
import { DAY, HOUR } from "../../src/lib/clock.js";
import {
  compileStored, createSegment, evaluateAll, explainMembership, getSegment, reevaluateContacts, refreshSegments, updateSegment,
} from "../../src/segments/index.js";
import { bucketOf } from "../../src/segments/sql.js";
import { T0 } from "../helpers/app.js";
import { identify, makeSegment, members, refresh, segTest, send, track, user, type SegTest } from "./helpers.js";

let t: SegTest;
afterEach(() => t?.close());

describe("random_percent", () => {
  it("puts a stable share of contacts in a holdout, independent per seed", async () => {
    t = segTest();
    const ids = Array.from({ length: 400 }, (_, i) => `u${i}`);
    for (let i = 0; i < ids.length; i += 100) await send(t, ...ids.slice(i, i + 100).map((u) => identify(u)));
    const a = await makeSegment(t, { match: "all", conditions: [{ random_percent: true, op: "lt", value: 25 }] });
    const first = members(t, a.id);
    // Binomial(400, 0.25): mean 100, sd ≈ 8.7.
    expect(first.length).toBeGreaterThan(65);
    expect(first.length).toBeLessThan(135);
    expect(members(t, (await makeSegment(t, { match: "all", conditions: [{ random_percent: true, op: "lt", value: 25 }] })).id)).toEqual(first);
    updateSegment(t.ctx, t.workspace.id, a.id, { conditions: [{ random_percent: true, op: "lt", value: 25 }] });
    expect(members(t, a.id)).toEqual(first);
    const wider = members(t, (await makeSegment(t, { match: "all", conditions: [{ random_percent: true, op: "lt", value: 50 }] })).id);
    expect(first.every((u) => wider.includes(u))).toBe(true);
    const seeded = members(t, (await makeSegment(t, { match: "all", conditions: [{ random_percent: "spring-promo", op: "lt", value: 25 }] })).id);
    expect(seeded).not.toEqual(first);
    const u7 = user(t, "u7").id;
    expect(first.includes("u7")).toBe(bucketOf("", u7) < 25);
  });
});

describe("memberships and events", () => {
  it("publishes entered/exited after commit with the reason, and keeps every stay", async () => {
    t = segTest();
    await send(t, identify("u1", { plan: "pro" }));
    const seg = await makeSegment(t, { match: "all", conditions: [{ attribute: "plan", op: "eq", value: "pro" }, { event: "login", op: "count_gte", value: 1, within_hours: 2 }] });
    await send(t, track("u1", "login"));
    t.clock.advance(2 * HOUR + 1);
    await refresh(t);
    await send(t, track("u1", "login"));
    const u1 = user(t, "u1").id;
    expect(t.published).toEqual([
      { kind: "entered", segmentId: seg.id, contactId: u1, at: T0, reason: "activity" },
      { kind: "exited", segmentId: seg.id, contactId: u1, at: T0 + 2 * HOUR + 1, reason: "time" },
      { kind: "entered", segmentId: seg.id, contactId: u1, at: T0 + 2 * HOUR + 1, reason: "activity" },
    ]);
  });

  it("reports first members of a new segment with reason 'definition'", async () => {
    t = segTest();
    await send(t, identify("u1", { plan: "pro" }));
    const seg = await makeSegment(t, { match: "all", conditions: [{ attribute: "plan", op: "eq", value: "pro" }] });
    expect(t.published).toEqual([{ kind: "entered", segmentId: seg.id, contactId: user(t, "u1").id, at: T0, reason: "definition" }]);
  });

  it("leaves archived contacts out", async () => {
    t = segTest();
    await send(t, identify("u1", { plan: "pro" }), identify("u2", { plan: "pro" }));
    const seg = await makeSegment(t, { match: "all", conditions: [{ attribute: "plan", op: "eq", value: "pro" }] });
    setContactArchived(t.ctx, t.workspace.id, user(t, "u1").id, true);
    reevaluateContacts(t.ctx, t.workspace.id, [user(t, "u1").id]);
    expect(members(t, seg.id)).toEqual(["u2"]);
  });

  it("keeps workspaces apart", async () => {
    t = segTest();
    await send(t, identify("u1", { plan: "pro" }));
    const other = createSegment(t.ctx, t.testWorkspace.id, { name: "Everyone", match: "all", conditions: [] });
    const mine = await makeSegment(t, { match: "all", conditions: [] });
    expect(members(t, other.id)).toEqual([]);
    expect(members(t, mine.id)).toEqual(["u1"]);
  });

  it("refreshes only what time can change: a non-time segment is never visited, a time one reads only crossing contacts", async () => {
    t = segTest();
    await send(t, ...Array.from({ length: 20 }, (_, i) => identify(`u${i}`, { plan: "pro", createdAt: new Date(T0 - i * DAY).toISOString() })));
    await makeSegment(t, { match: "all", conditions: [{ attribute: "plan", op: "eq", value: "pro" }] });
    const timed = await makeSegment(t, { match: "all", conditions: [{ attribute: "signed_up_at", op: "more_than_days_ago", value: 7 }] });
    expect(members(t, timed.id)).toHaveLength(12);
    t.clock.advance(DAY);
    // Candidates: signed up in [T0 - 7 days, T0 - 6 days], the two ends of the slice time moved over.
    expect(await refreshSegments(t.ctx)).toEqual({ segments: 1, candidates: 2, changes: 1 });
    expect(await refreshSegments(t.ctx)).toEqual({ segments: 0, candidates: 0, changes: 0 });
    await t.ctx.bus.settled();
    expect(members(t, timed.id)).toHaveLength(13);
  });
});

describe("explain and purity", () => {
  it("explains segment, company, tag and random conditions with the contact's values", async () => {
    t = segTest();
    await send(t, identify("u1", { plan: "pro", companies: [{ id: "a", name: "A", plan: "enterprise", employees: 10 }, { id: "b", name: "B", employees: 500 }] }));
    t.ctx.db.$client.prepare("INSERT INTO tags (id, workspace_id, name, created_at) VALUES ('tag_vip', ?, 'VIP', 0)").run(t.workspace.id);
    const pro = await makeSegment(t, { match: "all", conditions: [{ attribute: "plan", op: "eq", value: "pro" }] });
    const seg = await makeSegment(t, {
      match: "any",
      conditions: [
        { segment: pro.id, op: "not_in" },
        { company_attribute: "size", op: "gt", value: 100 },
        { tag: "VIP", op: "has" },
        { random_percent: "x", op: "lt", value: 100 },
      ],
    });
    const u1 = user(t, "u1").id;
    const e = explainMembership(t.ctx, t.workspace.id, seg.id, u1);
    expect(e).toMatchObject({ member: true, stored: { member: true, enteredAt: T0 } });
    expect(e.root.children).toMatchObject([
      { path: "conditions[0]", kind: "segment", pass: false, actual: true, children: [{ path: "conditions[0].segment", children: [{ path: "conditions[0].segment.conditions[0]", actual: "pro", pass: true }] }] },
      { path: "conditions[1]", kind: "company_attribute", pass: true, actualKind: "list", itemKind: "number" },
      { path: "conditions[2]", kind: "tag", pass: false, actual: false },
      { path: "conditions[3]", kind: "random_percent", pass: true, actual: bucketOf("x", u1) },
    ]);
    expect([...(e.root.children![1]!.actual as number[])].sort((a, b) => a - b)).toEqual([10, 500]);
  });

  it("evaluates from a structured clone of the compiled segment (what a worker thread would receive)", async () => {
    t = segTest();
    await send(t, identify("u1", { plan: "pro" }), track("u1", "login", {}, T0 - DAY), identify("u2", { plan: "free" }));
    const seg = await makeSegment(t, { match: "all", conditions: [{ attribute: "plan", op: "eq", value: "pro" }, { event: "login", op: "performed", within_days: 2 }] });
    const compiled = structuredClone(compileStored(t.ctx, getSegment(t.ctx, t.workspace.id, seg.id)));
    expect(evaluateAll(t.ctx.db.$client, compiled, T0)).toEqual([user(t, "u1").id]);
    expect(evaluateAll(t.ctx.db.$client, compiled, T0 + 2 * DAY)).toEqual([]);
  });
});
