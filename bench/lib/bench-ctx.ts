/** A real Parley context over a benchmark dataset file: migrations, fake clock at the dataset's `now`, a bus. */
import { testConfig } from "../../src/config.js";
import type { Ctx } from "../../src/context.js";
import { openDb } from "../../src/db/client.js";
import { Bus } from "../../src/lib/bus.js";
import { FakeClock } from "../../src/lib/clock.js";
import { memoryLog } from "../../src/lib/log.js";
import { MIGRATIONS, NOW } from "../data/generate.js";

export interface BenchCtx {
  ctx: Ctx;
  clock: FakeClock;
  close(): void;
}

export function benchCtx(file: string): BenchCtx {
  const abort = new AbortController();
  const db = openDb(file, MIGRATIONS);
  const clock = new FakeClock(NOW);
  const ctx: Ctx = { db, config: testConfig({ DATABASE_PATH: file }), clock, log: memoryLog(), bus: new Bus(), shutdown: abort.signal };
  return { ctx, clock, close: () => { abort.abort(); db.$client.close(); } };
}
