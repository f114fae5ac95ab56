/**
 * The messages list's figures (issue #6): `npx tsx bench/outbound/list.ts [--messages 200] [--deliveries 100000] [--pairs 6]`.
 * Builds a file database with that many messages and deliveries (spread evenly, a realistic mix of outcomes),
 * then times, interleaved A B A B …, the figures of the list's first page (50 messages) and of all messages:
 *   A = `statsByMessage` (one grouped pass over the listed messages' deliveries, every request),
 *   B = `listStatsByMessage` (the cache: a hit unless a delivery of that message changed),
 *   B' = the cache right after one listed message got a new outcome (the common case while one broadcast sends).
 * B' includes recording the outcome itself. Last, the live in-app push's walk over every delivery row (as after a
 * launch of that size). Prints CPU µs per call (process.cpuUsage) and wall ms, medians over pairs, with `uptime`.
 */
import { execSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchCtx } from "../lib/bench-ctx.js";
import {
  createMessage, listMessages, listStatsByMessage, newInAppDeliveries, parseMessageInput, recordDeliveryOutcome, statsByMessage,
} from "../../src/outbound/index.js";
import { createWorkspacePair } from "../../src/workspaces/index.js";
import { newId } from "../../src/lib/ids.js";

function flag(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}
const MESSAGES = flag("messages", 200);
const DELIVERIES = flag("deliveries", 100_000);
const PAIRS = flag("pairs", 6);
const CALLS = flag("calls", 20);

const dir = mkdtempSync(join(tmpdir(), "parley-list-bench-"));
const b = benchCtx(join(dir, "db.sqlite"));
const { ctx } = b;
const ws = createWorkspacePair(ctx, {}).production;
const now = ctx.clock.now();
const raw = ctx.db.$client;

console.log(`seeding ${MESSAGES} messages, ${DELIVERIES} deliveries…`);
const ids: string[] = [];
for (let i = 0; i < MESSAGES; i++) {
  ids.push(createMessage(ctx, ws.id, parseMessageInput({ name: `M${i}`, channel: i % 3 ? "email" : "post", variants: [{ subject: "s", body: "b" }] })).id);
}
const contactIds: string[] = [];
const perMessage = Math.ceil(DELIVERIES / MESSAGES);
const insContact = raw.prepare("INSERT INTO contacts (id, workspace_id, role, created_at, updated_at) VALUES (?, ?, 'user', ?, ?)");
const insDelivery = raw.prepare(`INSERT INTO deliveries (id, workspace_id, message_id, contact_id, channel, status, not_before, sent_at, seen_at,
  opened_at, clicked_at, replied_at, goal_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'sent', ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
raw.transaction(() => {
  for (let i = 0; i < perMessage; i++) {
    const id = newId("ct", now);
    insContact.run(id, ws.id, now, now);
    contactIds.push(id);
  }
  let n = 0;
  for (const [mi, m] of ids.entries()) {
    for (let i = 0; i < perMessage && n < DELIVERIES; i++, n++) {
      const r = (i * 7919 + mi) % 100;
      const at = (x: boolean) => (x ? now : null);
      insDelivery.run(newId("dl", now), ws.id, m, contactIds[i], mi % 3 ? "email" : "post", now, now, at(r < 60), at(r < 40), at(r < 10), at(r < 2), at(r < 5), now, now);
    }
  }
})();
raw.exec("ANALYZE");

const page = listMessages(ctx, ws.id, { limit: 50 }).map((m) => m.id);
const someDelivery = (m: string) => (raw.prepare("SELECT id FROM deliveries WHERE message_id = ? AND clicked_at IS NULL LIMIT 1").get(m) as { id: string } | undefined)?.id;

async function time(fn: () => unknown): Promise<{ cpuUs: number; ms: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < CALLS; i++) await fn();
  const c = process.cpuUsage(c0);
  return { cpuUs: (c.user + c.system) / CALLS, ms: (performance.now() - t0) / CALLS };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const results: Record<string, { cpuUs: number[]; ms: number[] }> = {};
const add = (k: string, r: { cpuUs: number; ms: number }) => {
  (results[k] ??= { cpuUs: [], ms: [] }).cpuUs.push(r.cpuUs);
  results[k].ms.push(r.ms);
};
listStatsByMessage(ctx, ids); // warm the cache once, as the first request after start would
for (let p = 0; p < PAIRS; p++) {
  add("A page (50): statsByMessage", await time(() => statsByMessage(ctx, page)));
  add("B page (50): listStatsByMessage, hit", await time(() => listStatsByMessage(ctx, page)));
  // A new click on one listed message (its delivery.updated event drops that entry), then the page.
  add("B' page (50): one message changed per call", await time(async () => {
    const d = someDelivery(page[0]!);
    if (d) recordDeliveryOutcome(ctx, d, "clicked", now);
    await ctx.bus.settled();
    listStatsByMessage(ctx, page);
  }));
  add(`A all (${MESSAGES}): statsByMessage`, await time(() => statsByMessage(ctx, ids)));
  add(`B all (${MESSAGES}): listStatsByMessage, hit`, await time(() => listStatsByMessage(ctx, ids)));
}
// The live in-app push reads every new delivery row once: here all of them at once, as after a 100k launch.
const pushScan = await time(() => {
  let after = 0;
  for (;;) {
    const r = newInAppDeliveries(ctx, after);
    if (r.scanned === after) break;
    after = r.scanned;
  }
});
await ctx.bus.settled();
console.log(`uptime: ${execSync("uptime").toString().trim()}`);
console.log(`${MESSAGES} messages, ${DELIVERIES} deliveries, ${PAIRS} interleaved pairs × ${CALLS} calls; medians`);
for (const [k, r] of Object.entries(results)) {
  console.log(`${k.padEnd(48)} ${median(r.cpuUs).toFixed(0).padStart(9)} µs CPU/call ${median(r.ms).toFixed(2).padStart(9)} ms wall/call`);
}
console.log(`${`in-app push: walk all ${DELIVERIES} rows once`.padEnd(48)} ${pushScan.cpuUs.toFixed(0).padStart(9)} µs CPU/walk ${pushScan.ms.toFixed(2).padStart(9)} ms wall/walk`);
b.close();
rmSync(dir, { recursive: true, force: true });
