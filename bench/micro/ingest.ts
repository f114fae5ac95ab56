/**
 * In-process CPU cost of one `/v1/track` (no network): a quick loop for profiling the ingest path.
 * Usage: npx tsx bench/micro/ingest.ts [requests=5000] [users=1000] [--listeners]
 * `--listeners` also starts the bus listeners the server starts (segments, outbound, series), which react to
 * every committed event: the difference is their CPU per event.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { Ctx } from "../../src/context.js";
import { openDb } from "../../src/db/client.js";
import { Bus } from "../../src/lib/bus.js";
import { systemClock } from "../../src/lib/clock.js";
import { createLog } from "../../src/lib/log.js";
import { createWorkspacePair } from "../../src/workspaces/index.js";

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const listeners = process.argv.includes("--listeners");
const n = Number(args[0] ?? 5000);
const users = Number(args[1] ?? 1000);
const dir = mkdtempSync(join(tmpdir(), "parley-micro-"));
const config = loadConfig({ DATABASE_PATH: join(dir, "p.db"), LOG_LEVEL: "silent" });
const db = openDb(config.DATABASE_PATH, config.MIGRATIONS_DIR);
const ctx: Ctx = { db, config, clock: systemClock, log: createLog({ silent: true }), bus: new Bus(), shutdown: new AbortController().signal };
const { production } = createWorkspacePair(ctx, { writeKey: "micro-write-key" });
const app = buildApp(ctx);
if (listeners) {
  // The same bus listeners src/server.ts starts.
  const { watchSegments } = await import("../../src/segments/index.js");
  const { watchOutbound } = await import("../../src/outbound/index.js");
  const { watchSeries } = await import("../../src/series/index.js");
  watchSegments(ctx);
  watchOutbound(ctx);
  watchSeries(ctx);
}
const auth = `Basic ${Buffer.from(production.writeKey + ":").toString("base64")}`;
const ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

function body(i: number): string {
  return JSON.stringify({
    userId: `user-${i % users}`, event: "Order Completed", messageId: `m-${i}-${Math.random()}`,
    properties: { order_id: `o-${i}`, revenue: 42.5, currency: "USD" },
    context: { ip: "81.2.69.142", userAgent: ua, library: { name: "analytics-node", version: "3.1.0" } },
    timestamp: new Date().toISOString(),
  });
}

async function run(count: number, concurrency: number): Promise<number> {
  const start = process.cpuUsage();
  let i = 0;
  const worker = async () => {
    while (i < count) {
      const res = await app.request("/v1/track", { method: "POST", headers: { authorization: auth, "content-type": "application/json" }, body: body(i++) });
      if (res.status !== 200) throw new Error(`status ${res.status}: ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await ctx.bus.settled();
  const cpu = process.cpuUsage(start);
  return (cpu.user + cpu.system) / count;
}

await run(Math.min(2000, n), 64); // warm-up: creates the users, loads geo data, JITs
const us = await run(n, 256);
const count = db.$client.prepare("select count(*) as c from events").get() as { c: number };
console.log(`track: ${us.toFixed(1)} CPU µs per request over ${n} requests (${users} users${listeners ? ", with bus listeners" : ""}); events stored: ${count.c}`);
