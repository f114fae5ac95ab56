import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { loadConfig } from "./config.js";
import type { Ctx } from "./context.js";
import { openDb } from "./db/client.js";
import { Bus } from "./lib/bus.js";
import { systemClock } from "./lib/clock.js";
import { createLog } from "./lib/log.js";
import { runCli } from "./cli/run.js";

/** Entry point of `npm run parley -- <command>`: same config and database as the server. */
function main(argv: string[]): number {
  const config = loadConfig();
  let ctx: Ctx | undefined;
  const connect = (): Ctx => {
    const path = config.DATABASE_PATH;
    // A mistyped DATABASE_PATH should not quietly create an empty database and list nothing.
    if (path !== ":memory:" && !existsSync(path)) {
      throw new Error(`No database at ${resolve(path)}: start the server once, or set DATABASE_PATH`);
    }
    const db = openDb(path, config.MIGRATIONS_DIR);
    ctx = { db, config, clock: systemClock, log: createLog({ silent: true }), bus: new Bus(), shutdown: new AbortController().signal };
    return ctx;
  };
  try {
    return runCli(argv, connect, { out: (l) => console.log(l), err: (l) => console.error(l) });
  } finally {
    ctx?.db.$client.close();
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  // Drizzle wraps SQLite errors; the cause ("table already exists", "database is locked") is the useful part.
  const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : "";
  console.error(`error: ${err instanceof Error ? err.message : String(err)}${cause}`);
  process.exitCode = 1;
}
