import { afterEach, describe, expect, it } from "vitest";
import { seriesEnrollments, seriesStepRuns, deliveries } from "../../src/db/schema/index.js";
import { DAY, HOUR } from "../../src/lib/clock.js";
import { createSeries, dryRun, enrollContact, findTemplate } from "../../src/series/index.js";
import { T0 } from "../helpers/app.js";
import { contact, liveSeries, sends, seriesTest, track, type SeriesTest } from "./helpers.js";

const count = (t: SeriesTest, table: typeof seriesEnrollments | typeof seriesStepRuns | typeof deliveries) => t.ctx.db.select().from(table).all().length;

describe("series dry-run", () => {
  let t: SeriesTest;
  afterEach(() => t.close());

  it("predicts path, dates and messages for a described contact without writing anything", () => {
    t = seriesTest(T0);
    const s = createSeries(t.ctx, t.ws, { name: "Trial", definition: findTemplate("trial_onboarding")!.definition });
    const script = [{ afterHours: 4 * 24, name: "project_created" }, { afterHours: 11 * 24, name: "login" }];
    const before = [count(t, seriesEnrollments), count(t, seriesStepRuns), count(t, deliveries)];
    const r = dryRun(t.ctx, t.ws, s.id, { contact: { name: "Sam" }, events: script, horizonDays: 20 });
    expect([count(t, seriesEnrollments), count(t, seriesStepRuns), count(t, deliveries)]).toEqual(before);
    expect(r.end).toEqual({ status: "completed", at: T0 + 12 * DAY });
    const messages = r.steps.filter((x) => x.message).map((x) => [x.stepId, (x.at - T0) / DAY, x.message!.subject]);
    expect(messages).toEqual([
      ["day1_welcome", 0, "Welcome aboard"],
      ["day3_nudge", 2, "Your first project takes two minutes"],
      ["day7_next", 6, "Nice work — here is what to try next"],
      ["day13_active", 12, "Your trial ends tomorrow — keep your projects"],
    ]);
    expect(r.steps.find((x) => x.stepId === "day13_activity")!.outcome).toBe("Active");
    // A draft stays a draft.
    expect(t.ctx.db.select().from(seriesEnrollments).all()).toEqual([]);
  });

  it("the engine then does exactly what the dry-run predicted", async () => {
    t = seriesTest(T0);
    const def = findTemplate("trial_onboarding")!.definition;
    def.entry = { type: "manual" };
    const id = liveSeries(t, def);
    const script = [{ afterHours: 30, name: "login" }, { afterHours: 50, name: "login" }, { afterHours: 70, name: "login" }, { afterHours: 8 * 24, name: "subscription_started" }];
    const c = contact(t, "Real");
    const predicted = dryRun(t.ctx, t.ws, id, { contactId: c, events: script, horizonDays: 15 });
    expect(predicted.end?.status).toBe("goal");
    enrollContact(t.ctx, t.ws, id, c, "api");
    for (let h = 1; h <= 15 * 24; h++) {
      t.clock.set(T0 + h * HOUR);
      for (const e of script) if (e.afterHours === h) await track(t, c, e.name);
      await t.runJob("series.advance");
      await t.ctx.bus.settled();
    }
    const real = t.ctx.db.select().from(seriesStepRuns).all().map((r) => [r.stepId, r.ranAt, r.outcome]);
    const runs = predicted.steps.map((x) => [x.stepId, x.at]);
    expect(real.map(([s, at]) => [s, at])).toEqual(runs);
    expect(sends(t, id, c).map((s) => [s.step, s.at])).toEqual(predicted.steps.filter((x) => x.message).map((x) => [x.stepId, x.at]));
    expect(sends(t, id, c).map((s) => s.step)).toEqual(["day1_welcome", "day3_nudge", "day7_help"]);
  }, 60_000);
});
