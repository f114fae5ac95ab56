/**
 * Segments benchmark (issue #4, PERF.md §3 rows 3 and 3a): `npm run bench -- segments [--contacts N --events M]`.
 * Full evaluation vs the best hand-written SQL in the same run, incremental re-evaluation after one event, 50 saved
 * segments refreshed by the job, the longest event-loop stall (worker vs inline), and a cold first evaluation.
 * `--steps 1,4` runs only some steps; `--reps N` rounds of step 1, `--refresh-rounds N` of step 4.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Ctx } from "../../src/context.js";
import { compileDefinition, createSegment, evaluateAll, fullQuery, parseDefinition, queryPlan } from "../../src/segments/index.js";
import type { CompiledSegment } from "../../src/segments/tree.js";
import { segmentReader, setSegmentReadMode } from "../../src/segments/worker-reader.js";
import { recomputeOffThread } from "../../src/segments/worker-apply.js";
import { dataset, NOW, WORKSPACE } from "../data/generate.js";
import { benchCtx } from "../lib/bench-ctx.js";
import { idleStall, interleave, longestStall, ms, pairedRatio, timing, tm } from "../lib/timing.js";
import { baselines, savedSegments, TARGET } from "./definitions.js";
import { incremental } from "./incremental.js";
import { refreshRuns } from "./refresh.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

function flag(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : Number(process.env[`BENCH_${name.toUpperCase().replace(/-/g, "_")}`] ?? dflt);
}

export async function main(args: string[]): Promise<void> {
  const contacts = flag(args, "contacts", 100_000);
  const events = flag(args, "events", 5_000_000);
  // 1M / 50M: each full evaluation takes seconds, so fewer rounds keep the run within minutes.
  const reps = flag(args, "reps", contacts >= 1_000_000 ? 5 : 15);
  const si = args.indexOf("--steps");
  const steps = new Set((si >= 0 ? args[si + 1]! : "1,2,3,4,5").split(",").map(Number));
  const nSegments = flag(args, "segments", 50);
  const out: Record<string, unknown> = { contacts, events, reps, steps: [...steps] };
  const file = dataset(contacts, events);
  const b = benchCtx(file);
  const { ctx, clock } = b;
  const db = ctx.db.$client;
  db.prepare("DELETE FROM segments WHERE workspace_id = ?").run(WORKSPACE);
  db.prepare("INSERT OR IGNORE INTO data_attributes (workspace_id, model, name, data_type, label, created_by, created_at, updated_at) VALUES (?, 'contact', 'seats', 'integer', 'Seats', 'api', ?, ?)").run(WORKSPACE, NOW, NOW);
  console.log(`segments bench: ${contacts} contacts / ${events} events (${file}), ${reps} interleaved reps`);

  const compiled = compileDefinition({ ctx, workspaceId: WORKSPACE, strict: true, stack: [] }, parseDefinition(TARGET));
  if (steps.has(1)) out.full = fullEvaluation(ctx, compiled, reps);
  if (steps.has(2)) out.recomputeStall = await recomputeStall(ctx, compiled);

  // 3. Incremental re-evaluation after one event, with one segment and with all saved segments.
  if (steps.has(3)) {
    out.incrementalOne = incremental(ctx, 200);
    console.log(`3. one event → re-evaluate the contact, 1 segment: ${tm(out.incrementalOne as never)} (aim ≤ 2 ms)`);
  }
  if (steps.has(3) || steps.has(4)) {
    db.prepare("DELETE FROM segments WHERE workspace_id = ?").run(WORKSPACE);
    setSegmentReadMode(ctx, "inline");
    const tCreate = performance.now();
    for (const s of savedSegments(nSegments)) createSegment(ctx, WORKSPACE, { name: s.name, ...s.def });
    out.create50Ms = performance.now() - tCreate;
    console.log(`   (created ${nSegments} segments with their first full evaluation in ${ms(out.create50Ms as number)} ms)`);
  }
  if (steps.has(3)) {
    out.incrementalAll = incremental(ctx, 200);
    console.log(`   ${nSegments} segments: ${tm(out.incrementalAll as never)} (aim ≤ 2 ms)`);
  }

  // 4. The refresh job over every saved segment: after an hour (its cadence), then after a day's stop.
  if (steps.has(4)) out.refresh = await refreshRuns(ctx, clock, compiled, flag(args, "refresh-rounds", contacts >= 1_000_000 ? 2 : 4));
  db.prepare("DELETE FROM segments WHERE workspace_id = ?").run(WORKSPACE);
  b.close();

  // 5. Cold: a new process's first evaluation, with the OS page cache warm, then with the dataset's pages evicted.
  if (steps.has(5)) {
    const cold: Record<string, unknown> = {};
    for (const evict of [false, true]) {
      if (evict) for (const f of [file, `${file}-wal`]) spawnSync("dd", [`if=${f}`, "iflag=nocache", "count=0", "status=none"]);
      const r = spawnSync(process.execPath, ["--import", "tsx", join(root, "bench/segments/cold.ts"), file], { cwd: root, encoding: "utf8" });
      const line = r.stdout.split("\n").find((l) => l.startsWith("{"));
      if (!line) throw new Error(`cold run failed: ${r.stderr}`);
      cold[evict ? "pagesEvicted" : "processOnly"] = JSON.parse(line);
      console.log(`5. cold first evaluation, ${evict ? "dataset pages evicted from the OS cache" : "new process, OS cache warm"}: ${line}`);
    }
    out.cold = cold;
  }

  mkdirSync(join(root, "bench/results"), { recursive: true });
  const path = join(root, `bench/results/segments-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(path, JSON.stringify(out, null, 2));
  console.log(`\nresults: ${path}`);
}

/** 1. Full evaluation, warm, vs the best hand-written SQL in the same rounds. */
function fullEvaluation(ctx: Ctx, compiled: CompiledSegment, reps: number): Record<string, unknown> {
  const db = ctx.db.$client;
  const engine = () => evaluateAll(db, compiled, NOW);
  const hand = Object.entries(baselines(WORKSPACE, NOW)).map(([k, q]) => [k, db.prepare(q.sql).pluck()] as const);
  const firstMs = performance.now();
  const members = engine();
  const firstInProcessMs = performance.now() - firstMs;
  const expect = [...members].sort().join();
  for (const [k, st] of hand) {
    const ids = (st.all(...baselines(WORKSPACE, NOW)[k]!.params) as string[]).sort().join();
    if (ids !== expect) throw new Error(`baseline ${k} disagrees with the engine (${ids.split(",").length} vs ${members.length} contacts)`);
  }
  const cands: Record<string, () => unknown> = { engine };
  for (const [k, st] of hand) cands[k] = () => st.all(...baselines(WORKSPACE, NOW)[k]!.params);
  const runs = interleave(cands, reps);
  const best = runs.engine!.map((_, i) => Math.min(...hand.map(([k]) => runs[k]![i]!)));
  const ratio = pairedRatio(runs.engine!, best);
  const plan = queryPlan(db, fullQuery(db, compiled, NOW), NOW);
  console.log(`\n1. full evaluation (${members.length} members; first call in this process ${ms(firstInProcessMs)} ms)`);
  for (const [k, v] of Object.entries(runs)) console.log(`   ${k.padEnd(11)} ${tm(timing(v))}`);
  console.log(`   engine / best hand-written, per round: median ${ratio.median.toFixed(2)}x [${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)}]  (aim ≤ 2x) ${ratio.median <= 2 ? "PASS" : "MISS"}`);
  console.log(`   plan: ${plan.join(" | ")}`);
  return { members: members.length, firstInProcessMs, plan, times: Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, timing(v)])), bestPerRound: timing(best), ratio };
}

