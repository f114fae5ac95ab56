/**
 * Funnel benchmark (issue #8): `npm run bench -- funnel [--contacts N --events M --reps R]`. A 4-step funnel
 * (page_view → login → feature_used → project_created, 7-day window, entries in the last 30 days) through
 * evaluateFunnel, interleaved with one hand-written SQL statement answering the same step counts; then the
 * longest event-loop stall while it runs inline vs on the worker thread (evaluateFunnelOffThread).
 * `--reps 0` skips the timed comparison; `--modes worker` measures only the worker's stall.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { evaluateFunnelOffThread } from "../../src/analytics/funnel-async.js";
import { evaluateFunnel } from "../../src/analytics/funnel-evaluate.js";
import { parseFunnel } from "../../src/analytics/funnel-inputs.js";
import { dataset, NOW, WORKSPACE } from "../data/generate.js";
import { benchCtx } from "../lib/bench-ctx.js";
import { idleStall, interleave, longestStall, ms, pairedRatio, timing, tm } from "../lib/timing.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const DAY = 86_400_000;
const STEPS = ["page_view", "login", "feature_used", "project_created"];

function flag(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : Number(process.env[`BENCH_${name.toUpperCase()}`] ?? dflt);
}

/** Loose order: each step's first occurrence after the previous step's, within 7 days of entry, not after now. */
function handWritten(windowMs: number): string {
  const next = (k: number) =>
    `s${k} AS MATERIALIZED (SELECT c, t1, (SELECT min(e.created_at) FROM events e WHERE e.contact_id = p.c AND e.name = '${STEPS[k - 1]}'
       AND e.created_at > p.t AND e.created_at <= p.t1 + ${windowMs} AND e.created_at <= @now) AS t FROM s${k - 1} p WHERE p.t IS NOT NULL)`;
  return `WITH s1 AS MATERIALIZED (SELECT contact_id AS c, min(created_at) AS t1, min(created_at) AS t FROM events
            WHERE workspace_id = @ws AND name = '${STEPS[0]}' AND created_at >= @from AND created_at < @to GROUP BY contact_id),
          ${[2, 3, 4].map(next).join(",\n")}
          SELECT (SELECT count(*) FROM s1), (SELECT count(*) FROM s2 WHERE t IS NOT NULL), (SELECT count(*) FROM s3 WHERE t IS NOT NULL), (SELECT count(*) FROM s4 WHERE t IS NOT NULL)`;
}

export async function main(args: string[]): Promise<void> {
  const contacts = flag(args, "contacts", 100_000);
  const events = flag(args, "events", 5_000_000);
  const reps = flag(args, "reps", 5);
  const file = dataset(contacts, events);
  const { ctx, close } = benchCtx(file);
  const db = ctx.db.$client;
  const def = parseFunnel({ steps: STEPS.map((event) => ({ kind: "event", event })), window_days: 7, order: "loose" });
  const range = { from: NOW - 30 * DAY, to: NOW };
  console.log(`funnel bench: ${contacts} contacts / ${events} events (${file}), ${reps} interleaved reps; steps ${STEPS.join(" → ")}, 7-day window, entries in the last 30 days`);

  const hand = db.prepare(handWritten(7 * DAY)).raw(true);
  const params = { ws: WORKSPACE, from: range.from, to: range.to, now: NOW };
  const engine = evaluateFunnel(db, WORKSPACE, def, range, NOW).steps.map((s) => s.count);
  const baseline = hand.get(params) as number[];
  if (engine.join() !== baseline.join()) throw new Error(`step counts differ: engine ${engine} vs hand-written ${baseline}`);
  console.log(`step counts: ${engine.join(" → ")} (engine = hand-written)`);
  const runs = reps === 0 ? { engine: [], handWritten: [] } : interleave({ engine: () => evaluateFunnel(db, WORKSPACE, def, range, NOW), handWritten: () => hand.get(params) }, reps, 1);
  const ratio = pairedRatio(runs.engine!, runs.handWritten!);
  if (reps > 0) {
    console.log(`evaluateFunnel: ${tm(timing(runs.engine!))}   hand-written: ${tm(timing(runs.handWritten!))}`);
    console.log(`engine / hand-written per round: median ${ratio.median.toFixed(2)}x [${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)}] (aim ≤ 2x) ${ratio.median <= 2 ? "PASS" : "MISS"}`);
  }

  const stalls: Record<string, unknown> = {};
  const modes = (args[args.indexOf("--modes") + 1] && args.includes("--modes") ? args[args.indexOf("--modes") + 1]! : "inline,worker").split(",");
  for (const inline of modes.map((m) => m === "inline")) {
    const r = await longestStall(() => evaluateFunnelOffThread(ctx, WORKSPACE, def, range, NOW, { inline }));
    if (r.value.steps.map((s) => s.count).join() !== engine.join()) throw new Error("the worker's funnel differs");
    const idle = await idleStall(r.wallMs);
    const mode = inline ? "inline" : "worker";
    stalls[mode] = { wallMs: r.wallMs, stallMs: r.stallMs, histMaxMs: r.histMaxMs, idleStallMs: idle };
    console.log(`${mode.padEnd(6)}: wall ${ms(r.wallMs)} ms, longest event-loop stall ${ms(r.stallMs)} ms (aim < 50 ms; idle loop, same length: ${ms(idle)} ms)`);
  }
  close();
  mkdirSync(join(root, "bench/results"), { recursive: true });
  const path = join(root, `bench/results/funnel-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(path, JSON.stringify({ contacts, events, reps, counts: engine, times: { engine: timing(runs.engine!), handWritten: timing(runs.handWritten!) }, ratio, stalls }, null, 2));
  console.log(`results: ${path}`);
}
