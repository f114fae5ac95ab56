import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateFunnelOffThread } from "../../src/analytics/funnel-async.js";
import { evaluateFunnel } from "../../src/analytics/funnel-evaluate.js";
import { parseFunnel } from "../../src/analytics/funnel-inputs.js";
import { testConfig } from "../../src/config.js";
import type { Ctx } from "../../src/context.js";
import { openDb } from "../../src/db/client.js";
import { Bus } from "../../src/lib/bus.js";
import { DAY, FakeClock, HOUR } from "../../src/lib/clock.js";
import { memoryLog } from "../../src/lib/log.js";
import { createWorkspacePair } from "../../src/workspaces/index.js";
import { T0 } from "../helpers/app.js";

// Starting a worker loads the sources through tsx: seconds on a busy machine.
describe("funnels on a worker thread (database files)", { timeout: 60_000 }, () => {
  it("gives the same steps, counts and medians as the inline evaluation, with its temp tables on the worker's connection", async () => {
    const dir = mkdtempSync(join(tmpdir(), "parley-funnel-worker-"));
    const config = testConfig();
    const db = openDb(join(dir, "parley.db"), config.MIGRATIONS_DIR);
    const abort = new AbortController();
    const ctx: Ctx = { db, config, clock: new FakeClock(T0), log: memoryLog(), bus: new Bus(), shutdown: abort.signal };
    try {
      const ws = createWorkspacePair(ctx, { name: "Acme" }).production.id;
      const insC = db.$client.prepare("INSERT INTO contacts (id, workspace_id, role, external_id, created_at, updated_at) VALUES (?, ?, 'user', ?, ?, ?)");
      const insE = db.$client.prepare("INSERT INTO events (id, workspace_id, contact_id, name, created_at, received_at) VALUES (?, ?, ?, ?, ?, ?)");
      // Contact i does the first i steps of signup → activate → pay, i hours apart, starting i days ago.
      const names = ["signup", "activate", "pay"];
      for (let i = 1; i <= 9; i++) {
        insC.run(`ct_${i}`, ws, `u${i}`, T0 - 10 * DAY, T0);
        names.slice(0, 1 + (i % 3)).forEach((n, k) => insE.run(`ev_${i}_${k}`, ws, `ct_${i}`, n, T0 - i * DAY + k * i * HOUR, T0));
      }
      const def = parseFunnel({ steps: names.map((event) => ({ kind: "event", event })), window_days: 7 });
      const range = { from: T0 - 30 * DAY, to: T0 };
      const inline = evaluateFunnel(db.$client, ws, def, range, T0);
      expect(inline.steps.map((s) => s.count)).toEqual([9, 6, 3]);
      expect(await evaluateFunnelOffThread(ctx, ws, def, range, T0)).toEqual(inline);
      // The temp tables lived on the worker's connection: the main one never saw them.
      expect(db.$client.prepare("SELECT count(*) AS n FROM temp.sqlite_master").get()).toEqual({ n: 0 });
    } finally {
      abort.abort();
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
