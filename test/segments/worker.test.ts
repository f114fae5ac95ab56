import { afterEach, describe, expect, it } from "vitest";
import { DAY } from "../../src/lib/clock.js";
import { compileStored, createSegment, evaluateAll, listSizes, openMemberIds, refreshSegments } from "../../src/segments/index.js";
import { segmentReader, setSegmentReadMode } from "../../src/segments/worker-reader.js";
import { fileCtx, seedLogins } from "./file-db.js";

// Starting a worker loads the sources through tsx: seconds on a busy machine.
describe("segment reads on a worker thread (database files)", { timeout: 60_000 }, () => {
  let done: (() => void) | undefined;
  afterEach(() => done?.());

  it("evaluates on the worker exactly as inline, and the refresh job applies time's changes from it", async () => {
    const { ctx, clock, ws, close } = fileCtx();
    done = close;
    seedLogins(ctx, ws, 12);
    const seg = createSegment(ctx, ws, { name: "Active", match: "all", conditions: [{ event: "login", op: "count_gte", value: 3, within_days: 5 }] });
    const compiled = compileStored(ctx, seg);
    const reader = segmentReader(ctx);
    expect(reader.offThread).toBe(true);
    const inline = evaluateAll(ctx.db.$client, compiled, clock.now()).sort();
    expect(inline.length).toBeGreaterThan(0);
    expect((await reader.evaluateAll(compiled, clock.now())).sort()).toEqual(inline);
    expect([...openMemberIds(ctx, seg.id)].sort()).toEqual(inline);

    const exited: string[] = [];
    ctx.bus.on("segment.exited", (p) => void exited.push(String(p.contactId)));
    clock.advance(3 * DAY);
    const report = await refreshSegments(ctx);
    const after = evaluateAll(ctx.db.$client, compiled, clock.now()).sort();
    expect(after.length).toBeLessThan(inline.length);
    expect([...openMemberIds(ctx, seg.id)].sort()).toEqual(after);
    expect(exited.sort()).toEqual(inline.filter((id) => !after.includes(id)).sort());
    expect(report.changes).toBe(exited.length);
    // Sizes are counted on the worker, after every change was applied.
    expect(listSizes(ctx, seg.id, "hour").at(-1)?.count).toBe(after.length);
  });

  it("never undoes activity that landed after the worker read: each chunk is re-checked before it is written", async () => {
    const { ctx, clock, ws, close } = fileCtx();
    done = close;
    seedLogins(ctx, ws, 6);
    const seg = createSegment(ctx, ws, { name: "Active", match: "all", conditions: [{ event: "login", op: "count_gte", value: 3, within_days: 5 }] });
    expect(openMemberIds(ctx, seg.id).has("ct_3")).toBe(true);
    const reader = segmentReader(ctx);
    const original = reader.refreshDiff.bind(reader);
    // The worker answers from before ct_3's three new logins (it sees ct_3 leaving); they commit before the job writes.
    reader.refreshDiff = async (compiled, id, t0, t1, above) => {
      const r = await original(compiled, id, t0, t1, above);
      const ins = ctx.db.$client.prepare("INSERT INTO events (id, workspace_id, contact_id, name, created_at, received_at) VALUES (?, ?, 'ct_3', 'login', ?, ?)");
      for (let k = 0; k < 3; k++) ins.run(`ev_new_${k}`, ws, t1 - 1000 - k, t1);
      return r;
    };
    const exited: string[] = [];
    ctx.bus.on("segment.exited", (p) => void exited.push(String(p.contactId)));
    clock.advance(3 * DAY);
    await refreshSegments(ctx);
    const truth = evaluateAll(ctx.db.$client, compileStored(ctx, seg), clock.now()).sort();
    expect(truth).toContain("ct_3");
    expect(truth).not.toContain("ct_4");
    expect([...openMemberIds(ctx, seg.id)].sort()).toEqual(truth);
    expect(exited).toContain("ct_4");
    expect(exited).not.toContain("ct_3");
  });

  it("runs inline when asked to, with the same result", async () => {
    const { ctx, clock, ws, close } = fileCtx();
    done = close;
    seedLogins(ctx, ws, 8);
    setSegmentReadMode(ctx, "inline");
    const seg = createSegment(ctx, ws, { name: "Signed up", match: "all", conditions: [{ attribute: "signed_up_at", op: "more_than_days_ago", value: 4 }] });
    expect(segmentReader(ctx).offThread).toBe(false);
    clock.advance(2 * DAY);
    await refreshSegments(ctx);
    expect([...openMemberIds(ctx, seg.id)].sort()).toEqual(evaluateAll(ctx.db.$client, compileStored(ctx, seg), clock.now()).sort());
  });
});
