import { serve } from "@hono/node-server";
import { buildApp } from "./app.js";
import { loadConfig } from "./config.js";
import type { Ctx } from "./context.js";
import { openDb } from "./db/client.js";
import { Bus } from "./lib/bus.js";
import { systemClock } from "./lib/clock.js";
import { createLog } from "./lib/log.js";

/** Composition root: config → db → app → serve; SIGTERM/SIGINT close everything. */
function main(): void {
  const config = loadConfig();
  const log = createLog({ silent: config.LOG_LEVEL === "silent" });
  const abort = new AbortController();
  const db = openDb(config.DATABASE_PATH, config.MIGRATIONS_DIR);
  const ctx: Ctx = { db, config, clock: systemClock, log, bus: new Bus(), shutdown: abort.signal };
  const app = buildApp(ctx);
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    log.info("parley listening", { url: config.PUBLIC_URL, port: info.port, database: config.DATABASE_PATH });
  });

  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info("shutting down", { signal });
    abort.abort();
    server.close(() => {
      db.$client.close();
      log.info("stopped");
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main();
