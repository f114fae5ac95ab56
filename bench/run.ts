/**
 * Parley ingest benchmark (PERF.md §3 rows 1, 1a, 1b, 2): interleaved rounds of raw ceilings and the real
 * built server, each a fresh process pinned to CPU0 with the load generator on CPU1. See bench/README.md.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { pickTool } from "./lib/load.js";
import { parseOptions, type Options } from "./lib/options.js";
import { printTable, ratios, summarize, type Round } from "./lib/report.js";
import { runScenario, type HttpRun, type Settings } from "./lib/scenarios.js";
import { num } from "./lib/stats.js";
import { summarizeProfiles } from "./profile.js";

const root = fileURLToPath(new URL("..", import.meta.url));

function newestMtime(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Finds (or with --build compiles) the Parley server entry. */
function parleyEntry(o: Options): string {
  if (o.build) {
    const outDir = join(root, "bench/.dist");
    console.log(`building Parley into ${outDir} …`);
    const r = spawnSync(join(root, "node_modules/.bin/tsc"), ["-p", "tsconfig.build.json", "--outDir", outDir], { cwd: root, stdio: "inherit" });
    if (r.status !== 0) throw new Error("tsc failed: fix the build (or run without the Parley scenarios)");
    return join(outDir, "src/server.js");
  }
  const entry = resolve(root, o.parley ?? "dist/src/server.js");
  if (!existsSync(entry)) throw new Error(`${entry} not found: run \`npm run build\` first, or pass --build`);
  if (!o.parley && statSync(entry).mtimeMs < newestMtime(join(root, "src"))) {
    console.warn(`warning: ${entry} is older than src/; run \`npm run build\` (or pass --build) to bench the current code`);
  }
  return entry;
}

function describe(s: string, r: HttpRun | { rowsPerSec: number }): string {
  if ("rowsPerSec" in r) return `${s}: ${num(r.rowsPerSec)} rows/s`;
  const l = r.load;
  const v = r.verify ? `  DB ${num(r.verify.stored)} events vs accepted ${num(r.verify.accepted)} (+${num(r.verify.unanswered)} in flight) ${r.verify.ok ? "OK" : "FAIL"}` : "";
  const c = r.commits ? `  ${(r.commits.jobs / Math.max(1, r.commits.groupCommits)).toFixed(1)} msgs/commit (max ${r.commits.maxJobs})` : "";
  return `${s}: ${num(l.rps)} req/s, ${num(r.eventsPerSec)} ev/s, p50 ${l.p50ms.toFixed(1)} p99 ${l.p99ms.toFixed(1)} ms, ${r.cpuUsPerReq.toFixed(1)} µs/req, non2xx ${l.non2xx} err ${l.errors} to ${l.timeouts}${v}${c}`;
}

/** In-process query benchmarks, run as `npm run bench -- <name> [flags]` (bench/README.md "Query benchmarks"). */
const SUB_BENCHMARKS: Record<string, () => Promise<{ main(args: string[]): Promise<void> }>> = {
  contacts: () => import("./contacts/run.js"),
  segments: () => import("./segments/run.js"),
  funnel: () => import("./funnels/run.js"),
};

async function main(): Promise<void> {
  const sub = SUB_BENCHMARKS[process.argv[2] ?? ""];
  if (sub) return (await sub()).main(process.argv.slice(3));
  const o = parseOptions(process.argv.slice(2));
  const needsParley = o.scenarios.some((s) => s.startsWith("parley"));
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const outDir = resolve(root, o.out);
  const profDir = o.cpuProf ? join(outDir, `prof-${stamp}`) : undefined;
  const cfg: Settings = {
    root, parleyJs: needsParley ? parleyEntry(o) : "", tool: pickTool(o.tool), seconds: o.duration, warmup: o.warmup,
    connections: o.connections, users: o.users, batchSize: o.batchSize, insertBatch: o.insertBatch, commitStats: o.commitStats, keep: o.keep,
    ...(profDir && { cpuProfDir: profDir }),
  };
  console.log(`${o.rounds} round(s) × [${o.scenarios.join(", ")}], ${o.duration} s (+${o.warmup} s warm-up), c=${o.connections}, ${cfg.tool}, server on CPU0, load on CPU1`);
  if (cfg.tool === "autocannon" && o.tool !== "autocannon") console.log("note: wrk not found, using autocannon (apt-get install -y wrk for the PERF.md method)");

  const rounds: Round[] = [];
  let lost = false;
  for (let i = 1; i <= o.rounds; i++) {
    const round: Round = {};
    for (const s of o.scenarios) {
      const r = await runScenario(s, cfg, `r${i}-${s}-${stamp}`);
      round[s] = r;
      console.log(`  round ${i} ${describe(s, r)}`);
      if ("verify" in r && r.verify && !r.verify.ok) lost = true;
      if ("exitCode" in r && r.exitCode !== 0) console.warn(`  warning: ${s} server exited with ${r.exitCode}`);
    }
    rounds.push(round);
  }

  const scen = summarize(rounds);
  const rs = ratios(rounds);
  console.log(`\n${printTable(scen, rs, o.rounds)}`);
  const checks = rounds.flatMap((r, i) =>
    (["parley-track", "parley-batch"] as const).flatMap((s) => ((r[s] as HttpRun | undefined)?.verify ? [{ round: i + 1, scenario: s, ...(r[s] as HttpRun).verify! }] : [])),
  );
  if (checks.length > 0) {
    const bad = checks.filter((c) => !c.ok);
    console.log(`correctness: ${checks.length - bad.length}/${checks.length} Parley runs stored every accepted event (${checks.filter((c) => c.exact).length} exactly, the rest also kept requests cut off in flight)`);
    for (const c of bad) console.log(`  FAIL round ${c.round} ${c.scenario}: DB ${c.stored} events, accepted ${c.accepted}, in flight ${c.unanswered}, rollup sum ${c.summaries}`);
  }
  const profile = profDir ? summarizeProfiles(profDir) : undefined;
  if (profile) console.log(`\n${profile.text}`);

  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${stamp}.json`);
  const machine = { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, tool: cfg.tool };
  writeFileSync(file, JSON.stringify({ startedAt: stamp, options: o, machine, summary: scen, ratios: rs, correctness: checks, rounds, profile: profile?.top }, (_k, v: unknown) => (v === Infinity ? "Infinity" : v), 2));
  console.log(`\nresults: ${file}`);
  if (lost) process.exitCode = 2;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
