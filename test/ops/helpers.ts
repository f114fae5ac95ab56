import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testConfig, type Config } from "../../src/config.js";
import type { Ctx } from "../../src/context.js";
import { openDb } from "../../src/db/client.js";
import { Bus } from "../../src/lib/bus.js";
import { FakeClock } from "../../src/lib/clock.js";
import { memoryLog } from "../../src/lib/log.js";
import { T0 } from "../helpers/app.js";

export interface FileCtx {
  ctx: Ctx;
  log: ReturnType<typeof memoryLog>;
  close(): void;
}

/** A temp directory removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "parley-ops-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A ctx on a real SQLite file (bootstrap writes next to it); reopen the same path to simulate a restart. */
export function fileCtx(dbPath: string, over: Partial<Config> = {}): FileCtx {
  const config = testConfig({ DATABASE_PATH: dbPath, ...over });
  const db = openDb(dbPath, config.MIGRATIONS_DIR);
  const log = memoryLog();
  const ctx: Ctx = { db, config, clock: new FakeClock(T0), log, bus: new Bus(), shutdown: new AbortController().signal };
  return { ctx, log, close: () => db.$client.close() };
}

/** A TCP port that was free a moment ago (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}
