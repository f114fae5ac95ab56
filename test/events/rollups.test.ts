import { afterEach, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../helpers/app.js";
import { WriteBatcher } from "../../src/db/batcher.js";
import { DEFAULT_APPLY, identifyContact, mergeContactRows, type Contact } from "../../src/contacts/index.js";
import { recordEvent } from "../../src/events/index.js";
import { withTx } from "../../src/context.js";

let t: TestApp;
afterEach(() => t?.close());

const contact = (claims: { userId?: string; anonymousId?: string }): Contact =>
  withTx(t.ctx, () => identifyContact(t.ctx, t.workspace.id, claims, {}, DEFAULT_APPLY)).contact;

function summaries(): { contactId: string; name: string; count: number; firstAt: number; lastAt: number }[] {
  return t.ctx.db.$client
    .prepare("SELECT contact_id AS contactId, name, count, first_at AS firstAt, last_at AS lastAt FROM event_summaries ORDER BY contact_id, name")
    .all() as never;
}

function catalogue(): Record<string, number> {
  const rows = t.ctx.db.$client.prepare("SELECT name, count FROM event_names").all() as { name: string; count: number }[];
  return Object.fromEntries(rows.map((r) => [r.name, r.count]));
}

/** The invariant the summaries keep: per contact and name, exactly what the events table holds. */
function fromEvents(): { contactId: string; name: string; count: number; firstAt: number; lastAt: number }[] {
  return t.ctx.db.$client
    .prepare(`SELECT contact_id AS contactId, name, count(*) AS count, min(created_at) AS firstAt, max(created_at) AS lastAt
      FROM events GROUP BY contact_id, name ORDER BY contact_id, name`)
    .all() as never;
}

describe("event rollups in a group commit", () => {
  it("sums one commit's events per contact and name, with the earliest and latest times", async () => {
    t = makeTestApp();
    const a = contact({ userId: "a" });
    const b = contact({ userId: "b" });
    const batcher = new WriteBatcher(t.ctx.db.$client);
    const rec = (c: Contact, name: string, at: number) => batcher.run(() => recordEvent(t.ctx, t.workspace.id, c.id, { name, createdAt: at }));
    await Promise.all([rec(a, "signed-in", 30), rec(a, "signed-in", 10), rec(b, "signed-in", 20), rec(a, "paid", 40), rec(a, "signed-in", 50)]);
    expect(summaries()).toEqual(fromEvents());
    expect(summaries().find((s) => s.contactId === a.id && s.name === "signed-in")).toMatchObject({ count: 3, firstAt: 10, lastAt: 50 });
    expect(catalogue()).toEqual({ "signed-in": 4, paid: 1 });
    // A later commit adds to the stored rows.
    await rec(a, "signed-in", 5);
    expect(summaries()).toEqual(fromEvents());
    expect(catalogue()["signed-in"]).toBe(5);
  });

  it("leaves out the counts of a job whose savepoint rolled back", async () => {
    t = makeTestApp();
    const a = contact({ userId: "a" });
    const batcher = new WriteBatcher(t.ctx.db.$client);
    const results = await Promise.allSettled([
      batcher.run(() => recordEvent(t.ctx, t.workspace.id, a.id, { name: "kept", createdAt: 1 })),
      batcher.run(() => {
        recordEvent(t.ctx, t.workspace.id, a.id, { name: "kept", createdAt: 2 });
        recordEvent(t.ctx, t.workspace.id, a.id, { name: "lost", createdAt: 2 });
        throw new Error("boom");
      }),
      batcher.run(() => recordEvent(t.ctx, t.workspace.id, a.id, { name: "kept", createdAt: 3 })),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(summaries()).toEqual(fromEvents());
    expect(summaries().map((s) => [s.name, s.count])).toEqual([["kept", 2]]);
    expect(catalogue()).toEqual({ kept: 2 });
  });

  it("writes a lead's pending counts before a merge in the same commit moves its events", async () => {
    t = makeTestApp();
    const lead = contact({ anonymousId: "anon-1" });
    const user = contact({ userId: "u-1" });
    const batcher = new WriteBatcher(t.ctx.db.$client);
    await Promise.all([
      batcher.run(() => recordEvent(t.ctx, t.workspace.id, lead.id, { name: "viewed", createdAt: 1 })),
      batcher.run(() => recordEvent(t.ctx, t.workspace.id, user.id, { name: "viewed", createdAt: 2 })),
      batcher.run(() => {
        recordEvent(t.ctx, t.workspace.id, lead.id, { name: "viewed", createdAt: 3 });
        return mergeContactRows(t.ctx, lead, user, "identify");
      }),
      batcher.run(() => recordEvent(t.ctx, t.workspace.id, user.id, { name: "viewed", createdAt: 4 })),
    ]);
    expect(summaries()).toEqual(fromEvents());
    expect(summaries()).toEqual([{ contactId: user.id, name: "viewed", count: 4, firstAt: 1, lastAt: 4 }]);
    expect(catalogue()).toEqual({ viewed: 4 });
  });

  it("keeps earlier jobs' counts when a job that wrote them early (for a merge) then rolls back", async () => {
    t = makeTestApp();
    const a = contact({ userId: "a" });
    const lead = contact({ anonymousId: "anon-2" });
    const user = contact({ userId: "u-2" });
    const batcher = new WriteBatcher(t.ctx.db.$client);
    const results = await Promise.allSettled([
      batcher.run(() => recordEvent(t.ctx, t.workspace.id, a.id, { name: "paid", createdAt: 1 })),
      batcher.run(() => {
        recordEvent(t.ctx, t.workspace.id, lead.id, { name: "viewed", createdAt: 2 });
        mergeContactRows(t.ctx, lead, user, "identify");
        throw new Error("after the merge");
      }),
      batcher.run(() => recordEvent(t.ctx, t.workspace.id, a.id, { name: "paid", createdAt: 3 })),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(summaries()).toEqual(fromEvents());
    expect(summaries()).toEqual([{ contactId: a.id, name: "paid", count: 2, firstAt: 1, lastAt: 3 }]);
    expect(catalogue()).toEqual({ paid: 2 });
  });

  it("writes at once outside a group commit", () => {
    t = makeTestApp();
    const a = contact({ userId: "a" });
    withTx(t.ctx, () => recordEvent(t.ctx, t.workspace.id, a.id, { name: "x", createdAt: 7 }));
    expect(summaries()).toEqual([{ contactId: a.id, name: "x", count: 1, firstAt: 7, lastAt: 7 }]);
  });
});
