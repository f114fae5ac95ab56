/** One run of one scenario: a fresh server pinned to CPU0, warm-up, measured load from CPU1, verification. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { basicAuth, bodyMaker } from "./bodies.js";
import { runLoad, type LoadResult, type Tool } from "./load.js";
import { cpuMicros, freePort, ioBytes, runToEnd, sleep, spawnPinned, stop, waitReady, type Child } from "./proc.js";

export const SCENARIOS = ["raw-post", "parley-track", "raw-batch", "parley-batch", "raw-insert"] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface Settings {
  root: string; // project root
  parleyJs: string; // built server entry
  tool: Tool;
  seconds: number;
  warmup: number;
  connections: number;
  users: number;
  batchSize: number;
  insertBatch: number;
  cpuProfDir?: string; // when set, Parley runs with --cpu-prof into this directory
  commitStats: boolean; // preload probe/commits.cjs into Parley
  keep: boolean; // keep temp databases
}

export interface Verify {
  stored: number; // events rows in the DB after the server stopped
  accepted: number; // 2xx responses x events per request (warm-up + measured)
  unanswered: number; // requests in flight when the load generator stopped, x events per request
  summaries: number; // sum(event_summaries.count)
  contacts: number;
  ok: boolean; // accepted <= stored <= accepted + unanswered, and the rollup matches
  exact: boolean; // stored === accepted
}

export interface HttpRun {
  scenario: Scenario;
  load: LoadResult;
  events: number; // events per request
  eventsPerSec: number;
  cpuUsPerReq: number;
  serverWriteKBPerEvent: number; // server wchar during the measured window / events (NaN for raw)
  storedPerSec: number; // Parley: events committed to the DB during the measured window, per second (NaN for raw)
  cpuUsPerStored: number; // Parley: server CPU during the window / events committed in it (unaffected by in-flight requests)
  exitCode: number | null;
  verify?: Verify;
  commits?: { commits: number; groupCommits: number; jobs: number; maxJobs: number }; // --commit-stats
}

export interface InsertRun {
  scenario: "raw-insert";
  rows: number;
  rowsPerSec: number;
  cpuUsPerRow: number;
  wcharPer1k: number;
  writeBytesPer1k: number;
}

export async function runScenario(s: Scenario, cfg: Settings, tag: string): Promise<HttpRun | InsertRun> {
  return s === "raw-insert" ? runInsert(cfg) : runHttp(s, cfg, tag);
}

async function runInsert(cfg: Settings): Promise<InsertRun> {
  const dir = mkdtempSync(join(tmpdir(), "parley-bench-"));
  try {
    const args = ["--import", "tsx", join(cfg.root, "bench/storage/raw-insert.ts"), join(dir, "raw.db"), String(cfg.seconds), String(cfg.insertBatch), String(cfg.users)];
    const out = await runToEnd(spawnPinned(0, process.execPath, args, { cwd: cfg.root }));
    const r = JSON.parse(out.split("\n").find((l) => l.startsWith("BENCH_JSON "))!.slice(11)) as Omit<InsertRun, "scenario">;
    return { scenario: "raw-insert", rows: r.rows, rowsPerSec: r.rowsPerSec, cpuUsPerRow: r.cpuUsPerRow, wcharPer1k: r.wcharPer1k, writeBytesPer1k: r.writeBytesPer1k };
  } finally {
    if (!cfg.keep) rmSync(dir, { recursive: true, force: true });
  }
}

async function runHttp(s: Exclude<Scenario, "raw-insert">, cfg: Settings, tag: string): Promise<HttpRun> {
  const parley = s.startsWith("parley");
  const events = s.endsWith("batch") ? cfg.batchSize : 1;
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "parley-bench-"));
  const dbPath = join(dir, "parley.db");
  const writeKey = `wk_bench_${randomBytes(8).toString("hex")}`;
  const env = { ...process.env, PORT: String(port), HOST: "127.0.0.1" };
  let child: Child;
  if (parley) {
    const prof = cfg.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${cfg.cpuProfDir}`, `--cpu-prof-name=${tag}.cpuprofile`] : [];
    const probe = cfg.commitStats ? ["--require", join(cfg.root, "bench/probe/commits.cjs")] : [];
    child = spawnPinned(0, process.execPath, [...prof, ...probe, cfg.parleyJs], {
      cwd: cfg.root,
      env: { ...env, BENCH_COMMIT_STATS: join(dir, "commits.json"), NODE_ENV: "production", DATABASE_PATH: dbPath, PARLEY_WRITE_KEY: writeKey, LOG_LEVEL: "silent", MIGRATIONS_DIR: join(cfg.root, "migrations") },
    });
  } else {
    child = spawnPinned(0, process.execPath, ["--import", "tsx", join(cfg.root, "bench/servers/raw-post.ts")], { cwd: cfg.root, env });
  }
  try {
    const url = `http://127.0.0.1:${port}`;
    await waitReady(child, `${url}/healthz`);
    const spec = { url, path: events === 1 ? "/v1/track" : "/v1/batch", events, users: cfg.users, auth: basicAuth(writeKey), connections: cfg.connections, cpu: 1 } as const;
    // One request first: Parley loads lazy things (the geoip database, ~1 s) on first use; keep that out of the window.
    const primed = await prime(spec, `${tag}-p`);
    const warm = cfg.warmup > 0 ? await runLoad(cfg.tool, { ...spec, tag: `${tag}-w`, seconds: cfg.warmup }) : undefined;
    const stored0 = parley ? countEvents(dbPath) : NaN;
    const cpu0 = cpuMicros(child.pid);
    const io0 = ioBytes(child.pid);
    const load = await runLoad(cfg.tool, { ...spec, tag: `${tag}-m`, seconds: cfg.seconds });
    const cpuUs = cpuMicros(child.pid) - cpu0;
    const io1 = ioBytes(child.pid);
    const stored = parley ? countEvents(dbPath) - stored0 : NaN;
    await sleep(500); // let requests still in flight when the load generator stopped finish
    const exitCode = await stop(child);
    const run: HttpRun = {
      scenario: s, load, events, eventsPerSec: (load.ok * events) / load.seconds, cpuUsPerReq: load.requests > 0 ? cpuUs / load.requests : NaN,
      serverWriteKBPerEvent: parley ? (io1.wchar - io0.wchar) / 1024 / stored : NaN, exitCode,
      storedPerSec: stored / load.seconds, cpuUsPerStored: cpuUs / stored,
    };
    if (parley) run.verify = verify(dbPath, events, [warm, load], primed ? events : 0);
    if (existsSync(join(dir, "commits.json"))) run.commits = JSON.parse(readFileSync(join(dir, "commits.json"), "utf8")) as HttpRun["commits"];
    return run;
  } finally {
    await stop(child);
    if (!cfg.keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** Committed events so far, read through a short-lived read-only connection (WAL: never blocks the server). */
