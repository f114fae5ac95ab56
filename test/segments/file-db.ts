import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../../src/app.js";
import { testConfig } from "../../src/config.js";
import type { Ctx } from "../../src/context.js";
import { openDb } from "../../src/db/client.js";
import { Bus } from "../../src/lib/bus.js";
import { DAY, FakeClock, HOUR } from "../../src/lib/clock.js";
import { memoryLog } from "../../src/lib/log.js";
import { createApiToken, createWorkspacePair } from "../../src/workspaces/index.js";
import { T0 } from "../helpers/app.js";

/** A real app context over a database file (the worker opens its own connection to it; `:memory:` cannot be shared). */
export function fileCtx() {
  const dir = mkdtempSync(join(tmpdir(), "parley-seg-worker-"));
  const config = testConfig();
  const db = openDb(join(dir, "parley.db"), config.MIGRATIONS_DIR);
  const abort = new AbortController();
  const clock = new FakeClock(T0);
  const log = memoryLog();
  const ctx: Ctx = { db, config, clock, log, bus: new Bus(), shutdown: abort.signal };
  const ws = createWorkspacePair(ctx, { name: "Acme" }).production.id;
  const close = () => { abort.abort(); db.$client.close(); rmSync(dir, { recursive: true, force: true }); };
  return { ctx, clock, ws, log, close };
}

/** The HTTP app over `ctx`, with an API token for workspace `ws`: `api(method, path, body)`. */
export function fileApi(ctx: Ctx, ws: string) {
  const app = buildApp(ctx);
  const { token } = createApiToken(ctx, ws, { name: "test" });
  return (method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
}

/** Contact i signed up i days ago and logged in i times, once a day over the last i days. */
export function seedLogins(ctx: Ctx, ws: string, n: number): void {
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

/** `n` contacts without events; contact i signed up i hours ago. */
export function seedSignups(ctx: Ctx, ws: string, n: number): void {
  const ins = ctx.db.$client.prepare("INSERT INTO contacts (id, workspace_id, role, external_id, signed_up_at, created_at, updated_at) VALUES (?, ?, 'user', ?, ?, ?, ?)");
  ctx.db.$client.transaction(() => {
    for (let i = 1; i <= n; i++) ins.run(`ct_${i}`, ws, `u${i}`, T0 - i * HOUR, T0 - i * HOUR, T0);
  })();
}
