import { serve } from "@hono/node-server";
import { buildApp } from "./app.js";
import { loadConfig, type Config } from "./config.js";
import type { Ctx } from "./context.js";
import { openDb } from "./db/client.js";
import { Bus } from "./lib/bus.js";
import { systemClock } from "./lib/clock.js";
import { createLog } from "./lib/log.js";
import { bootstrap } from "./workspaces/bootstrap.js";
import { settingsSetupTokenStore } from "./workspaces/setup-token-store.js";
import { watchSegments } from "./segments/index.js";
import { watchOutbound } from "./outbound/index.js";
import { watchSeries } from "./series/index.js";
import { startJobs } from "./jobs/index.js";
import { closeMailer, startInboundSmtp } from "./email/index.js";
import { startEmailContinuity } from "./messenger/index.js";

/** How long open connections may finish their work after SIGTERM before they are cut. */
const DRAIN_MS = 5_000;

/** Composition root: config → db (migrations) → first-boot bootstrap → app → serve; SIGTERM/SIGINT close everything. */
function main(): void {
  const config = configOrExit();
  const log = createLog({ silent: config.LOG_LEVEL === "silent" });
  const abort = new AbortController();
  const db = openDb(config.DATABASE_PATH, config.MIGRATIONS_DIR);
  const ctx: Ctx = { db, config, clock: systemClock, log, bus: new Bus(), shutdown: abort.signal };
  bootstrap(ctx, { setupTokens: settingsSetupTokenStore(ctx) });
  const app = buildApp(ctx);
  watchSegments(ctx);
  watchOutbound(ctx);
  watchSeries(ctx);
  const jobs = startJobs(ctx);
  // Operator replies by email to contacts who left, emailed answers back into their conversation.
  startEmailContinuity(ctx);
  startInboundSmtp(ctx).then(
    (smtp) => smtp && log.info("inbound SMTP listening", { port: smtp.port }),
    (err: Error) => log.error("inbound SMTP cannot listen", { port: config.SMTP_INBOUND_PORT, err: err.message }),
  );
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    log.info("parley listening", { url: config.PUBLIC_URL, host: config.HOST, port: info.port, database: config.DATABASE_PATH });
  });
  server.on("error", (err: NodeJS.ErrnoException) => {
    log.error("cannot listen", { host: config.HOST, port: config.PORT, code: err.code, err: err.message });
    db.$client.close();
    process.exit(1);
  });

  closeOnSignals(server, ctx, abort, () => jobs.stop());
}

/** SIGTERM/SIGINT: end streams, stop accepting, let requests finish, close the database, exit 0. */
function closeOnSignals(server: ReturnType<typeof serve>, ctx: Ctx, abort: AbortController, stopJobs: () => void): void {
  const { log, db } = ctx;
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info("shutting down", { signal });
    // SSE streams end on this signal; without it server.close() would wait for them forever (STACK.md G7).
    abort.abort();
    stopJobs();
    closeMailer(ctx);
    const cut = setTimeout(() => {
      log.warn("connections still open, closing them", { afterMs: DRAIN_MS });
      if ("closeAllConnections" in server) server.closeAllConnections();
      // Last resort, so an orchestrator never has to SIGKILL us: something other than HTTP is holding on.
      setTimeout(() => process.exit(1), DRAIN_MS).unref();
    }, DRAIN_MS).unref();
    server.close(() => {
      clearTimeout(cut);
      db.$client.close();
      log.info("stopped");
      process.exit(0);
    });
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

/** A bad environment is a usage error: print the reasons without a stack trace. */
function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

main();
