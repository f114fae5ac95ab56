/**
 * Where the refresh job's longest event-loop stall comes from: `npx tsx bench/segments/stall-profile.ts [--segments 50]
 * [--rounds 4] [--step hour|day]`. Saves the bench segments, then runs the refresh job (reads on the worker) under the
 * V8 sampling profiler, and prints the longest stretch of main-thread samples without idle time, by the Parley
 * function on top of each sample's stack.
 */
import { Session } from "node:inspector/promises";
import { createSegment, refreshSegments } from "../../src/segments/index.js";
import { segmentReader, setSegmentReadMode } from "../../src/segments/worker-reader.js";
import { DAY, HOUR } from "../../src/lib/clock.js";
import { dataset, WORKSPACE } from "../data/generate.js";
import { benchCtx } from "../lib/bench-ctx.js";
import { idleStall, ms } from "../lib/timing.js";
import { savedSegments } from "./definitions.js";

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; parent?: number; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number }

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
}

/** The samples inside [from, to] (µs, the profile's clock), their time split by the innermost Parley frames of each. */
function inside(p: Profile, from: number, to: number): [string, number][] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  for (const n of p.nodes) for (const c of n.children ?? []) byId.get(c)!.parent = n.id;
  const label = (id: number): string => {
    const leaf = byId.get(id)!;
    if (leaf.callFrame.functionName.startsWith("(")) return leaf.callFrame.functionName;
    const own: string[] = [];
    for (let n: ProfileNode | undefined = leaf; n; n = n.parent ? byId.get(n.parent) : undefined) {
      const f = n.callFrame;
      if (/\/(src|bench)\//.test(f.url)) own.push(`${f.functionName || "(anon)"} ${f.url.replace(/.*\/(src|bench)\//, "$1/")}`);
      if (own.length === 3) break;
    }
    return `${own.join(" < ") || "(outside Parley)"} [${leaf.callFrame.functionName || "(anon)"}]`;
  };
  const by = new Map<string, number>();
  let t = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i]!;
    if (t < from || t > to) continue;
    const k = label(p.samples[i]!);
    by.set(k, (by.get(k) ?? 0) + (p.timeDeltas[i + 1] ?? 0) / 1000);
  }
  return [...by].sort((a, b) => b[1] - a[1]).slice(0, 14);
}

/** Runs `fn` with a 1 ms heartbeat; returns the worst gaps (µs on the monotonic clock the profiler uses). */
async function gaps<T>(fn: () => Promise<T>): Promise<{ value: T; worst: { from: number; to: number }[] }> {
  const now = () => Number(process.hrtime.bigint() / 1000n);
  const all: { from: number; to: number }[] = [];
  let last = now();
  const beat = setInterval(() => {
    const t = now();
    all.push({ from: last, to: t });
    last = t;
  }, 1);
  try {
    const value = await fn();
    return { value, worst: all.sort((a, b) => b.to - b.from - (a.to - a.from)).slice(0, 3) };
  } finally {
    clearInterval(beat);
  }
}

const nSegments = Number(arg("segments", "50"));
const rounds = Number(arg("rounds", "4"));
const step = arg("step", "hour") === "day" ? DAY : HOUR;
const b = benchCtx(dataset(Number(arg("contacts", "100000")), Number(arg("events", "5000000"))));
const { ctx, clock } = b;
ctx.db.$client.prepare("DELETE FROM segments WHERE workspace_id = ?").run(WORKSPACE);
setSegmentReadMode(ctx, "inline");
for (const s of savedSegments(nSegments)) createSegment(ctx, WORKSPACE, { name: s.name, ...s.def });
setSegmentReadMode(ctx, "worker");
await segmentReader(ctx).timeCandidates({ workspaceId: WORKSPACE, root: { edges: [] } } as never, 0, 0);
const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 100 });
for (let r = 0; r < rounds; r++) {
  clock.advance(step);
  await session.post("Profiler.start");
  const t0 = performance.now();
  const run = await gaps(() => refreshSegments(ctx));
  const wall = performance.now() - t0;
  const { profile } = (await session.post("Profiler.stop")) as unknown as { profile: Profile };
  const idle = await idleStall(Math.min(3000, wall));
  console.log(`round ${r + 1}: wall ${ms(wall)} ms, ${run.value.candidates} candidates, ${run.value.changes} changes (idle loop ${ms(idle)} ms)`);
  for (const g of run.worst) {
    console.log(`  stall ${ms((g.to - g.from) / 1000)} ms:`);
    for (const [k, v] of inside(profile, g.from, g.to)) console.log(`   ${ms(v).padStart(6)} ms  ${k}`);
  }
}
session.disconnect();
ctx.db.$client.prepare("DELETE FROM segments WHERE workspace_id = ?").run(WORKSPACE);
b.close();
