import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { evaluateFunnel, funnelContactIds, parseFunnel, saveFunnelSegment, type FunnelDefinition } from "../../src/analytics/index.js";
import { HOUR } from "../../src/lib/clock.js";
import type { AppError } from "../../src/lib/errors.js";
import { startConversation } from "../../src/conversations/index.js";
import { openMemberIds } from "../../src/segments/index.js";
import { addOperator } from "../admin/support.js";
import { makeTestApp, T0, user, type TestApp } from "../admin-contacts/helpers.js";
import { B, FUNNEL, RANGE, seedFunnel } from "./funnel-data.js";

let t: TestApp;
let opId: number;
beforeEach(async () => {
  t = makeTestApp();
  opId = addOperator(t, "owner").id;
  await seedFunnel(t);
});
afterEach(() => t.close());

const run = (over: Partial<FunnelDefinition> = {}, range = RANGE, now = T0) =>
  evaluateFunnel(t.ctx.db.$client, t.workspace.id, parseFunnel({ ...FUNNEL, ...over }), range, now);
const ids = (...names: string[]) => names.map((n) => user(t, n).id);

describe("funnel evaluation", () => {
  it("counts loose order: any later occurrence within the window", () => {
    const r = run();
    expect(r.steps.map((s) => s.count)).toEqual([7, 5, 3]);
    expect(r.steps.map((s) => s.dropOff)).toEqual([0, 2, 2]);
    expect(r.steps[1]!.fromPrevious).toBeCloseTo(5 / 7);
    expect(r.steps[2]!.fromFirst).toBeCloseTo(3 / 7);
    expect(r.steps.map((s) => s.medianMs)).toEqual([null, 2 * HOUR, HOUR]);
  });

  it("counts strict order: the next funnel step after the previous one must be this one", () => {
    const r = run({ order: "strict" });
    expect(r.steps.map((s) => s.count)).toEqual([7, 4, 2]);
    expect(r.steps.map((s) => s.medianMs)).toEqual([null, 2 * HOUR, HOUR]);
  });

  it("keeps the window's end inclusive and cuts one millisecond later", () => {
    expect(run({ window_days: 8 }).steps.map((s) => s.count)).toEqual([7, 6, 4]);
    expect(run({ window_days: 1 }).steps.map((s) => s.count)).toEqual([7, 4, 3]);
  });

  it("filters events on metadata", () => {
    const anyPlan = run({ steps: [FUNNEL.steps[0], FUNNEL.steps[1], { kind: "event", event: "purchase" }] });
    expect(anyPlan.steps.map((s) => s.count)).toEqual([7, 5, 4]);
    const notPro = run({ steps: [FUNNEL.steps[0], { kind: "event", event: "purchase", where: [{ key: "plan", op: "ne", value: "pro" }] }] });
    expect(notPro.steps.map((s) => s.count)).toEqual([7, 1]);
  });

  it("matches page views by URL pattern", () => {
    const blog = run({ steps: [FUNNEL.steps[0], { kind: "page", url: "https://acme.test/blog/*" }] });
    expect(blog.steps.map((s) => s.count)).toEqual([7, 1]);
    const exact = run({ steps: [FUNNEL.steps[0], { kind: "page", url: "https://acme.test/pricing" }] });
    expect(exact.steps.map((s) => s.count)).toEqual([7, 4]); // u2, u3, u5, u9; not /pricing/pro
  });

  it("counts conversations the contact started, not those an operator started", () => {
    startConversation(t.ctx, t.workspace.id, { contactId: user(t, "u1").id, body: "Hi, a question about pro", createdAt: B + 3 * HOUR });
    startConversation(t.ctx, t.workspace.id, { contactId: user(t, "u3").id, body: "Hello from us", createdAt: B + 4 * HOUR, author: { type: "operator", operatorId: opId } });
    const r = run({ steps: [FUNNEL.steps[0], { kind: "conversation" }] });
    expect(r.steps.map((s) => s.count)).toEqual([7, 1]);
    expect(r.steps[1]!.medianMs).toBe(3 * HOUR);
  });

  it("takes the first step only inside the range, and nothing after now", () => {
    expect(run({}, { from: B + 1, to: T0 }).steps[0]!.count).toBe(1); // only u9's second signup
    expect(run({}, { from: RANGE.from, to: B }).steps[0]!.count).toBe(0);
    expect(run({}, RANGE, B + 90 * 60_000).steps.map((s) => s.count)).toEqual([7, 1, 0]);
  });

  it("breaks down by an attribute", () => {
    const r = run({ breakdown: "custom.plan" });
    expect(r.breakdown).toEqual([
      { value: null, counts: [4, 2, 1] },
      { value: "a", counts: [2, 2, 2] },
      { value: "b", counts: [1, 1, 0] },
    ]);
  });

  it("refuses a malformed definition", () => {
    expect(fieldOf(() => parseFunnel({ steps: [{ kind: "event", event: "x" }] }))).toBe("steps");
    expect(fieldOf(() => parseFunnel({ ...FUNNEL, breakdown: "password" }))).toBe("breakdown");
    expect(fieldOf(() => parseFunnel({ ...FUNNEL, steps: [FUNNEL.steps[0], { kind: "event", event: "x", where: [{ key: 'a"b', op: "eq", value: 1 }] }] }))).toBe("steps[1].where[0].key");
  });
});

describe("funnel contacts", () => {
  it("lists a step's contacts and a drop-off's contacts", () => {
    const def = parseFunnel(FUNNEL);
    expect(funnelContactIds(t.ctx, t.workspace.id, def, RANGE, { step: 3, which: "dropped" })).toEqual(ids("u3", "u5"));
    expect(new Set(funnelContactIds(t.ctx, t.workspace.id, def, RANGE, { step: 3, which: "reached" }))).toEqual(new Set(ids("u1", "u2", "u9")));
    expect(() => funnelContactIds(t.ctx, t.workspace.id, def, RANGE, { step: 1, which: "dropped" })).toThrow(/drop-off/);
  });

  it("saves a drop-off as a segment holding exactly those contacts", async () => {
    const def = parseFunnel({ ...FUNNEL, order: "strict" });
    const seg = await saveFunnelSegment(t.ctx, t.workspace.id, def, RANGE, { step: 2, which: "dropped" }, "Skipped pricing", null);
    expect(seg.name).toBe("Skipped pricing");
    expect(new Set(openMemberIds(t.ctx, seg.id))).toEqual(new Set(ids("u2", "u4", "u8")));
  });

  it("saves an empty pick as an empty segment", async () => {
    const def = parseFunnel(FUNNEL);
    const seg = await saveFunnelSegment(t.ctx, t.workspace.id, def, { from: RANGE.from, to: B }, { step: 2, which: "dropped" }, "Nobody", null);
    expect(openMemberIds(t.ctx, seg.id).size).toBe(0);
  });
});

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as AppError).field;
  }
  return "(no error)";
}
