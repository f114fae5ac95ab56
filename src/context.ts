import type { Config } from "./config.js";
import type { Db } from "./db/client.js";
import type { Bus } from "./lib/bus.js";
import type { Clock } from "./lib/clock.js";
import type { Log } from "./lib/log.js";

/** Everything domain code needs, passed explicitly (no globals). */
export interface Ctx {
  db: Db;
  config: Config;
  clock: Clock;
  log: Log;
  bus: Bus;
  /** Aborted on shutdown: long-lived streams listen to it. */
  shutdown: AbortSignal;
}

/**
 * Runs `fn` in a transaction, or inside the caller's one if already open.
 * `fn` must be synchronous: better-sqlite3 transactions cannot span awaits.
 */
export function withTx<T>(ctx: Ctx, fn: () => T): T {
  const client = ctx.db.$client;
  if (client.inTransaction) return fn();
  return client.transaction(fn)();
}
