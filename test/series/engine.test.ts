import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { contacts } from "../../src/db/schema/index.js";
import { DAY, HOUR, MINUTE } from "../../src/lib/clock.js";
import { getMessage } from "../../src/outbound/index.js";
import {
  archiveSeries, enrollContact, getSeries, launchSeries, listContactEnrollments, listVersions, pauseSeries, saveDefinition, type SeriesDefinition, type Step,
} from "../../src/series/index.js";
import { findOrCreateTag, listContactTags, tagContact } from "../../src/tags/index.js";
import { T0 } from "../helpers/app.js";
import { contact, liveSeries, sends, seriesTest, track, type SeriesTest } from "./helpers.js";

const email = (id: string, subject = id): Step => ({ id, type: "send", name: id, channel: "email", variants: [{ subject, body: `Body of ${id}` }] });
const wait = (id: string, amount: number, unit: "minutes" | "hours" | "days" = "days"): Step => ({ id, type: "wait", mode: "duration", duration: { amount, unit } });
const manual = (steps: Step[], extra: Partial<SeriesDefinition> = {}): SeriesDefinition => ({ entry: { type: "manual" }, steps, goal: null, exits: [], reentry: "never", ...extra });

/** Moves the clock hour by hour, running the job each hour, up to `hours`. */
async function runFor(t: SeriesTest, hours: number): Promise<void> {
  for (let h = 0; h < hours; h++) {
    t.clock.advance(HOUR);
    await t.runJob("series.advance");
    await t.ctx.bus.settled();
  }
}

