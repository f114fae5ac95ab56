import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CREDENTIALS_FILE } from "../../src/workspaces/bootstrap.js";
import { freePort, tempDir } from "./helpers.js";

const TSX = "node_modules/.bin/tsx";
let child: ChildProcess | undefined;
let cleanup: (() => void) | undefined;

afterEach(() => {
  // Only reached when a test failed half-way: don't leave a server behind.
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  cleanup?.();
  child = undefined;
  cleanup = undefined;
});

/** Starts `tsx src/server.ts` (not through npm or npx: they don't forward SIGTERM, STACK.md G6). */
function startServer(env: Record<string, string>) {
  const proc = spawn(TSX, ["src/server.ts"], { env: { ...process.env, LOG_LEVEL: "info", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const output = { stdout: "", stderr: "" };
  proc.stdout!.on("data", (d: Buffer) => (output.stdout += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (output.stderr += d.toString()));
  const exited = once(proc, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  child = proc;
  return { proc, output, exited };
}

/** Polls /healthz until it answers 200, the process dies, or the deadline passes. */
async function waitHealthy(url: string, proc: ChildProcess, output: { stderr: string }, deadlineMs = 20_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (proc.exitCode !== null) throw new Error(`server exited early with ${proc.exitCode}:\n${output.stderr.slice(-2000)}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(1_000) }).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no healthy answer from ${url} within ${deadlineMs} ms`);
}

const refused = (url: string) => fetch(url, { signal: AbortSignal.timeout(1_000) }).then(() => false, () => true);

describe("server lifecycle", () => {
  it("boots on a fresh database, answers /healthz, and exits 0 on SIGTERM", async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const port = await freePort();
    const dbPath = join(tmp.dir, "data", "parley.db");
    const { proc, output, exited } = startServer({ PORT: String(port), HOST: "127.0.0.1", DATABASE_PATH: dbPath });
    const url = `http://127.0.0.1:${port}/healthz`;

    await waitHealthy(url, proc, output);
    expect(await (await fetch(url)).json()).toEqual({ ok: true });

    // The log says where the credentials are, and none of them is in it.
    const credentials = readFileSync(join(tmp.dir, "data", CREDENTIALS_FILE), "utf8");
    const secrets = [...credentials.matchAll(/(?:identity secret|API token \(production\)):\s+(\S+)/g)].map((m) => m[1]!);
    expect(secrets.length).toBe(3);
    expect(output.stdout).toContain(join(tmp.dir, "data", CREDENTIALS_FILE));
    for (const s of secrets) expect(output.stdout + output.stderr).not.toContain(s);

    proc.kill("SIGTERM");
    const [code, signal] = await exited;
    expect({ code, signal, stderr: output.stderr }).toEqual({ code: 0, signal: null, stderr: "" });
    expect(output.stdout).toMatch(/"msg":"stopped"/);
    expect(() => process.kill(proc.pid!, 0)).toThrowError(expect.objectContaining({ code: "ESRCH" }) as Error);
    expect(await refused(url)).toBe(true);
  }, 60_000);

  it("refuses to start with a bad PORT, naming it", async () => {
    const { output, exited } = startServer({ PORT: "not-a-port", DATABASE_PATH: ":memory:" });
    const [code] = await exited;
    expect(code).toBe(1);
    expect(output.stderr).toMatch(/Invalid configuration:\n\s+PORT: /);
    expect(output.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);
});