function countEvents(dbPath: string): number {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM events").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Accepted data must all be in the DB; only requests cut off in flight may add more. */
async function prime(spec: { url: string; path: string; events: number; users: number; auth: string }, tag: string): Promise<boolean> {
  const body = bodyMaker({ events: spec.events, users: spec.users, tag, timestamp: new Date().toISOString() })();
  const res = await fetch(spec.url + spec.path, {
    method: "POST", body, headers: { "content-type": "application/json", authorization: spec.auth }, signal: AbortSignal.timeout(60_000),
  });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${spec.path} answered ${res.status} to the first request: ${spec.url}`);
  return true;
}

function verify(dbPath: string, events: number, loads: (LoadResult | undefined)[], primedEvents: number): Verify {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const n = (sql: string) => Number((db.prepare(sql).get() as { n: number | null }).n ?? 0);
    const stored = n("SELECT count(*) AS n FROM events");
    const summaries = n("SELECT sum(count) AS n FROM event_summaries");
    const contacts = n("SELECT count(*) AS n FROM contacts");
    const done = loads.filter((l): l is LoadResult => l !== undefined);
    const accepted = done.reduce((a, l) => a + l.ok, 0) * events + primedEvents;
    const unanswered = done.reduce((a, l) => a + Math.max(0, l.sent - l.requests), 0) * events;
    const ok = stored >= accepted && stored <= accepted + unanswered && summaries === stored;
    return { stored, accepted, unanswered, summaries, contacts, ok, exact: stored === accepted };
  } finally {
    db.close();
  }
}
