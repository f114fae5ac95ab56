import { buildApp } from "../../src/app.js";
import { testConfig, type Config } from "../../src/config.js";
import type { Ctx } from "../../src/context.js";
import { openDb } from "../../src/db/client.js";
import { Bus } from "../../src/lib/bus.js";
import { FakeClock } from "../../src/lib/clock.js";
import { memoryLog } from "../../src/lib/log.js";
import { createApiToken, createWorkspacePair, type Workspace } from "../../src/workspaces/index.js";
import { watchSegments } from "../../src/segments/index.js";
import { runJob } from "../../src/jobs/index.js";

export const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

export interface TestApp {
  app: ReturnType<typeof buildApp>;
  ctx: Ctx;
  clock: FakeClock;
  log: ReturnType<typeof memoryLog>;
  workspace: Workspace;
  testWorkspace: Workspace;
  token: string;
  writeKey: string;
  /** Bearer-authenticated JSON request against the Intercom-shaped API. */
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Segment Tracking API request authenticated with the write key (Basic). */
  segment(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Runs a scheduled job (e.g. "segments.refresh") now, as the scheduler would. */
  runJob(name: string): Promise<void>;
  close(): void;
}

/** A fresh app on in-memory SQLite with the real migrations and a fake clock. */
export function makeTestApp(opts: { now?: number; config?: Partial<Config> } = {}): TestApp {
  const config = testConfig(opts.config);
  const clock = new FakeClock(opts.now ?? T0);
  const log = memoryLog();
  const abort = new AbortController();
  const db = openDb(":memory:", config.MIGRATIONS_DIR);
  const ctx: Ctx = { db, config, clock, log, bus: new Bus(), shutdown: abort.signal };
  const { production, test } = createWorkspacePair(ctx, { name: "Acme" });
  const { token } = createApiToken(ctx, production.id, { name: "test" });
  const app = buildApp(ctx);
  watchSegments(ctx);
  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
      ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
    });
  const segment = async (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(production.writeKey + ":").toString("base64")}`,
        "content-type": "application/json",
        ...headers,
      },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  return {
    app, ctx, clock, log, workspace: production, testWorkspace: test, token, writeKey: production.writeKey, api, segment,
    runJob: (name: string) => runJob(ctx, name),
    close: () => { abort.abort(); db.$client.close(); },
  };
}