/** 2. The stall a full recompute (what saving a definition runs) causes: reads inline on the main connection vs on the worker. */
async function recomputeStall(ctx: Ctx, compiled: CompiledSegment): Promise<Record<string, unknown>> {
  const db = ctx.db.$client;
  const seg = createSegment(ctx, WORKSPACE, { name: "bench target", ...TARGET });
  const stalls: Record<string, unknown> = {};
  for (const mode of ["inline", "worker"] as const) {
    setSegmentReadMode(ctx, mode);
    await segmentReader(ctx).timeCandidates(compiled, NOW, NOW); // start the thread outside the window (it lives as long as the app)
    db.prepare("UPDATE segment_memberships SET exited_at = ? WHERE segment_id = ? AND exited_at IS NULL").run(NOW, seg.id);
    const r = await longestStall(() => recomputeOffThread(ctx, seg, compiled, "definition"));
    const idle = await idleStall(r.wallMs);
    stalls[mode] = { wallMs: r.wallMs, stallMs: r.stallMs, histMaxMs: r.histMaxMs, idleStallMs: idle, changes: r.value };
    console.log(`2. full recompute (${r.value} entries), ${mode.padEnd(6)}: wall ${ms(r.wallMs)} ms, longest event-loop stall ${ms(r.stallMs)} ms (aim < 50 ms; idle loop, same length: ${ms(idle)} ms)`);
  }
  return stalls;
}
