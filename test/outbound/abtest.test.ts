import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MINUTE } from "../../src/lib/clock.js";
import {
  abMetricFor, analyzeAbTest, getMessage, judgeAbTest, MIN_SAMPLE_PER_ARM, probabilityToBeat, recordDeliveryOutcome, twoProportionZTest,
  type Delivery, type MessageWithVariants,
} from "../../src/outbound/index.js";
import { makeTestApp, T0, type TestApp } from "../helpers/app.js";
import { enqueueAll, makeMessage, makeUsers, markSent } from "../admin-messages/fixtures.js";

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

const TWO = [{ subject: "A", body: "a" }, { subject: "B", body: "b" }];

/** Marks the first `share` of each arm's deliveries as having reached the goal; returns the arm sizes. */
function reach(m: MessageWithVariants, ds: Delivery[], shares: Record<string, number>): Record<string, { n: number; s: number }> {
  const out: Record<string, { n: number; s: number }> = {};
  for (const v of [...m.variants.map((x) => ({ id: x.id as string | null, label: x.label })), { id: null, label: "Control" }]) {
    const arm = ds.filter((d) => d.variantId === v.id);
    const s = Math.round(arm.length * (shares[v.label] ?? 0));
    arm.slice(0, s).forEach((d) => recordDeliveryOutcome(t.ctx, d.id, "goal", T0 + MINUTE));
    out[v.label] = { n: arm.length, s };
  }
  return out;
}

describe("A/B verdicts", { timeout: 30_000 }, () => {
  it("judges on the goal, reports the z-test and the probability to beat A, and promotes a clear winner", async () => {
    const users = await makeUsers(t, 400);
    const m = makeMessage(t, { variants: TWO, goal: { event: "paid", withinDays: 7 }, autoPromote: true });
    const ds = enqueueAll(t, m, users);
    markSent(t, ds, T0);
    const arms = reach(m, ds, { A: 0.08, B: 0.3 });
    expect(arms.A!.n).toBeGreaterThanOrEqual(MIN_SAMPLE_PER_ARM);
    expect(arms.B!.n).toBeGreaterThanOrEqual(MIN_SAMPLE_PER_ARM);
    const v = analyzeAbTest(t.ctx, getMessage(t.ctx, t.workspace.id, m.id));
    expect(v.metric).toBe("goal");
    expect(v.baselineLabel).toBe("A");
    const b = v.arms.find((a) => a.label === "B")!;
    expect(b).toMatchObject({ n: arms.B!.n, successes: arms.B!.s, isBaseline: false });
    const z = twoProportionZTest(arms.A!.s, arms.A!.n, arms.B!.s, arms.B!.n);
    expect(b.vsBaseline!.z).toBeCloseTo(z.z, 10);
    expect(b.vsBaseline!.p).toBeLessThan(0.001);
    expect(b.vsBaseline!.probability).toBeCloseTo(probabilityToBeat(arms.A!.s, arms.A!.n, arms.B!.s, arms.B!.n), 10);
    expect(v.winner?.label).toBe("B");
    const judged = judgeAbTest(t.ctx, t.workspace.id, m.id);
    expect(judged?.promoted).toBe(true);
    expect(getMessage(t.ctx, t.workspace.id, m.id).winnerVariantId).toBe(b.variantId);
    // Once promoted, the test is over.
    expect(judgeAbTest(t.ctx, t.workspace.id, m.id)).toBeUndefined();
  });

  it("declares nothing below the minimum sample, however large the difference", async () => {
    const users = await makeUsers(t, 120);
    const m = makeMessage(t, { variants: TWO, goal: { event: "paid", withinDays: 7 }, autoPromote: true });
    const ds = enqueueAll(t, m, users);
    markSent(t, ds, T0);
    reach(m, ds, { A: 0, B: 0.9 });
    const j = judgeAbTest(t.ctx, t.workspace.id, m.id)!;
    expect(j.verdict.sampled).toBe(false);
    expect(j.verdict.winner).toBeUndefined();
    expect(j.promoted).toBe(false);
    expect(j.verdict.reason).toMatch(/Waiting for 100/);
  });

  it("declares nothing for a difference the data cannot tell from noise, and never promotes without auto-promotion", async () => {
    const users = await makeUsers(t, 400);
    const m = makeMessage(t, { variants: TWO, goal: { event: "paid", withinDays: 7 } });
    const ds = enqueueAll(t, m, users);
    markSent(t, ds, T0);
    reach(m, ds, { A: 0.2, B: 0.22 });
    const j = judgeAbTest(t.ctx, t.workspace.id, m.id)!;
    expect(j.verdict.sampled).toBe(true);
    expect(j.verdict.winner).toBeUndefined();
    reach(m, ds, { A: 0.05, B: 0.5 });
    const again = judgeAbTest(t.ctx, t.workspace.id, m.id)!;
    expect(again.verdict.winner?.label).toBe("B");
    expect(again.promoted).toBe(false);
    expect(getMessage(t.ctx, t.workspace.id, m.id).winnerVariantId).toBeNull();
  });

  it("compares against the control group on a goal: its rate counts goals of contacts never sent anything", async () => {
    const users = await makeUsers(t, 400);
    const m = makeMessage(t, { controlPercent: 40, goal: { event: "paid", withinDays: 7 } });
    const ds = enqueueAll(t, m, users);
    markSent(t, ds, T0);
    const arms = reach(m, ds, { A: 0.3, Control: 0.1 });
    const v = analyzeAbTest(t.ctx, getMessage(t.ctx, t.workspace.id, m.id));
    expect(v.baselineLabel).toBe("Control");
    const control = v.arms.find((a) => a.variantId === null)!;
    expect(control).toMatchObject({ n: arms.Control!.n, successes: arms.Control!.s, isBaseline: true });
    expect(v.arms[0]!.vsBaseline!.p).toBeLessThan(0.01);
    // One variant beating the control proves the message works, but there is nothing to promote.
    expect(v.winner).toBeUndefined();
    expect(v.reason).toMatch(/beats the control group/);
  });

  it("judges on clicks when the email has links, opens when it has none, replies for chats", () => {
    const base = { goal: null, variants: [{ body: "Read https://example.test/x", content: {} }] } as unknown as MessageWithVariants;
    expect(abMetricFor({ ...base, channel: "email" })).toBe("clicked");
    expect(abMetricFor({ ...base, channel: "email", variants: [{ body: "plain", content: {} }] } as unknown as MessageWithVariants)).toBe("opened");
    expect(abMetricFor({ ...base, channel: "chat" })).toBe("replied");
    expect(abMetricFor({ ...base, channel: "email", goal: { event: "x", withinDays: 1 } })).toBe("goal");
    expect(abMetricFor({ ...base, channel: "post", variants: [{ body: "Poll", content: { replies: [{ label: "Yes", value: "y" }] } }] } as unknown as MessageWithVariants)).toBe("answered");
  });
});