describe("series engine", { timeout: 60_000 }, () => {
  let t: SeriesTest;
  afterEach(() => t.close());

  it("wait-until-event takes the 'did it' path when the event comes, the timeout path when it does not", async () => {
    t = seriesTest(T0);
    const id = liveSeries(t, "invite_follow_up");
    const [doer, idler] = [contact(t, "Doer"), contact(t, "Idler")];
    await t.ctx.bus.settled();
    await track(t, doer, "project_created");
    await track(t, idler, "project_created");
    await runFor(t, 20);
    await track(t, doer, "teammate_invited");
    expect(listContactTags(t.ctx, doer).map((x) => x.name)).toEqual(["team-account"]);
    expect(listContactEnrollments(t.ctx, id, doer)[0]!.status).toBe("completed");
    await runFor(t, 3 * 24);
    expect(sends(t, id, doer)).toEqual([]);
    expect(sends(t, id, idler).map((s) => [s.step, s.at - T0])).toEqual([["invite_nudge", 3 * DAY]]);
    expect(listContactTags(t.ctx, idler)).toEqual([]);
  });

  it("an event entry honours metadata conditions and the re-entry policy", async () => {
    t = seriesTest(T0);
    const def = (reentry: SeriesDefinition["reentry"]): SeriesDefinition => ({
      entry: { type: "event", event: "upgraded", where: [{ key: "plan", op: "eq", value: "pro" }] }, steps: [email("thanks")], goal: null, exits: [], reentry,
    });
    const never = liveSeries(t, def("never"), "never");
    const every = liveSeries(t, def("every_time"), "every");
    const c = contact(t, "Ann");
    await track(t, c, "upgraded", { plan: "basic" });
    expect(sends(t, never, c)).toEqual([]);
    t.clock.advance(MINUTE);
    await track(t, c, "upgraded", { plan: "PRO" });
    t.clock.advance(MINUTE);
    await track(t, c, "upgraded", { plan: "pro" });
    expect(sends(t, never, c).length).toBe(1);
    expect(sends(t, every, c).length).toBe(2);
  });

  it("after_exit lets a contact back in only once the previous trip ended", async () => {
    t = seriesTest(T0);
    const id = liveSeries(t, manual([email("hello"), wait("w", 1)], { reentry: "after_exit" }));
    const c = contact(t, "Bo");
    expect("enrollment" in enrollContact(t.ctx, t.ws, id, c, "api")).toBe(true);
    expect(enrollContact(t.ctx, t.ws, id, c, "api")).toEqual({ skipped: "already_enrolled" });
    await runFor(t, 25);
    expect("enrollment" in enrollContact(t.ctx, t.ws, id, c, "api")).toBe(true);
    expect(sends(t, id, c).map((s) => s.step)).toEqual(["hello", "hello"]);
  });

  it("goal and exit rules stop the sends that would have followed", async () => {
    t = seriesTest(T0);
    const churned = findOrCreateTag(t.ctx, t.ws, "churned");
    const id = liveSeries(t, manual([email("one"), wait("w1", 1), email("two"), wait("w2", 1), email("three")], {
      goal: { event: "purchased" }, exits: [{ condition: { match: "all", conditions: [{ tag: "churned", op: "has" }] } }],
    }));
    const [buyer, churner, plain] = [contact(t, "Buyer"), contact(t, "Churner"), contact(t, "Plain")];
    for (const c of [buyer, churner, plain]) enrollContact(t.ctx, t.ws, id, c, "admin");
    await runFor(t, 30);
    await track(t, buyer, "purchased");
    tagContact(t.ctx, t.ws, churner, churned.id);
    t.ctx.bus.publish("contact.updated", { workspaceId: t.ws, contactId: churner });
    await t.ctx.bus.settled();
    await runFor(t, 30);
    expect(sends(t, id, buyer).map((s) => s.step)).toEqual(["one", "two"]);
    expect(sends(t, id, churner).map((s) => s.step)).toEqual(["one", "two"]);
    expect(sends(t, id, plain).map((s) => s.step)).toEqual(["one", "two", "three"]);
    expect(listContactEnrollments(t.ctx, id, buyer)[0]).toMatchObject({ status: "goal", endedStepId: "w2" });
    expect(listContactEnrollments(t.ctx, id, churner)[0]).toMatchObject({ status: "exited", endedStepId: "w2" });
  });

  it("editing a live series makes a new version; enrolled contacts finish theirs, never stranded or messaged twice", async () => {
    t = seriesTest(T0);
    const id = liveSeries(t, manual([email("a"), wait("w", 1), email("b")]));
    saveDefinition(t.ctx, t.ws, id, manual([email("a"), wait("w", 2), email("b")]));
    // Launched versions own live messages, so even an unused one is not rewritten in place.
    expect(listVersions(t.ctx, id).map((v) => v.number)).toEqual([2, 1]);
    const early = contact(t, "Early");
    enrollContact(t.ctx, t.ws, id, early, "api");
    saveDefinition(t.ctx, t.ws, id, manual([email("a", "A, v3"), wait("w", 1), email("c")]));
    expect(listVersions(t.ctx, id).map((v) => v.number)).toEqual([3, 2, 1]);
    const late = contact(t, "Late");
    enrollContact(t.ctx, t.ws, id, late, "api");
    await runFor(t, 3 * 24);
    expect(sends(t, id, early).map((s) => [s.step, s.at - T0])).toEqual([["a", 0], ["b", 2 * DAY]]);
    expect(sends(t, id, late).map((s) => [s.step, s.at - T0])).toEqual([["a", 0], ["c", DAY]]);
    expect(listContactEnrollments(t.ctx, id, early)[0]!.status).toBe("completed");
  });

  it("a paused series holds its contacts and resumes where they were", async () => {
    t = seriesTest(T0);
    const id = liveSeries(t, manual([wait("w", 1), email("later")]));
    const c = contact(t, "Pat");
    enrollContact(t.ctx, t.ws, id, c, "api");
    pauseSeries(t.ctx, t.ws, id);
    expect(enrollContact(t.ctx, t.ws, id, contact(t, "Nope"), "api")).toEqual({ skipped: "not_live" });
    await runFor(t, 30);
    expect(sends(t, id, c)).toEqual([]);
    launchSeries(t.ctx, t.ws, id);
    expect(getSeries(t.ctx, t.ws, id).status).toBe("live");
    await runFor(t, 1);
    expect(sends(t, id, c).map((s) => [s.step, s.at - T0])).toEqual([["later", 31 * HOUR]]);
    const other = contact(t, "Arch");
    enrollContact(t.ctx, t.ws, id, other, "api");
    archiveSeries(t.ctx, t.ws, id);
    expect(listContactEnrollments(t.ctx, id, other)[0]).toMatchObject({ status: "exited", endedStepId: "w" });
    const messageId = listVersions(t.ctx, id)[0]!.messageIds.later!;
    expect(getMessage(t.ctx, t.ws, messageId).status).toBe("archived");
  });

  it("waits until a time of day in the contact's time zone, splits at random stably, and acts on the contact", async () => {
    t = seriesTest(T0);
    const id = liveSeries(t, manual([
      { id: "nine", type: "wait", mode: "time_of_day", hour: 9, minute: 0 },
      { id: "r", type: "split", mode: "random", branches: [{ label: "A", percent: 50, steps: [{ id: "ta", type: "act", action: "tag_add", tag: "path-a" }] }, { label: "B", percent: 50, steps: [{ id: "sb", type: "act", action: "set_attribute", attribute: "path", value: "b" }] }] },
    ]));
    const tokyo = contact(t, "Kei");
    t.ctx.db.update(contacts).set({ timezone: "Asia/Tokyo" }).where(eq(contacts.id, tokyo)).run();
    enrollContact(t.ctx, t.ws, id, tokyo, "api");
    // T0 is 12:00 UTC = 21:00 in Tokyo: 09:00 Tokyo next day is 00:00 UTC, 12 hours later.
    await runFor(t, 11);
    expect(listContactEnrollments(t.ctx, id, tokyo)[0]!.stepId).toBe("nine");
    await runFor(t, 1);
    const e = listContactEnrollments(t.ctx, id, tokyo)[0]!;
    expect(e.status).toBe("completed");
    const tagged = listContactTags(t.ctx, tokyo).some((x) => x.name === "path-a");
    const attr = t.ctx.db.select({ a: contacts.customAttributes }).from(contacts).where(eq(contacts.id, tokyo)).get()!.a.path;
    expect(tagged !== (attr === "b")).toBe(true);
    const cohort = Array.from({ length: 60 }, (_, i) => contact(t, `R${i}`));
    cohort.forEach((c) => enrollContact(t.ctx, t.ws, id, c, "api"));
    await runFor(t, 24);
    const paths = { a: 0, b: 0 };
    for (const c of cohort) paths[listContactTags(t.ctx, c).length ? "a" : "b"]++;
    expect(paths.a).toBeGreaterThan(10);
    expect(paths.b).toBeGreaterThan(10);
  });
});
