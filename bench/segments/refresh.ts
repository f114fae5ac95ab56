/**
 * The refresh job over every saved segment (segments bench, step 4): `rounds` refreshes after an hour (the job's
 * cadence, worker and inline reads alternating first), then one after a day's stop, each with the longest event-loop
 * stall it caused next to an idle loop's over the same time (what this machine's scheduling alone costs).
 */
import type { Ctx } from "../../src/context.js";
import { DAY, HOUR, type FakeClock } from "../../src/lib/clock.js";
import { refreshSegments } from "../../src/segments/index.js";
import { segmentReader, setSegmentReadMode, type ReadMode } from "../../src/segments/worker-reader.js";
import type { CompiledSegment } from "../../src/segments/tree.js";
import { idleStall, longestStall, ms } from "../lib/timing.js";

export interface RefreshRun {
  after: string;
  mode: ReadMode;
  wallMs: number;
  stallMs: number;
  histMaxMs: number;
  idleStallMs: number;
  segments: number;
  candidates: number;
  changes: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

async function once(ctx: Ctx, clock: FakeClock, compiled: CompiledSegment, label: string, step: number, mode: ReadMode): Promise<RefreshRun> {
  setSegmentReadMode(ctx, mode);
  await segmentReader(ctx).timeCandidates(compiled, 0, 0); // start the thread outside the window (it lives as long as the app)
  clock.advance(step);
  const r = await longestStall(() => refreshSegments(ctx));
  const idle = await idleStall(Math.min(5000, r.wallMs));
  const run: RefreshRun = { after: label, mode, wallMs: r.wallMs, stallMs: r.stallMs, histMaxMs: r.histMaxMs, idleStallMs: idle, ...r.value };
  console.log(`4. refresh ${run.segments} segments after ${label}, ${mode.padEnd(6)}: wall ${ms(run.wallMs)} ms, ${run.candidates} candidates, ${run.changes} changes, longest stall ${ms(run.stallMs)} ms (idle loop, same length: ${ms(idle)} ms)`);
  return run;
}

export async function refreshRuns(ctx: Ctx, clock: FakeClock, compiled: CompiledSegment, rounds: number): Promise<RefreshRun[]> {
  const runs: RefreshRun[] = [];
  for (let i = 0; i < rounds; i++) {
    for (const mode of i % 2 === 0 ? (["worker", "inline"] as const) : (["inline", "worker"] as const)) runs.push(await once(ctx, clock, compiled, "1 hour", HOUR, mode));
  }
  for (const mode of ["worker", "inline"] as const) {
    const mine = runs.filter((r) => r.mode === mode);
    const stalls = mine.map((r) => r.stallMs);
    console.log(`   after 1 hour, ${mode.padEnd(6)}: longest stall median ${ms(median(stalls))} ms, max ${ms(Math.max(...stalls))} ms over ${mine.length} refreshes; idle loop median ${ms(median(mine.map((r) => r.idleStallMs)))} ms (aim < 50 ms)`);
  }
  runs.push(await once(ctx, clock, compiled, "1 day", DAY, "worker"));
  return runs;
}
