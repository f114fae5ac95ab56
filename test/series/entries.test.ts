import { afterEach, describe, expect, it } from "vitest";
import { DAY, HOUR } from "../../src/lib/clock.js";
import { createSegment } from "../../src/segments/index.js";
import { listContactEnrollments, type Step } from "../../src/series/index.js";
import { findOrCreateTag, tagContact } from "../../src/tags/index.js";
import { T0 } from "../helpers/app.js";
import { contact, liveSeries, sends, seriesTest, type SeriesTest } from "./helpers.js";

const hello: Step = { id: "hello", type: "send", name: "Hello", channel: "email", variants: [{ subject: "Hello", body: "Hi" }] };

describe("series entry rules", { timeout: 60_000 }, () => {
  let t: SeriesTest;
  afterEach(() => t.close());

  it("entering a segment enrolls at once", async () => {
    t = seriesTest(T0);
    const vip = findOrCreateTag(t.ctx, t.ws, "vip");
    const seg = createSegment(t.ctx, t.ws, { name: "VIPs", match: "all", conditions: [{ tag: vip.id, op: "has" }] });
    const id = liveSeries(t, { entry: { type: "segment", segmentId: seg.id }, steps: [hello], exits: [], reentry: "never" });
    const c = contact(t, "Vic");
    await t.ctx.bus.settled();
    expect(sends(t, id, c)).toEqual([]);
    tagContact(t.ctx, t.ws, c, vip.id);
    t.ctx.bus.publish("contact.updated", { workspaceId: t.ws, contactId: c });
    await t.ctx.bus.settled();
    expect(sends(t, id, c).map((s) => s.step)).toEqual(["hello"]);
    expect(listContactEnrollments(t.ctx, id, c)[0]!.source).toBe("segment");
  });

  it("N days after a date attribute: the job enrolls each contact once, when their date comes due after launch", async () => {
    t = seriesTest(T0);
    const early = contact(t, "Early", { signedUpAt: T0 - 10 * DAY });
    const soon = contact(t, "Soon", { signedUpAt: T0 - 6 * DAY - HOUR });
    const later = contact(t, "Later", { signedUpAt: T0 - 2 * DAY });
    await t.ctx.bus.settled();
    const id = liveSeries(t, { entry: { type: "date", attribute: "signed_up_at", days: 7 }, steps: [hello], exits: [], reentry: "every_time" });
    for (let h = 1; h <= 6 * 24; h++) {
      t.clock.set(T0 + h * HOUR);
      await t.runJob("series.advance");
    }
    // Early's date was due before launch; Soon's came due 23 hours in, Later's 5 days in. Each once.
    expect(sends(t, id, early)).toEqual([]);
    expect(sends(t, id, soon).map((s) => s.at - T0)).toEqual([23 * HOUR]);
    expect(sends(t, id, later).map((s) => s.at - T0)).toEqual([5 * DAY]);
  });
});
