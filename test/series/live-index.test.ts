import { afterEach, describe, expect, it } from "vitest";
import { MINUTE } from "../../src/lib/clock.js";
import {
  archiveSeries, createSeries, enrollContact, launchSeries, listContactEnrollments, pauseSeries, saveDefinition, type SeriesDefinition, type Step,
} from "../../src/series/index.js";
import { findOrCreateTag, listContactTags } from "../../src/tags/index.js";
import { T0 } from "../helpers/app.js";
import { contact, seriesTest, track, type SeriesTest } from "./helpers.js";

const tagStep = (id: string, tag: string): Step => ({ id, type: "act", action: "tag_add", tag });
const onEvent = (event: string, steps: Step[] = [tagStep("t", "entered")]): SeriesDefinition => ({ entry: { type: "event", event }, steps, goal: null, exits: [], reentry: "every_time" });
const trips = (t: SeriesTest, id: string, c: string) => listContactEnrollments(t.ctx, id, c).length;

describe("which series care about an event: the index follows series changes", { timeout: 60_000 }, () => {
  let t: SeriesTest;
  afterEach(() => t.close());

  it("a series launched after events already flowed enrolls on the next one; paused or archived it no longer does", async () => {
    t = seriesTest(T0);
    findOrCreateTag(t.ctx, t.ws, "entered");
    const c = contact(t, "Ann");
    await track(t, c, "upgraded");
    const s = createSeries(t.ctx, t.ws, { name: "Upgrade", definition: onEvent("upgraded") });
    await track(t, c, "upgraded");
    expect(trips(t, s.id, c)).toBe(0);
    launchSeries(t.ctx, t.ws, s.id);
    t.clock.advance(MINUTE);
    await track(t, c, "upgraded");
    expect(trips(t, s.id, c)).toBe(1);
    pauseSeries(t.ctx, t.ws, s.id);
    t.clock.advance(MINUTE);
    await track(t, c, "upgraded");
    expect(trips(t, s.id, c)).toBe(1);
    launchSeries(t.ctx, t.ws, s.id);
    t.clock.advance(MINUTE);
    await track(t, c, "upgraded");
    expect(trips(t, s.id, c)).toBe(2);
    archiveSeries(t.ctx, t.ws, s.id);
    t.clock.advance(MINUTE);
    await track(t, c, "upgraded");
    expect(trips(t, s.id, c)).toBe(2);
  });

  it("an in-place edit of a live series' entry takes effect at once, even within the same millisecond", async () => {
    t = seriesTest(T0);
    const c = contact(t, "Bob");
    // No send step and nobody enrolled: the version is edited in place.
    const s = createSeries(t.ctx, t.ws, { name: "Edited", definition: onEvent("signin") });
    launchSeries(t.ctx, t.ws, s.id);
    await track(t, c, "browse");
    saveDefinition(t.ctx, t.ws, s.id, onEvent("signup"));
    await track(t, c, "signin");
    expect(trips(t, s.id, c)).toBe(0);
    await track(t, c, "signup");
    expect(trips(t, s.id, c)).toBe(1);
  });

  it("an enrollment waiting for an event moves on it, also after a new version waits for another one", async () => {
    t = seriesTest(T0);
    const waitFor = (event: string): SeriesDefinition => ({
      entry: { type: "manual" }, goal: null, exits: [], reentry: "never",
      steps: [{ id: "w", type: "wait", mode: "event", event, timeout: { amount: 3, unit: "days" }, yes: [tagStep("y", `did-${event}`)], no: [] }],
    });
    const s = createSeries(t.ctx, t.ws, { name: "Waits", definition: waitFor("invited") });
    launchSeries(t.ctx, t.ws, s.id);
    const [old, fresh] = [contact(t, "Old"), contact(t, "New")];
    enrollContact(t.ctx, t.ws, s.id, old, "api");
    saveDefinition(t.ctx, t.ws, s.id, waitFor("shared"));
    enrollContact(t.ctx, t.ws, s.id, fresh, "api");
    await t.ctx.bus.settled();
    t.clock.advance(MINUTE);
    await track(t, old, "browse");
    await track(t, fresh, "invited");
    expect(listContactTags(t.ctx, fresh)).toEqual([]);
    expect(listContactEnrollments(t.ctx, s.id, old)[0]!.status).toBe("active");
    await track(t, old, "invited");
    expect(listContactTags(t.ctx, old).map((x) => x.name)).toEqual(["did-invited"]);
    await track(t, fresh, "shared");
    expect(listContactTags(t.ctx, fresh).map((x) => x.name)).toEqual(["did-shared"]);
  });
});
