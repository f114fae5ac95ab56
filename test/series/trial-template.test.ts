import { afterEach, describe, expect, it } from "vitest";
import { DAY, HOUR, MINUTE } from "../../src/lib/clock.js";
import { seriesCounts } from "../../src/series/index.js";
import { T0 } from "../helpers/app.js";
import { contact, liveSeries, sends, seriesTest, track, type SeriesTest } from "./helpers.js";

/** Scripted behaviour: [hour after sign-up, event]. */
type Script = [number, string][];
const daily = (event: string, fromDay: number, toDay: number, hour = 5): Script =>
  Array.from({ length: toDay - fromDay + 1 }, (_, i) => [(fromDay + i) * 24 + hour, event] as [number, string]);

/** name → [script, expected (step, day after sign-up) in order] */
const COHORT: Record<string, [Script, [string, number][]]> = {
  active: [[[5, "project_created"], ...daily("login", 0, 12)], [["day1_welcome", 0], ["day7_next", 6], ["day13_active", 12]]],
  passive: [[[30, "project_created"], ...daily("login", 0, 1)], [["day1_welcome", 0], ["day7_next", 6], ["day13_passive", 12]]],
  sleeping: [daily("login", 0, 4), [["day1_welcome", 0], ["day3_nudge", 2], ["day7_help", 6], ["day13_sleeping", 12]]],
  dead: [[], [["day1_welcome", 0], ["day3_nudge", 2], ["day7_help", 6], ["day13_dead", 12]]],
  twoLogins: [daily("login", 0, 1), [["day1_welcome", 0], ["day3_nudge", 2], ["day7_help", 6], ["day13_passive", 12]]],
  lateStarter: [[[4 * 24, "project_created"], [11 * 24, "login"]], [["day1_welcome", 0], ["day3_nudge", 2], ["day7_next", 6], ["day13_active", 12]]],
  converted: [[[3 * 24 + 2, "subscription_started"]], [["day1_welcome", 0], ["day3_nudge", 2]]],
  deleted: [[[8 * 24, "account_deleted"]], [["day1_welcome", 0], ["day3_nudge", 2], ["day7_help", 6]]],
};

describe("14-day trial onboarding over a cohort", () => {
  let t: SeriesTest;
  afterEach(() => t.close());

  it("sends each contact exactly the messages their behaviour calls for, on the right day", async () => {
    t = seriesTest(T0);
    const seriesId = liveSeries(t, "trial_onboarding", "Trial");
    t.clock.advance(MINUTE);
    const signup = t.clock.now();
    const ids: Record<string, string> = {};
    for (const name of Object.keys(COHORT)) ids[name] = contact(t, name, { signedUpAt: signup });
    await t.ctx.bus.settled();
    for (let h = 0; h <= 14 * 24; h++) {
      t.clock.set(signup + h * HOUR);
      for (const [name, [script]] of Object.entries(COHORT)) {
        for (const [at, event] of script) if (at === h) await track(t, ids[name]!, event);
      }
      await t.runJob("series.advance");
      await t.ctx.bus.settled();
    }
    for (const [name, [, expected]] of Object.entries(COHORT)) {
      const got = sends(t, seriesId, ids[name]!).map((s) => [s.step, (s.at - signup) / DAY]);
      expect(got, name).toEqual(expected);
    }
    const counts = seriesCounts(t.ctx, seriesId);
    expect(counts.total).toEqual({ enrolled: 8, active: 0, completed: 6, exited: 1, goal: 1 });
    expect(counts.blocks.get("day1_welcome")).toMatchObject({ entered: 8, passed: 8 });
    expect(counts.blocks.get("day13_activity")).toMatchObject({ passed: 6 });
    expect(counts.blocks.get("wait_to_day7")?.goal).toBe(1);
    expect(counts.blocks.get("wait_to_day13")?.exited).toBe(1);
  }, 60_000);
});
