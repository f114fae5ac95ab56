/**
 * In-process CPU cost of one `/v1/track` (no network): a quick loop for profiling the ingest path.
 * Usage: npx tsx bench/micro/ingest.ts [requests=5000] [users=1000] [--listeners] [--raw] [--profile=<file.cpuprofile>]
 * `--listeners` also starts the bus listeners the server starts (segments, outbound, series), which react to
 * every committed event: the difference is their CPU per event.
 * `--raw` measures a bare Hono app that parses the same body and answers `{"success":true}` (stores nothing) in the
 * same process first: the in-process ceiling the track figure compares with.
 * `--profile=<file>` writes a V8 CPU profile of the measured run only (not start-up or warm-up); summarize it with
 * `npx tsx bench/profile.ts <file>` (run from a `tsc` build to get src/ line numbers).
 * `--heap=<file>` writes a sampling allocation profile (.heapprofile) of the measured run instead.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { Hono } from "hono";
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
const raw = process.argv.includes("--raw");
const option = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const profileTo = option("profile");
const heapTo = option("heap");
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

/** A bare Hono JSON POST in the same process: what any handler costs before Parley does anything. */
function rawApp(): Hono {
  const r = new Hono();
  r.post("/v1/track", async (c) => {
    const v = (await c.req.json()) as Record<string, unknown>;
    if (typeof v.event !== "string") return c.json({ success: false }, 400);
    return c.body(JSON.stringify({ success: true }), 200, { "Content-Type": "application/json" });
  });
  return r;
}

async function run(target: { request: Hono["request"] }, count: number, concurrency: number): Promise<number> {
  const start = process.cpuUsage();
  let i = 0;
  const worker = async () => {
    while (i < count) {
      const text = body(i++);
      // Real senders (analytics-node, browsers' fetch) always send Content-Length; app.request() would not add it.
      const headers = { authorization: auth, "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) };
      const res = await target.request("/v1/track", { method: "POST", headers, body: text });
      if (res.status !== 200) throw new Error(`status ${res.status}: ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await ctx.bus.settled();
  const cpu = process.cpuUsage(start);
  return (cpu.user + cpu.system) / count;
}

if (raw) {
  const r = rawApp();
  await run(r, Math.min(2000, n), 64);
  console.log(`raw Hono POST (in-process, stores nothing): ${(await run(r, n, 256)).toFixed(1)} CPU µs per request`);
}
await run(app, Math.min(2000, n), 64); // warm-up: creates the users, loads geo data, JITs
const session = profileTo || heapTo ? new Session() : undefined;
if (session) {
  session.connect();
  if (profileTo) await session.post("Profiler.enable").then(() => session.post("Profiler.start"));
  else await session.post("HeapProfiler.enable").then(() => session.post("HeapProfiler.startSampling", { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true }));
}
const us = await run(app, n, 256);
if (session) {
  const { profile } = profileTo ? await session.post("Profiler.stop") : await session.post("HeapProfiler.stopSampling");
  writeFileSync((profileTo ?? heapTo)!, JSON.stringify(profile));
  session.disconnect();
}
const count = db.$client.prepare("select count(*) as c from events").get() as { c: number };
console.log(`track: ${us.toFixed(1)} CPU µs per request over ${n} requests (${users} users${listeners ? ", with bus listeners" : ""}); events stored: ${count.c}`);
