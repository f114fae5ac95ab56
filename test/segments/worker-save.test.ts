import { afterEach, describe, expect, it } from "vitest";
import {
  compileStored, countMembersOffThread, createSegmentOffThread, listSegmentSummaries, evaluateAll, getSegment, openMemberIds, previewDefinition, previewDefinitionOffThread, updateSegmentOffThread,
} from "../../src/segments/index.js";
import { segmentReader } from "../../src/segments/worker-reader.js";
import { DIFF_PAGE } from "../../src/segments/worker-pages.js";
import { fileApi, fileCtx, seedLogins, seedSignups } from "./file-db.js";

const ACTIVE = { match: "all", conditions: [{ event: "login", op: "count_gte", value: 3, within_days: 5 }] };

/** Who entered and left, as published on the bus. */
function watchBus(ctx: ReturnType<typeof fileCtx>["ctx"]) {
  const seen = { entered: [] as string[], exited: [] as string[] };
  ctx.bus.on("segment.entered", (p) => void seen.entered.push(String(p.contactId)));
  ctx.bus.on("segment.exited", (p) => void seen.exited.push(String(p.contactId)));
  return seen;
}

// Saving and previewing on a database file: the full evaluation runs on the worker thread.
describe("saving and previewing segments with the worker (database files)", { timeout: 60_000 }, () => {
  let done: (() => void) | undefined;
  afterEach(() => done?.());

  it("POST and PUT /api/segments answer with every member stored and published", async () => {
    const { ctx, clock, ws, close } = fileCtx();
    done = close;
    seedLogins(ctx, ws, 12);
    const api = fileApi(ctx, ws);
    const seen = watchBus(ctx);
    expect(segmentReader(ctx).offThread).toBe(true);

    const created = (await (await api("POST", "/api/segments", { name: "Active", ...ACTIVE })).json()) as { id: string; count: number };
    const seg = getSegment(ctx, ws, created.id);
    const first = evaluateAll(ctx.db.$client, compileStored(ctx, seg), clock.now()).sort();
    expect(first.length).toBeGreaterThan(3);
    expect(created.count).toBe(first.length);
    expect([...openMemberIds(ctx, seg.id)].sort()).toEqual(first);
    await ctx.bus.settled();
    expect(seen.entered.sort()).toEqual(first);

    // A segment referring to it is recomputed after it, before the answer.
    const dep = (await (await api("POST", "/api/segments", { name: "Not active", match: "all", conditions: [{ segment: seg.id, op: "not_in" }] })).json()) as { id: string; count: number };
    expect(dep.count).toBe(12 - first.length);

    const updated = (await (await api("PUT", `/api/segments/${seg.id}`, { conditions: [{ event: "login", op: "count_gte", value: 5, within_days: 5 }] })).json()) as { count: number };
    const second = evaluateAll(ctx.db.$client, compileStored(ctx, getSegment(ctx, ws, seg.id)), clock.now()).sort();
    expect(second.length).toBeLessThan(first.length);
    expect(updated.count).toBe(second.length);
    expect([...openMemberIds(ctx, seg.id)].sort()).toEqual(second);
    await ctx.bus.settled();
    expect(seen.exited.filter((id) => first.includes(id)).sort()).toEqual(first.filter((id) => !second.includes(id)));
    expect(openMemberIds(ctx, dep.id).size).toBe(12 - second.length);
  });

  it("applies a difference larger than one page from the worker, both ways, checkpointing the WAL there", async () => {
    const { ctx, clock, ws, log, close } = fileCtx();
    done = close;
    const n = 2 * DIFF_PAGE + 500;
    seedSignups(ctx, ws, n);
    const seen = watchBus(ctx);
    const seg = await createSegmentOffThread(ctx, ws, { name: "Older", match: "all", conditions: [{ attribute: "signed_up_at", op: "more_than_days_ago", value: 1 }] });
    const older = evaluateAll(ctx.db.$client, compileStored(ctx, seg), clock.now());
    expect(older.length).toBeGreaterThan(2 * DIFF_PAGE);
    expect(openMemberIds(ctx, seg.id).size).toBe(older.length);
    await ctx.bus.settled();
    expect(new Set(seen.entered)).toEqual(new Set(older));
    await updateSegmentOffThread(ctx, ws, seg.id, { conditions: [{ attribute: "signed_up_at", op: "less_than_days_ago", value: 1 }] });
    const newer = evaluateAll(ctx.db.$client, compileStored(ctx, getSegment(ctx, ws, seg.id)), clock.now()).sort();
    // Contact 24 signed up exactly a day ago: in neither.
    expect(newer.length).toBe(n - older.length - 1);
    expect([...openMemberIds(ctx, seg.id)].sort()).toEqual(newer);
    await ctx.bus.settled();
    expect(seen.exited.length).toBe(older.length);
    // The worker answers in order: once this count is in, the checkpoints asked for during the writes have run.
    expect((await countMembersOffThread(ctx, [seg.id])).get(seg.id)).toBe(newer.length);
    expect(log.lines.filter((l) => l.level !== "info")).toEqual([]);
  });

  it("never undoes activity that landed after the worker read", async () => {
    const { ctx, clock, ws, close } = fileCtx();
    done = close;
    seedLogins(ctx, ws, 8);
    const seg = await createSegmentOffThread(ctx, ws, { name: "Active", ...ACTIVE });
    expect(openMemberIds(ctx, seg.id).has("ct_3")).toBe(true);
    const reader = segmentReader(ctx);
    const original = reader.diff.bind(reader);
    // The worker reads ct_3 with 3 logins (out of "≥ 4 logins"); 3 more commit before the main thread writes.
    reader.diff = async (compiled, id, ids, now) => {
      const r = await original(compiled, id, ids, now);
      const ins = ctx.db.$client.prepare("INSERT INTO events (id, workspace_id, contact_id, name, created_at, received_at) VALUES (?, ?, 'ct_3', 'login', ?, ?)");
      for (let k = 0; k < 3; k++) ins.run(`ev_new_${k}`, ws, now - 1000 - k, now);
      return r;
    };
    const seen = watchBus(ctx);
    await updateSegmentOffThread(ctx, ws, seg.id, { conditions: [{ event: "login", op: "count_gte", value: 4, within_days: 5 }] });
    const truth = evaluateAll(ctx.db.$client, compileStored(ctx, getSegment(ctx, ws, seg.id)), clock.now()).sort();
    expect(truth).toContain("ct_3");
    expect([...openMemberIds(ctx, seg.id)].sort()).toEqual(truth);
    await ctx.bus.settled();
    expect(seen.exited).toEqual([]);
  });

  it("runs overlapping saves of one segment one after the other: the last definition wins", async () => {
    const { ctx, clock, ws, close } = fileCtx();
    done = close;
    seedLogins(ctx, ws, 8);
    const seg = await createSegmentOffThread(ctx, ws, { name: "Active", ...ACTIVE });
    const reader = segmentReader(ctx);
    const original = reader.diff.bind(reader);
    const calls: Promise<unknown>[] = [];
    // Were the second save's read to start before the first is written, the first would hold its answer back until
    // the second's is in: the older definition would be written last.
    reader.diff = async (compiled, id, ids, now) => {
      const mine = original(compiled, id, ids, now);
      calls.push(mine);
      const r = await mine;
      if (calls[0] === mine && calls.length > 1) await calls[1];
      return r;
    };
    const a = updateSegmentOffThread(ctx, ws, seg.id, { conditions: [{ event: "login", op: "count_gte", value: 7, within_days: 5 }] });
    const b = updateSegmentOffThread(ctx, ws, seg.id, { conditions: [{ event: "login", op: "count_gte", value: 2, within_days: 5 }] });
    await Promise.all([a, b]);
    expect(calls).toHaveLength(2);
    const truth = evaluateAll(ctx.db.$client, compileStored(ctx, getSegment(ctx, ws, seg.id)), clock.now()).sort();
    expect(truth).toContain("ct_2");
    expect([...openMemberIds(ctx, seg.id)].sort()).toEqual(truth);
  });

  it("counts members and the last change for the admin list on the worker", async () => {
    const { ctx, clock, ws, close } = fileCtx();
    done = close;
    seedLogins(ctx, ws, 12);
    const seg = await createSegmentOffThread(ctx, ws, { name: "Active", ...ACTIVE });
    const empty = await createSegmentOffThread(ctx, ws, { name: "Nobody", match: "all", conditions: [{ event: "login", op: "count_gte", value: 99 }] });
    const members = openMemberIds(ctx, seg.id).size;
    expect(members).toBeGreaterThan(0);
    clock.advance(60_000);
    await updateSegmentOffThread(ctx, ws, seg.id, { conditions: [{ event: "login", op: "count_gte", value: 5, within_days: 5 }] });
    const rows = await listSegmentSummaries(ctx, ws);
    expect(rows.map((r) => [r.segment.id, r.members, r.lastChange])).toEqual([
      [seg.id, openMemberIds(ctx, seg.id).size, clock.now()],
      [empty.id, 0, undefined],
    ]);
    expect(await countMembersOffThread(ctx, [seg.id, empty.id])).toEqual(new Map([[seg.id, members - 2], [empty.id, 0]]));
  });

  it("previews on the worker exactly as inline, and refuses a bad definition before reading", async () => {
    const { ctx, ws, close } = fileCtx();
    done = close;
    seedLogins(ctx, ws, 12);
    const inline = previewDefinition(ctx, ws, ACTIVE, { sample: 3 });
    expect(inline.count).toBeGreaterThan(3);
    const worker = await previewDefinitionOffThread(ctx, ws, ACTIVE, { sample: 3 });
    expect(worker.count).toBe(inline.count);
    expect(worker.sample.map((c) => c.id)).toEqual(inline.sample.map((c) => c.id));
    expect(worker.sample).toHaveLength(3);
    await expect(previewDefinitionOffThread(ctx, ws, { match: "all", conditions: [{ attribute: "plan", op: "gt", value: "x" }] }, { sample: 3 })).rejects.toMatchObject({
      code: "VALIDATION",
    });
  });
});
