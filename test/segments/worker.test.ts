import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { testConfig } from "../../src/config.js";
import type { Ctx } from "../../src/context.js";
import { openDb } from "../../src/db/client.js";
import { Bus } from "../../src/lib/bus.js";
import { DAY, FakeClock } from "../../src/lib/clock.js";
import { memoryLog } from "../../src/lib/log.js";
import { compileStored, createSegment, evaluateAll, openMemberIds, refreshSegments } from "../../src/segments/index.js";
import { segmentReader, setSegmentReadMode } from "../../src/segments/worker-reader.js";
import { createWorkspacePair } from "../../src/workspaces/index.js";
import { T0 } from "../helpers/app.js";

/** A real app context over a database file (the worker opens its own connection to it; `:memory:` cannot be shared). */
function fileCtx() {
  const dir = mkdtempSync(join(tmpdir(), "parley-seg-worker-"));
  const config = testConfig();
  const db = openDb(join(dir, "parley.db"), config.MIGRATIONS_DIR);
  const abort = new AbortController();
  const clock = new FakeClock(T0);
  const ctx: Ctx = { db, config, clock, log: memoryLog(), bus: new Bus(), shutdown: abort.signal };
  const ws = createWorkspacePair(ctx, { name: "Acme" }).production.id;
  const close = () => { abort.abort(); db.$client.close(); rmSync(dir, { recursive: true, force: true }); };
  return { ctx, clock, ws, close };
}

/** Contact i signed up i days ago and logged in i times, once a day over the last i days. */
function seed(ctx: Ctx, ws: string, n: number): void {
  const db = ctx.db.$client;
  const insC = db.prepare("INSERT INTO contacts (id, workspace_id, role, external_id, signed_up_at, created_at, updated_at) VALUES (?, ?, 'user', ?, ?, ?, ?)");
  const insE = db.prepare("INSERT INTO events (id, workspace_id, contact_id, name, created_at, received_at) VALUES (?, ?, ?, 'login', ?, ?)");
  const sum = db.prepare("INSERT INTO event_summaries (contact_id, name, workspace_id, count, first_at, last_at) VALUES (?, 'login', ?, ?, ?, ?)");
  for (let i = 1; i <= n; i++) {
    const id = `ct_${i}`;
    insC.run(id, ws, `u${i}`, T0 - i * DAY, T0 - i * DAY, T0);
    for (let k = 0; k < i; k++) insE.run(`ev_${i}_${k}`, ws, id, T0 - k * DAY - 1000, T0);
    sum.run(id, ws, i, T0 - (i - 1) * DAY - 1000, T0 - 1000);
  }
}

// Starting a worker loads the sources through tsx: seconds on a busy machine.
describe("segment reads on a worker thread (database files)", { timeout: 60_000 }, () => {
  let done: (() => void) | undefined;
  afterEach(() => done?.());

  it("evaluates on the worker exactly as inline, and the refresh job applies time's changes from it", async () => {
    const { ctx, clock, ws, close } = fileCtx();
    done = close;
    seed(ctx, ws, 12);
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
  });

  it("never undoes activity that landed after the worker read: each chunk is re-checked before it is written", async () => {
    const { ctx, clock, ws, close } = fileCtx();
    done = close;
    seed(ctx, ws, 6);
    const seg = createSegment(ctx, ws, { name: "Active", match: "all", conditions: [{ event: "login", op: "count_gte", value: 3, within_days: 5 }] });
    expect(openMemberIds(ctx, seg.id).has("ct_3")).toBe(true);
    const reader = segmentReader(ctx);
    const original = reader.evaluateContacts.bind(reader);
    // The worker answers from before ct_3's three new logins (it sees ct_3 leaving); they commit before the job writes.
    reader.evaluateContacts = async (w, segs, ids, now) => {
      const r = await original(w, segs, ids, now);
      expect(r.get("ct_3")?.[0]).toBe(false);
      const ins = ctx.db.$client.prepare("INSERT INTO events (id, workspace_id, contact_id, name, created_at, received_at) VALUES (?, ?, 'ct_3', 'login', ?, ?)");
      for (let k = 0; k < 3; k++) ins.run(`ev_new_${k}`, ws, now - 1000 - k, now);
      return r;
    };
    clock.advance(3 * DAY);
    await refreshSegments(ctx);
    const truth = evaluateAll(ctx.db.$client, compileStored(ctx, seg), clock.now()).sort();
    expect(truth).toContain("ct_3");
    expect(truth).not.toContain("ct_4");
    expect([...openMemberIds(ctx, seg.id)].sort()).toEqual(truth);
  });

  it("runs inline when asked to, with the same result", async () => {
    const { ctx, clock, ws, close } = fileCtx();
    done = close;
    seed(ctx, ws, 8);
    setSegmentReadMode(ctx, "inline");
    const seg = createSegment(ctx, ws, { name: "Signed up", match: "all", conditions: [{ attribute: "signed_up_at", op: "more_than_days_ago", value: 4 }] });
    expect(segmentReader(ctx).offThread).toBe(false);
    clock.advance(2 * DAY);
    await refreshSegments(ctx);
    expect([...openMemberIds(ctx, seg.id)].sort()).toEqual(evaluateAll(ctx.db.$client, compileStored(ctx, seg), clock.now()).sort());
  });
});
