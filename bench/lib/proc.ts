/** Child processes for the bench: spawn pinned to a CPU, wait until ready, read CPU/IO counters, stop. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { request } from "node:http";

export const CLK_TCK = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;
const HAS_TASKSET = spawnSync("taskset", ["-V"]).status === 0;

export interface Child {
  proc: ChildProcess;
  pid: number;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts `cmd args` pinned to `cpu` (taskset execs, so the pid is the program's own). */
export function spawnPinned(cpu: number, cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Child {
  const [file, argv] = HAS_TASKSET ? ["taskset", ["-c", String(cpu), cmd, ...args]] : [cmd, args];
  const proc = spawn(file, argv, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  proc.stderr!.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-8000)));
  const exited = new Promise<number | null>((res) => proc.on("exit", (code) => res(code)));
  if (proc.pid === undefined) throw new Error(`cannot start ${cmd}`);
  return { proc, pid: proc.pid, stderr: () => err, exited };
}

/** Runs a child to completion and returns its stdout (stderr is kept for errors). */
export async function runToEnd(child: Child): Promise<string> {
  let out = "";
  child.proc.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  const code = await child.exited;
  if (code !== 0) throw new Error(`child exited ${code}: ${child.stderr().trim().slice(-2000)}`);
  return out;
}

/** utime+stime of a process (all threads), in microseconds. */
export function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(f[11]) + Number(f[12])) * 1e6) / CLK_TCK;
}

/** Bytes the process passed to write() (wchar) and bytes it caused to reach storage (write_bytes). */
export function ioBytes(pid: number | "self"): { wchar: number; writeBytes: number } {
  try {
    const io = readFileSync(`/proc/${pid}/io`, "utf8");
    const get = (k: string) => Number(new RegExp(`^${k}: (\\d+)`, "m").exec(io)?.[1] ?? NaN);
    return { wchar: get("wchar"), writeBytes: get("write_bytes") };
  } catch {
    return { wchar: NaN, writeBytes: NaN };
  }
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

/** Polls GET url until it answers 2xx, the child exits, or the timeout passes. */
export async function waitReady(child: Child, url: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void child.exited.then(() => (dead = true));
  while (Date.now() < deadline) {
    if (dead) throw new Error(`server exited during startup: ${child.stderr().trim().slice(-2000)}`);
    const status = await new Promise<number>((res) => {
      const req = request(url, { method: "GET", timeout: 1000 }, (r) => {
        r.resume();
        res(r.statusCode ?? 0);
      });
      req.on("error", () => res(0));
      req.on("timeout", () => req.destroy());
      req.end();
    });
    if (status >= 200 && status < 500) return;
    await sleep(100);
  }
  throw new Error(`server not ready after ${timeoutMs} ms: ${child.stderr().trim().slice(-2000)}`);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null when killed by a signal). */
export async function stop(child: Child, graceMs = 15_000): Promise<number | null> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return child.proc.exitCode;
  child.proc.kill("SIGTERM");
  const timer = setTimeout(() => child.proc.kill("SIGKILL"), graceMs);
  const code = await child.exited;
  clearTimeout(timer);
  return code;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
