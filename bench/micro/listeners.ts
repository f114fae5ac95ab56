/**
 * CPU cost of the bus listeners (segments, outbound, series) per `/v1/track` in a workspace that has segments, live
 * messages and live series, most of which do not care about the tracked event ("Order Completed"): 16 segments
 * (3 count it, 2 read visit fields), 11 live ongoing messages (1 triggered by it, with a `where` it never meets),
 * 3 live series (none entered by it). In-process, no network.
 * Usage: npx tsx bench/micro/listeners.ts [requests=10000] [users=1000] [--listeners]
 * Run it with and without `--listeners`, interleaved: the difference is the listeners' CPU per event.
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
import { createMessage, launchMessage, parseMessageInput, watchOutbound } from "../../src/outbound/index.js";
import { createSegment, watchSegments } from "../../src/segments/index.js";
import { createSeries, launchSeries, watchSeries } from "../../src/series/index.js";
import { createWorkspacePair } from "../../src/workspaces/index.js";

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const listeners = process.argv.includes("--listeners");
const n = Number(args[0] ?? 10000);
const users = Number(args[1] ?? 1000);
const dir = mkdtempSync(join(tmpdir(), "parley-listeners-"));
const config = loadConfig({ DATABASE_PATH: join(dir, "p.db"), LOG_LEVEL: "silent" });
const db = openDb(config.DATABASE_PATH, config.MIGRATIONS_DIR);
const ctx: Ctx = { db, config, clock: systemClock, log: createLog({ silent: true }), bus: new Bus(), shutdown: new AbortController().signal };
const { production } = createWorkspacePair(ctx, { writeKey: "listeners-write-key" });
const ws = production.id;
const app = buildApp(ctx);
const auth = `Basic ${Buffer.from(production.writeKey + ":").toString("base64")}`;
const ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

function body(i: number, event = "Order Completed"): string {
  return JSON.stringify({
    userId: `user-${i % users}`, event, messageId: `m-${i}-${Math.random()}`,
    properties: { order_id: `o-${i}`, revenue: 42.5, currency: "USD" },
    context: { ip: "81.2.69.142", userAgent: ua, library: { name: "analytics-node", version: "3.1.0" } },
    timestamp: new Date().toISOString(),
  });
}

async function run(count: number, concurrency: number, event?: string): Promise<number> {
  const start = process.cpuUsage();
  let i = 0;
  const worker = async () => {
    while (i < count) {
      const res = await app.request("/v1/track", { method: "POST", headers: { authorization: auth, "content-type": "application/json" }, body: body(i++, event) });
      if (res.status !== 200) throw new Error(`status ${res.status}: ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await ctx.bus.settled();
  const cpu = process.cpuUsage(start);
  return (cpu.user + cpu.system) / count;
}

async function seed(): Promise<void> {
  const seg = (name: string, conditions: unknown[]) => createSegment(ctx, ws, { name, match: "all", conditions });
  for (const e of ["Signed Up", "Invited Teammate", "Project Created", "Exported", "Viewed Pricing"]) {
    seg(`${e} twice`, [{ event: e, op: "count_gte", value: 2 }]);
    seg(`${e} this week`, [{ event: e, op: "performed", within_days: 7 }]);
  }
  seg("Buyers", [{ event: "Order Completed", op: "performed" }]);
  seg("Big buyers", [{ event: "Order Completed", op: "count_gte", value: 50 }]);
  seg("Recent buyers", [{ event: "Order Completed", op: "performed", within_days: 7 }]);
  seg("Chrome users", [{ attribute: "browser", op: "eq", value: "Chrome" }]);
  seg("Old accounts", [{ attribute: "signed_up_at", op: "more_than_days_ago", value: 30 }]);
  const vip = seg("Example.com", [{ attribute: "email", op: "ends_with", value: "@example.com" }]);
  const live = async (extra: Record<string, unknown>) => {
    const m = createMessage(ctx, ws, parseMessageInput({ name: "Bench", kind: "ongoing", channel: "post", ...extra }));
    await launchMessage(ctx, ws, m.id);
  };
  for (const e of ["Signed Up", "Invited Teammate", "Project Created", "Exported", "Viewed Pricing", "Churned", "Logged In", "Downgraded"]) {
    await live({ trigger: { type: "event", name: e } });
  }
  await live({ trigger: { type: "event", name: "Order Completed", where: [{ key: "revenue", op: "gt", value: 1000 }] } });
  await live({ trigger: { type: "segment_entered", segmentId: vip.id } });
  await live({ trigger: { type: "attribute_changed", attribute: "plan" } });
  const tag = (id: string) => ({ id, type: "act", action: "tag_add", tag: "bench" });
  const series = (name: string, entry: unknown) => {
    const s = createSeries(ctx, ws, { name, definition: { entry, steps: [tag("t")], goal: null, exits: [], reentry: "never" } });
    launchSeries(ctx, ws, s.id);
  };
  series("On sign-up", { type: "event", event: "Signed Up" });
  series("On invite", { type: "event", event: "Invited Teammate" });
  series("VIP", { type: "segment", segmentId: vip.id });
  await ctx.bus.settled();
}

await run(Math.min(2000, n), 64, "Signed Up"); // warm-up: creates the users, loads geo data, JITs
await seed();
if (listeners) {
  watchSegments(ctx);
  watchOutbound(ctx);
  watchSeries(ctx);
}
await run(Math.min(2000, n), 64); // warm-up of the measured path
const us = await run(n, 256);
console.log(`track in a configured workspace: ${us.toFixed(1)} CPU µs per request over ${n} requests (${users} users${listeners ? ", with bus listeners" : ""})`);
