import { afterEach, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../helpers/app.js";
import type { BusPayload } from "../../src/lib/bus.js";

let t: TestApp;
afterEach(() => t?.close());

/** Listeners (segments, messages, series) read nothing back when the event's payload carries what they need. */
describe("event.ingested payload", () => {
  it("carries the stored event and says whether the contact row changed", async () => {
    t = makeTestApp();
    const seen: BusPayload[] = [];
    t.ctx.bus.on("event.ingested", (p) => void seen.push(p));
    const track = async (userId: string) =>
      expect((await t.segment("/v1/track", { userId, event: " Project Created ", properties: { plan: "pro", seats: 3, nested: { a: 1 } } })).status).toBe(200);
    await track("u-1");
    t.clock.advance(10_000);
    await track("u-1");
    await t.ctx.bus.settled();
    expect(seen).toHaveLength(2);
    const ids = t.ctx.db.$client.prepare("SELECT id, created_at AS at, metadata FROM events ORDER BY id").all() as { id: string; at: number; metadata: string }[];
    expect(seen.map((p) => p.eventId)).toEqual(ids.map((r) => r.id));
    expect(seen[1]).toMatchObject({ name: "Project Created", metadata: JSON.parse(ids[1]!.metadata), createdAt: ids[1]!.at });
    expect(seen[1]!.metadata).toMatchObject({ plan: "pro", seats: 3 });
    // The first call created the contact; the second, ten seconds later from the same place, wrote nothing on it.
    expect(seen.map((p) => p.profileChanged)).toEqual([true, false]);
  });

  it("Intercom's events API says the contact row is untouched", async () => {
    t = makeTestApp();
    await t.segment("/v1/identify", { userId: "u-9", traits: { email: "u9@example.com" } });
    const seen: BusPayload[] = [];
    t.ctx.bus.on("event.ingested", (p) => void seen.push(p));
    const res = await t.api("POST", "/api/events", { event_name: "invited", user_id: "u-9", created_at: 1_700_000_000, metadata: { to: 2 } });
    expect(res.status).toBe(202);
    await t.ctx.bus.settled();
    expect(seen).toEqual([expect.objectContaining({ name: "invited", metadata: { to: 2 }, createdAt: 1_700_000_000_000, profileChanged: false })]);
    expect(typeof seen[0]!.eventId).toBe("string");
  });
});
