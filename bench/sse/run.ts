/**
 * SSE benchmark: N idle connections from a second process against Parley's messenger stream and against a raw
 * node:http SSE hub, in the same run. Reports server RSS per connection and the latency of one operator message
 * reaching H widgets of one contact (each delivery timed), as ratios to the raw hub. See bench/README.md.
 *
 *   npx tsx bench/sse/run.ts [--connections 10000] [--hot 1000] [--contacts 1000] [--messages 30]
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { freePort } from "../lib/proc.js";

function arg(name: string, d: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = Number(i >= 0 ? process.argv[i + 1] : (process.env[`BENCH_${name.toUpperCase()}`] ?? d));
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} must be a positive integer`);
  return v;
}
const N = arg("connections", 10_000);
const HOT = arg("hot", 1_000);
const CONTACTS = arg("contacts", 1_000);
const MESSAGES = arg("messages", 30);
const TOKEN = "bench-sse-token-0123456789abcdef";
const ROOT = new URL("../../", import.meta.url).pathname;

/** Open files wanted by each child: every connection is a socket, plus headroom. */
const NOFILE = N + 2_000;
const hardLimit = spawnSync("sh", ["-c", "ulimit -Hn"], { encoding: "utf8" }).stdout.trim();
const nofile = hardLimit === "unlimited" ? NOFILE : Math.min(NOFILE, Number(hardLimit));
if (nofile < N + 100) throw new Error(`ulimit -Hn is ${hardLimit}: too low for ${N} connections; raise it (e.g. prlimit) and run again`);

/** Runs `node <args>` with the open-file limit raised for that child only. */
function nodeChild(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn("sh", ["-c", `ulimit -n ${nofile} && exec node "$@"`, "node", ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "inherit"] });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MEM_DIR = mkdtempSync(join(tmpdir(), "parley-sse-mem-"));
/** Server flags: a GC-and-report hook on SIGUSR2 (mem-probe.ts), preloaded the same way into both servers. */
const SERVER_FLAGS = ["--expose-gc", "--import", "tsx", "--import", "./bench/sse/mem-probe.ts"];
const memFile = (pid: number) => join(MEM_DIR, `${pid}.json`);
process.on("exit", () => rmSync(MEM_DIR, { recursive: true, force: true }));

/** RSS and heap (KB) after a full GC in the server, once it has been quiet for a moment. */
async function settledMemory(pid: number): Promise<{ rss: number; heap: number }> {
  await sleep(2_000);
  rmSync(memFile(pid), { force: true });
  process.kill(pid, "SIGUSR2");
  for (let i = 0; i < 100; i++) {
    await sleep(100);
    try {
      const m = JSON.parse(readFileSync(memFile(pid), "utf8")) as { rss: number; heapUsed: number };
      return { rss: m.rss / 1024, heap: m.heapUsed / 1024 };
    } catch {
      // not written yet
    }
  }
  throw new Error(`server ${pid} did not report its memory`);
}

async function waitHealthy(base: string, path: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await fetch(base + path).then((r) => r.ok, () => false)) return;
    await sleep(100);
  }
  throw new Error(`${base}${path} never answered`);
}

interface Target {
  name: string;
  server: ChildProcess;
  idle: string[];
  hot: string[];
  trigger: { url: string; headers: Record<string, string>; template: string };
  cleanup(): void;
}

async function rawTarget(): Promise<Target> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = nodeChild([...SERVER_FLAGS, "bench/sse/raw-hub.ts"], { PORT: String(port), BENCH_MEM_DIR: MEM_DIR });
  await waitHealthy(base, "/healthz");
  return {
    name: "raw node:http hub", server,
    idle: Array.from({ length: N - HOT }, (_, i) => `${base}/stream?ch=c${i % CONTACTS}`),
    hot: Array.from({ length: HOT }, () => `${base}/stream?ch=hot`),
    trigger: { url: `${base}/publish?ch=hot`, headers: { "content-type": "text/plain" }, template: "MARKER" },
    cleanup: () => {},
  };
}

