import { describe, expect, it } from "vitest";
import { FakeClock, MINUTE } from "../../src/lib/clock.js";
import { Hub, parseEventId, type HubMessage } from "../../src/realtime/index.js";

const T0 = Date.UTC(2026, 0, 15);

function collector() {
  const got: HubMessage[] = [];
  return { got, deliver: (m: HubMessage) => got.push(m) };
}

describe("hub", () => {
  it("delivers to subscribers of a topic in order, with increasing seqs, until unsubscribed", () => {
    const hub = new Hub({ clock: new FakeClock(T0) });
    const a = collector();
    const b = collector();
    const offA = hub.subscribe(["t:1"], a);
    hub.subscribe(["t:1", "t:2"], b);
    hub.publish("t:1", "x", { n: 1 });
    hub.publish("t:2", "x", { n: 2 });
    offA();
    hub.publish("t:1", "x", { n: 3 });
    expect(a.got.map((m) => m.data)).toEqual([{ n: 1 }]);
    expect(b.got.map((m) => m.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    const seqs = b.got.map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(b.got[0]!.frame).toBe(`id: ${b.got[0]!.seq}-0\nevent: x\ndata: {"n":1}\n\n`);
  });

  it("replays exactly the buffered messages after a position, across topics, in seq order", () => {
    const hub = new Hub({ clock: new FakeClock(T0) });
    hub.publish("a", "m", 1);
    const from = hub.position();
    hub.publish("b", "m", 2, { cursor: 7 });
    hub.publish("other", "m", 3);
    hub.publish("a", "m", 4);
    hub.publish("a", "typing", 5, { ephemeral: true });
    const r = hub.replay(["a", "b"], from);
    expect(r).toMatchObject({ items: [], reset: false });
    expect(r.messages.map((m) => m.data)).toEqual([2, 4]);
    expect(r.messages[1]!.cursor).toBe(7);
    expect(hub.replay(["a", "b"], hub.position()).messages).toEqual([]);
    expect(parseEventId(hub.eventId())).toEqual(hub.position());
  });

  it("falls back to the topic's source when the buffer lost messages, and to reset without one", () => {
    const hub = new Hub({ clock: new FakeClock(T0), bufferSize: 2 });
    const calls: unknown[] = [];
    hub.setReplaySource("conversation", (topic, after, upTo) => {
      calls.push([topic, after, upTo]);
      return [{ event: "part", data: "p9", cursor: 9 }, { event: "part", data: "p8", cursor: 8 }];
    });
    const from = hub.position();
    for (const n of [8, 9, 10]) hub.publish("conversation:1", "part", n, { cursor: n });
    expect(hub.replay(["conversation:1"], { ...from, cursor: 7 })).toMatchObject({ messages: [], reset: false, items: [{ data: "p8" }, { data: "p9" }] });
    expect(calls).toEqual([["conversation:1", 7, 10]]);
    // Still covered from the second message on.
    expect(hub.replay(["conversation:1"], { seq: from.seq + 1, cursor: 8 }).messages.map((m) => m.data)).toEqual([9, 10]);
    expect(hub.replay(["inbox:w"], { seq: from.seq - 5, cursor: 0 }).reset).toBe(true);
  });

  it("treats positions from another process as not covered (restart) and never reuses a seq", () => {
    const clock = new FakeClock(T0);
    const before = new Hub({ clock });
    before.publish("a", "m", 1);
    const old = before.position();
    clock.advance(1_000);
    const after = new Hub({ clock });
    expect(after.startSeq).toBeGreaterThan(old.seq);
    after.publish("a", "m", 2);
    expect(after.replay(["a"], old).reset).toBe(true);
    expect(after.replay(["a"], { seq: after.position().seq + 5, cursor: 0 }).reset).toBe(true);
  });

  it("ages buffers out and forgets unused topics; what they held is then not covered", () => {
    const clock = new FakeClock(T0);
    const hub = new Hub({ clock, retentionMs: 10 * MINUTE });
    const from = hub.position();
    hub.publish("a", "m", 1);
    hub.sweep();
    expect(hub.stats()).toMatchObject({ topics: 1, buffered: 1 });
    expect(hub.replay(["a"], from).messages).toHaveLength(1);
    clock.advance(11 * MINUTE);
    hub.sweep();
    expect(hub.stats()).toMatchObject({ topics: 0, buffered: 0 });
    expect(hub.replay(["a"], from).reset).toBe(true);
    expect(hub.replay(["a"], hub.position()).reset).toBe(false);
  });

  it("reports presence: subscribers and last activity", () => {
    const clock = new FakeClock(T0);
    const hub = new Hub({ clock });
    expect(hub.presence("contact:x")).toEqual({ subscribers: 0, lastActiveAt: null, lastSubscribedAt: null });
    const off = hub.subscribe(["contact:x"], collector());
    expect(hub.presence("contact:x")).toEqual({ subscribers: 1, lastActiveAt: T0, lastSubscribedAt: T0 });
    clock.advance(MINUTE);
    off();
    expect(hub.presence("contact:x")).toEqual({ subscribers: 0, lastActiveAt: T0 + MINUTE, lastSubscribedAt: T0 + MINUTE });
    // A message moves the activity time but not "last had a stream".
    clock.advance(MINUTE);
    hub.publish("contact:x", "part", {});
    expect(hub.presence("contact:x")).toEqual({ subscribers: 0, lastActiveAt: T0 + 2 * MINUTE, lastSubscribedAt: T0 + MINUTE });
  });
});
