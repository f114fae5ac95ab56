import { afterEach, describe, expect, it } from "vitest";
import { DAY } from "../../src/lib/clock.js";
import { compileStored, contactsQuery, fullQuery, getSegment, queryPlan } from "../../src/segments/index.js";
import { T0 } from "../helpers/app.js";
import { identify, makeSegment, members, segTest, send, track, type SegTest } from "./helpers.js";

let t: SegTest;
afterEach(() => t?.close());

/** The benchmark's question: signed up > 7 days ago, ≥ 3 logins in 30 days, ≥ 3 projects ever, plan pro (thresholds scaled down). */
const S2 = {
  match: "all",
  conditions: [
    { attribute: "signed_up_at", op: "more_than_days_ago", value: 7 },
    { event: "login", op: "count_gte", value: 3, within_days: 30 },
    { event: "project_created", op: "count_gte", value: 3 },
    { attribute: "plan", op: "eq", value: "pro" },
  ],
};

async function population(t: SegTest, builders: number) {
  const signup = new Date(T0 - 60 * DAY).toISOString();
  await send(t, ...Array.from({ length: 30 }, (_, i) => identify(`u${i}`, { plan: i % 2 ? "pro" : "free", createdAt: signup })));
  for (let i = 0; i < builders; i++) {
    await send(t, ...Array.from({ length: 3 }, () => track(`u${i}`, "project_created")), ...Array.from({ length: i % 4 }, (_, k) => track(`u${i}`, "login", {}, T0 - k * DAY)));
  }
}

function planOf(t: SegTest, segmentId: string): string[] {
  const compiled = compileStored(t.ctx, getSegment(t.ctx, t.workspace.id, segmentId));
  return queryPlan(t.ctx.db.$client, fullQuery(t.ctx.db.$client, compiled, t.clock.now()), t.clock.now());
}

describe("SQL plans", () => {
  it("starts a full evaluation from the all-time count table when it is small, and counts windows per contact on the index", async () => {
    t = segTest();
    await population(t, 8);
    const seg = await makeSegment(t, S2);
    expect(members(t, seg.id)).toEqual(["u3", "u7"]);
    const plan = planOf(t, seg.id);
    expect(plan[0]).toMatch(/^SEARCH s USING (COVERING )?INDEX event_summaries_ws_name \(workspace_id=\? AND name=\? AND count>\?\)/);
    expect(plan).toContain("SEARCH contacts USING INDEX sqlite_autoindex_contacts_1 (id=?)");
    expect(plan.some((p) => p.startsWith("SEARCH e USING COVERING INDEX events_contact_name_time (contact_id=? AND name=? AND created_at>?)"))).toBe(true);
    expect(plan.join("\n")).not.toMatch(/contacts_ws_|SCAN contacts/);
  });

  it("scans the workspace's contacts when no driver would cut the work", async () => {
    t = segTest();
    await population(t, 30);
    const seg = await makeSegment(t, S2);
    const plan = planOf(t, seg.id);
    expect(plan[0]).toMatch(/^SEARCH contacts USING (COVERING )?INDEX contacts_ws_/);
    expect(plan.join("\n")).not.toContain("event_summaries_ws_name");
  });

  it("re-evaluates one contact by primary key, never by scanning the workspace", async () => {
    t = segTest();
    await population(t, 2);
    const seg = await makeSegment(t, S2);
    const compiled = compileStored(t.ctx, getSegment(t.ctx, t.workspace.id, seg.id));
    const plan = queryPlan(t.ctx.db.$client, contactsQuery(t.workspace.id, [compiled, compiled], '["x"]'), T0);
    expect(plan[0]).toMatch(/^SCAN j VIRTUAL TABLE/);
    expect(plan[1]).toBe("SEARCH contacts USING INDEX sqlite_autoindex_contacts_1 (id=?)");
    expect(plan.join("\n")).not.toMatch(/contacts_ws_|SCAN contacts/);
  });
});
