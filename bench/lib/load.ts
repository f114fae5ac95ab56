/** The load generator: wrk (preferred, PERF.md) with load/segment.lua, or autocannon when wrk is missing. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CLK_TCK, runToEnd, spawnPinned } from "./proc.js";

export type Tool = "wrk" | "autocannon";

export interface LoadSpec {
  url: string; // http://127.0.0.1:port
  path: "/v1/track" | "/v1/batch";
  events: number; // events per request
  users: number;
  auth: string; // Authorization header value ("" for none)
  tag: string; // unique per run: prefixes every messageId
  seconds: number;
  connections: number;
  cpu: number;
}

export interface LoadResult {
  tool: Tool;
  seconds: number;
  requests: number; // responses received
  ok: number; // responses < 400
  non2xx: number; // responses >= 400
  errors: number; // connect/read/write errors
  timeouts: number;
  sent: number; // requests built and written (>= requests; the rest were in flight at the end)
  rps: number;
  p50ms: number;
  p90ms: number;
  p99ms: number;
  maxms: number;
  loadgenCpu: number; // load generator CPU time / wall time (1 = saturated core)
}

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export function pickTool(wanted?: string): Tool {
  const hasWrk = spawnSync("wrk", ["-v"]).error === undefined;
  if (wanted === "autocannon") return "autocannon";
  if (wanted === "wrk" && !hasWrk) throw new Error("wrk not found (apt-get install -y wrk)");
  return hasWrk ? "wrk" : "autocannon";
}

/** CPU time of this process's reaped children (cutime+cstime), in microseconds. */
function childrenCpuMicros(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(f[13]) + Number(f[14])) * 1e6) / CLK_TCK;
}

export async function runLoad(tool: Tool, s: LoadSpec): Promise<LoadResult> {
  const env = {
    ...process.env, BENCH_PATH: s.path, BENCH_EVENTS: String(s.events), BENCH_USERS: String(s.users),
    BENCH_AUTH: s.auth, BENCH_TAG: s.tag, BENCH_TS: new Date().toISOString(),
  };
  const cpu0 = childrenCpuMicros();
  const t0 = performance.now();
  const child =
    tool === "wrk"
      ? spawnPinned(s.cpu, "wrk", ["-t1", `-c${s.connections}`, `-d${s.seconds}s`, "--timeout", "2s", "-s", here("../load/segment.lua"), s.url], { env })
      : spawnPinned(s.cpu, process.execPath, ["--import", "tsx", here("../load/autocannon.ts")], {
          env: { ...env, BENCH_URL: s.url, BENCH_SECONDS: String(s.seconds), BENCH_CONNECTIONS: String(s.connections) },
        });
  const out = await runToEnd(child);
  const wall = (performance.now() - t0) / 1000;
  const line = out.split("\n").find((l) => l.startsWith("BENCH_JSON "));
  if (!line) throw new Error(`${tool} printed no result:\n${out}\n${child.stderr()}`);
  const r = JSON.parse(line.slice(11)) as Record<string, number>;
  const seconds = r.duration_us! / 1e6;
  const requests = r.requests!;
  const lat = (us: number) => (requests > 0 ? us / 1000 : r.sent! > 0 ? Infinity : NaN); // sent but never answered: unbounded
  return {
    tool, seconds, requests, ok: requests - r.status!, non2xx: r.status!, errors: r.connect! + r.read! + r.write!,
    timeouts: r.timeout!, sent: r.sent!, rps: requests / seconds, p50ms: lat(r.p50!), p90ms: lat(r.p90!),
    p99ms: lat(r.p99!), maxms: lat(r.max!), loadgenCpu: (childrenCpuMicros() - cpu0) / 1e6 / wall,
  };
}
