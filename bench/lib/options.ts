/** Command-line flags (and BENCH_* environment variables) for bench/run.ts. */
import { SCENARIOS, type Scenario } from "./scenarios.js";

export interface Options {
  rounds: number;
  duration: number;
  warmup: number;
  connections: number;
  users: number;
  batchSize: number;
  insertBatch: number;
  scenarios: Scenario[];
  tool?: string;
  parley?: string;
  build: boolean;
  cpuProf: boolean;
  commitStats: boolean;
  keep: boolean;
  out: string;
}

export const USAGE = `npm run bench -- [flags]      (flags also read from BENCH_<NAME> env, e.g. BENCH_ROUNDS=6)
  --rounds N          interleaved rounds (default 4)
  --duration S        seconds of measured load per run (default 10)
  --warmup S          unmeasured seconds of load before each measured run (default 2)
  --connections C     concurrent connections (default 256)
  --scenarios LIST    comma list of ${SCENARIOS.join(",")} (default all)
  --users N           distinct userIds in the generated events (default 10000)
  --batch-size N      events per /v1/batch request (default 20)
  --insert-batch N    rows per transaction in raw-insert (default 1000)
  --tool wrk|autocannon  load generator (default: wrk if installed, else autocannon)
  --parley PATH       built server entry (default dist/src/server.js)
  --build             compile src with tsc into bench/.dist first and run that build
  --cpu-prof          run Parley with --cpu-prof; profiles and a hotspot summary land in the results dir
  --commit-stats      preload probe/commits.cjs into Parley: messages per group commit (diagnostic)
  --keep              keep the temporary databases
  --out DIR           results directory (default bench/results)`;

export function parseOptions(argv: string[], env = process.env): Options {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--help" || a === "-h") throw new Error(USAGE);
    if (!a.startsWith("--")) throw new Error(`unexpected argument ${a}\n${USAGE}`);
    const [k, inline] = a.slice(2).split("=", 2) as [string, string | undefined];
    if (["build", "cpu-prof", "commit-stats", "keep"].includes(k)) flags.set(k, "1");
    else flags.set(k, inline ?? argv[++i] ?? "");
  }
  const get = (k: string) => flags.get(k) ?? env[`BENCH_${k.toUpperCase().replace(/-/g, "_")}`];
  const int = (k: string, d: number) => {
    const v = get(k);
    const n = v === undefined ? d : Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${k} must be a number`);
    return n;
  };
  const list = (get("scenarios") ?? SCENARIOS.join(",")).split(",").map((x) => x.trim()).filter(Boolean);
  for (const s of list) if (!SCENARIOS.includes(s as Scenario)) throw new Error(`unknown scenario ${s}; known: ${SCENARIOS.join(", ")}`);
  return {
    rounds: Math.max(1, int("rounds", 4)), duration: Math.max(1, int("duration", 10)), warmup: int("warmup", 2),
    connections: Math.max(1, int("connections", 256)), users: Math.max(1, int("users", 10_000)),
    batchSize: Math.max(2, int("batch-size", 20)), insertBatch: Math.max(1, int("insert-batch", 1000)),
    scenarios: SCENARIOS.filter((s) => list.includes(s)), tool: get("tool"), parley: get("parley"),
    build: get("build") === "1", cpuProf: get("cpu-prof") === "1", commitStats: get("commit-stats") === "1", keep: get("keep") === "1", out: get("out") ?? "bench/results",
  };
}
