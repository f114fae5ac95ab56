import type { Ctx } from "../context.js";
import { ReadWorker, sibling } from "../segments/worker-pool.js";
import { evaluateFunnel, type FunnelResult } from "./funnel-evaluate.js";
import type { FunnelDefinition, Range } from "./funnel-inputs.js";

const workers = new WeakMap<object, ReadWorker>();

/**
 * evaluateFunnel where it cannot stall HTTP: over a database file, on a worker thread with its own read-only
 * connection (a 4-step funnel over millions of events takes seconds); over `:memory:` (tests), inline, which
 * gives the same result. `inline: true` forces the main connection.
 */
export async function evaluateFunnelOffThread(ctx: Ctx, ws: string, def: FunnelDefinition, range: Range, now: number, opts: { inline?: boolean } = {}): Promise<FunnelResult> {
  const client = ctx.db.$client;
  if (opts.inline || client.memory) return evaluateFunnel(client, ws, def, range, now);
  let worker = workers.get(client);
  if (!worker || (!worker.alive && !ctx.shutdown.aborted)) {
    const w = new ReadWorker(sibling(import.meta.url, "funnel-worker"), client.name);
    ctx.shutdown.addEventListener("abort", () => void w.close(), { once: true });
    workers.set(client, (worker = w));
  }
  return worker.call<FunnelResult>("evaluateFunnel", [ws, def, range, now]);
}
