import { afterEach, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../helpers/app.js";
import { WriteBatcher } from "../../src/db/batcher.js";
import { DEFAULT_APPLY, identifyContact } from "../../src/contacts/index.js";
import { recordEvent } from "../../src/events/index.js";
import { withTx } from "../../src/context.js";
import { events } from "../../src/db/schema/index.js";

let t: TestApp;
afterEach(() => t?.close());

describe("group commit", () => {
  it("commits jobs of one tick together and rolls back only the failing one", async () => {
    t = makeTestApp();
    const client = t.ctx.db.$client;
    const c = withTx(t.ctx, () => identifyContact(t.ctx, t.workspace.id, { userId: "u1" }, {}, DEFAULT_APPLY)).contact;
    const b = new WriteBatcher(client);
    const seen: boolean[] = [];
    const ok = (i: number) => () => {
      seen.push(client.inTransaction);
      return recordEvent(t.ctx, t.workspace.id, c.id, { name: `e${i}`, createdAt: t.clock.now() });
    };
    const results = await Promise.allSettled([
      b.run(ok(1)),
      b.run(() => { recordEvent(t.ctx, t.workspace.id, c.id, { name: "half-written", createdAt: 1 }); throw new Error("boom"); }),
      b.run(ok(2)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(seen).toEqual([true, true]);
    const names = t.ctx.db.select({ n: events.name }).from(events).all().map((r) => r.n).sort();
    expect(names).toEqual(["e1", "e2"]);
  });

  it("deduplicates by message id", () => {
    t = makeTestApp();
    const c = withTx(t.ctx, () => identifyContact(t.ctx, t.workspace.id, { userId: "u2" }, {}, DEFAULT_APPLY)).contact;
    const first = withTx(t.ctx, () => recordEvent(t.ctx, t.workspace.id, c.id, { name: "x", createdAt: 5, messageId: "m-1" }));
    const again = withTx(t.ctx, () => recordEvent(t.ctx, t.workspace.id, c.id, { name: "x", createdAt: 6, messageId: "m-1" }));
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ id: first.id, duplicate: true });
    expect(t.ctx.db.select().from(events).all()).toHaveLength(1);
  });
});
