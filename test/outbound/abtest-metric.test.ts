import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MINUTE } from "../../src/lib/clock.js";
import {
  analyzeAbTest, getMessage, judgeAbTest, probabilityToBeat, recordDeliveryOutcome, twoProportionZTest, updateMessage, parseMessageInput,
  type Delivery, type MessageWithVariants,
} from "../../src/outbound/index.js";
import { AppError } from "../../src/lib/errors.js";
import { makeTestApp, T0, type TestApp } from "../helpers/app.js";
import { enqueueAll, makeMessage, makeUsers, markSent } from "../admin-messages/fixtures.js";
import { get, owner, post } from "../admin-contacts/helpers.js";

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

const TWO = [{ subject: "A", body: "see https://example.test/a" }, { subject: "B", body: "see https://example.test/b" }];

/** Gives each arm the share of `outcome` asked for; returns the arms' sizes and successes. */
function give(m: MessageWithVariants, ds: Delivery[], outcome: "opened" | "clicked", shares: Record<string, number>) {
  const out: Record<string, { n: number; s: number }> = {};
  for (const v of m.variants) {
    const arm = ds.filter((d) => d.variantId === v.id);
    const s = Math.round(arm.length * (shares[v.label] ?? 0));
    arm.slice(0, s).forEach((d) => recordDeliveryOutcome(t.ctx, d.id, outcome, T0 + MINUTE));
    out[v.label] = { n: arm.length, s };
  }
  return out;
}

/** One table where A is opened far more and B clicked far more. */
async function table(input: Record<string, unknown>) {
  const users = await makeUsers(t, 400);
  const m = makeMessage(t, { variants: TWO, ...input });
  const ds = enqueueAll(t, m, users);
  markSent(t, ds, T0);
  const opens = give(m, ds, "opened", { A: 0.6, B: 0.3 });
  const clicks = give(m, ds, "clicked", { A: 0.05, B: 0.25 });
  return { m, opens, clicks };
}

const setMetric = (id: string, abMetric: string | null) =>
  updateMessage(t.ctx, t.workspace.id, id, parseMessageInput({ abMetric }, { partial: true }));

describe("A/B metric chosen by the operator", { timeout: 60_000 }, () => {
  it("the same table judged on opens makes A the winner and on clicks makes B the winner, with the matching figures", async () => {
    const { m, opens, clicks } = await table({ abMetric: "opened" });
    const byOpens = analyzeAbTest(t.ctx, getMessage(t.ctx, t.workspace.id, m.id));
    expect(byOpens).toMatchObject({ metric: "opened", chosen: true });
    const bOpen = byOpens.arms.find((a) => a.label === "B")!;
    expect(bOpen.successes).toBe(opens.B!.s);
    expect(bOpen.vsBaseline!.probability).toBeCloseTo(probabilityToBeat(opens.A!.s, opens.A!.n, opens.B!.s, opens.B!.n), 10);
    expect(bOpen.vsBaseline!.z).toBeCloseTo(twoProportionZTest(opens.A!.s, opens.A!.n, opens.B!.s, opens.B!.n).z, 10);
    expect(bOpen.vsBaseline!.probability).toBeLessThan(0.001);
    expect(byOpens.winner?.label).toBe("A");

    setMetric(m.id, "clicked");
    const byClicks = analyzeAbTest(t.ctx, getMessage(t.ctx, t.workspace.id, m.id));
    expect(byClicks).toMatchObject({ metric: "clicked", chosen: true });
    const bClick = byClicks.arms.find((a) => a.label === "B")!;
    expect(bClick.successes).toBe(clicks.B!.s);
    expect(bClick.vsBaseline!.probability).toBeCloseTo(probabilityToBeat(clicks.A!.s, clicks.A!.n, clicks.B!.s, clicks.B!.n), 10);
    expect(bClick.vsBaseline!.probability).toBeGreaterThan(0.999);
    expect(byClicks.winner?.label).toBe("B");
  });

  it("auto-promotion follows the chosen metric", async () => {
    const { m } = await table({ abMetric: "opened", autoPromote: true });
    const j = judgeAbTest(t.ctx, t.workspace.id, m.id)!;
    expect(j.promoted).toBe(true);
    const after = getMessage(t.ctx, t.workspace.id, m.id);
    expect(after.winnerVariantId).toBe(after.variants.find((v) => v.label === "A")!.id);
  });

  it("without a choice the email with links is judged on clicks automatically; clearing the choice returns to it", async () => {
    const { m } = await table({ abMetric: "opened" });
    setMetric(m.id, null);
    const v = analyzeAbTest(t.ctx, getMessage(t.ctx, t.workspace.id, m.id));
    expect(v).toMatchObject({ metric: "clicked", chosen: false });
    expect(v.winner?.label).toBe("B");
  });

  it("refuses a figure the channel cannot measure, and the goal without a goal, naming abMetric", () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as AppError;
      }
      throw new Error("expected a validation error");
    };
    const replied = err(() => makeMessage(t, { abMetric: "replied" }));
    expect(replied).toMatchObject({ code: "VALIDATION", field: "abMetric" });
    expect(replied.message).toMatch(/goal, opened, clicked/);
    expect(err(() => makeMessage(t, { abMetric: "goal" }))).toMatchObject({ field: "abMetric" });
    expect(err(() => makeMessage(t, { abMetric: "sideways" }))).toMatchObject({ field: "abMetric" });
    // A chat can be judged on replies; removing the goal a message is judged on is refused.
    expect(makeMessage(t, { channel: "chat", abMetric: "replied" }).abMetric).toBe("replied");
    const g = makeMessage(t, { goal: { event: "paid", withinDays: 7 }, abMetric: "goal" });
    expect(err(() => updateMessage(t.ctx, t.workspace.id, g.id, parseMessageInput({ goal: null }, { partial: true })))).toMatchObject({ field: "abMetric" });
  });

  it("the editor saves the choice, shows it again, names the field on a bad one; the report says what it is judged on", async () => {
    const who = owner(t);
    const base = { _ws: t.workspace.id, name: "Test", channel: "email", kind: "one_off", vA_weight: "100", vA_body: "Hi", vB_enabled: "1", vB_weight: "100", vB_body: "Hey", control_percent: "0", priority: "0" };
    const bad = await post(t, "/messages", { ...base, ab_metric: "replied" }, who);
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toMatch(/abMetric: an email message cannot be judged on (&#39;|')replied(&#39;|')/);
    // The error sits on the select, which keeps the choice.
    expect(badHtml).toMatch(/<div class="field has-error"><label for="f-ab_metric">/);
    expect(badHtml).toMatch(/<option value="replied" selected="">Replies<\/option>/);
    const res = await post(t, "/messages", { ...base, ab_metric: "opened" }, who);
    expect(res.status).toBe(303);
    const id = res.headers.get("location")!.split("/").pop()!;
    expect(getMessage(t.ctx, t.workspace.id, id).abMetric).toBe("opened");
    expect(await (await get(t, `/messages/${id}/edit`, who)).text()).toMatch(/<option value="opened" selected="">Opens<\/option>/);
    const report = await (await get(t, `/messages/${id}`, who)).text();
    expect(report).toMatch(/Judged on: opened \(chosen\)/);
  });
});