async function parleyTarget(): Promise<Target> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), "parley-sse-bench-"));
  const server = nodeChild([...SERVER_FLAGS, "src/server.ts"], {
    BENCH_MEM_DIR: MEM_DIR, PORT: String(port), HOST: "127.0.0.1", DATABASE_PATH: join(dir, "parley.db"), LOG_LEVEL: "silent", PARLEY_API_TOKEN: TOKEN,
    PARLEY_ADMIN_EMAIL: "bench@example.test", PARLEY_ADMIN_PASSWORD: "bench-password", WIDGET_BOOT_RATE_LIMIT: "1000000", PUBLIC_URL: base,
  });
  await waitHealthy(base, "/healthz");
  const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", accept: "application/json" };
  const me = (await (await fetch(`${base}/api/me`, { headers: auth })).json()) as { app: { id_code: string } };
  const admins = (await (await fetch(`${base}/api/admins`, { headers: auth })).json()) as { admins: { id: string }[] };
  const bootOne = async (i: number) => {
    const res = await fetch(`${base}/messenger/boot`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ app_id: me.app.id_code, anonymous_id: `bench-visitor-${i}` }) });
    if (!res.ok) throw new Error(`boot: HTTP ${res.status} ${await res.text()}`);
    return ((await res.json()) as { session: string }).session;
  };
  const sessions: string[] = [];
  for (let i = 0; i <= CONTACTS; i += 8) sessions.push(...(await Promise.all(Array.from({ length: Math.min(8, CONTACTS + 1 - i) }, (_, k) => bootOne(i + k)))));
  const hotSession = sessions.pop()!;
  const started = await fetch(`${base}/messenger/conversations`, { method: "POST", headers: { authorization: `Bearer ${hotSession}`, "content-type": "application/json" }, body: JSON.stringify({ body: "hello" }) });
  const conv = ((await started.json()) as { conversation: { id: string } }).conversation.id;
  const stream = (s: string) => `${base}/messenger/stream?session=${encodeURIComponent(s)}`;
  return {
    name: "Parley /messenger/stream", server,
    idle: Array.from({ length: N - HOT }, (_, i) => stream(sessions[i % sessions.length]!)),
    hot: Array.from({ length: HOT }, () => stream(hotSession)),
    trigger: {
      url: `${base}/api/conversations/${conv}/reply`, headers: auth,
      template: JSON.stringify({ message_type: "comment", type: "admin", admin_id: admins.admins[0]!.id, body: "MARKER" }),
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

interface Result {
  name: string;
  connected: number;
  rssBaseKb: number;
  rssKb: number;
  perConnKb: number;
  heapPerConnKb: number;
  p50: number;
  p99: number;
  max: number;
  lost: number;
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

async function measure(t: Target): Promise<Result> {
  const base = await settledMemory(t.server.pid!);
  const planFile = join(mkdtempSync(join(tmpdir(), "parley-sse-plan-")), "plan.json");
  writeFileSync(planFile, JSON.stringify({ idle: t.idle, hot: t.hot, trigger: t.trigger }));
  const client = nodeChild(["--import", "tsx", "bench/sse/clients.ts"], { SSE_PLAN_FILE: planFile });
  const lines = createInterface({ input: client.stdout! });
  const next = () => new Promise<Record<string, unknown>>((resolve) => lines.once("line", (l) => resolve(JSON.parse(l) as Record<string, unknown>)));
  const hello = await next();
  if (hello.error) throw new Error(`${t.name}: ${String(hello.error)}`);
  const after = await settledMemory(t.server.pid!);
  const times: number[] = [];
  let lost = 0;
  for (let n = 0; n < MESSAGES; n++) {
    const answer = next();
    client.stdin!.write(`${JSON.stringify({ go: n })}\n`);
    const r = await answer;
    if (r.error) throw new Error(`${t.name}: ${String(r.error)}`);
    times.push(...(r.times as number[]));
    lost += HOT - (r.received as number);
    await sleep(200);
  }
  client.kill("SIGTERM");
  times.sort((a, b) => a - b);
  const n = hello.connected as number;
  return {
    name: t.name, connected: n, rssBaseKb: base.rss, rssKb: after.rss, perConnKb: (after.rss - base.rss) / n, heapPerConnKb: (after.heap - base.heap) / n,
    p50: pct(times, 50), p99: pct(times, 99), max: times.at(-1) ?? NaN, lost,
  };
}

async function run(make: () => Promise<Target>): Promise<Result> {
  const t = await make();
  try {
    return await measure(t);
  } finally {
    t.server.kill("SIGTERM");
    await new Promise((r) => t.server.once("exit", r));
    t.cleanup();
  }
}

const f = (x: number, d = 1) => x.toFixed(d);
const raw = await run(rawTarget);
const parley = await run(parleyTarget);
console.log(`SSE bench: ${N} connections (${HOT} on one contact), ${CONTACTS} other contacts, ${MESSAGES} messages; child ulimit -n ${nofile}`);
console.log("target                     | connected | RSS before → after (MB) | RSS KB/conn | heap KB/conn | p50 ms | p99 ms | max ms | lost");
for (const r of [raw, parley]) {
  console.log(`${r.name.padEnd(26)} | ${String(r.connected).padStart(9)} | ${`${f(r.rssBaseKb / 1024)} → ${f(r.rssKb / 1024)}`.padEnd(23)} | ${f(r.perConnKb).padStart(11)} | ${f(r.heapPerConnKb).padStart(12)} | ${f(r.p50).padStart(6)} | ${f(r.p99).padStart(6)} | ${f(r.max).padStart(6)} | ${r.lost}`);
}
const memRatio = parley.perConnKb / raw.perConnKb;
console.log(`heap per connection: ${f(parley.heapPerConnKb / raw.heapPerConnKb, 2)}× raw`);
const latRatio = parley.p99 / raw.p99;
console.log(`memory per connection: ${f(memRatio, 2)}× raw (target ≤ 1.5×) ${memRatio <= 1.5 ? "PASS" : "MISS"}`);
console.log(`p99 delivery to ${HOT} widgets: ${f(latRatio, 2)}× raw (target ≤ 2×) ${latRatio <= 2 ? "PASS" : "MISS"}`);
if (raw.lost + parley.lost > 0) process.exitCode = 2;
