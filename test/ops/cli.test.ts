import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runCli, type CliIo } from "../../src/cli/run.js";
import { bootstrap } from "../../src/workspaces/bootstrap.js";
import { findWorkspaceByToken } from "../../src/workspaces/index.js";
import { makeTestApp, type TestApp } from "../helpers/app.js";
import { fileCtx, tempDir } from "./helpers.js";

const run = promisify(execFile);

let t: TestApp;
afterEach(() => t?.close());

/** Runs the CLI in-process against the test app's database, capturing both streams. */
function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const connect = vi.fn(() => t.ctx);
  const code = runCli(argv, connect, io);
  return { code, out: out.join("\n"), err: err.join("\n"), connected: connect.mock.calls.length > 0 };
}

describe("cli commands", () => {
  it("lists workspaces, with identity secrets only on --secrets", () => {
    t = makeTestApp();
    const plain = cli(["workspaces"]);
    expect(plain.code).toBe(0);
    const [head, ...lines] = plain.out.split("\n");
    expect(head).toMatch(/^ID\s+APP ID\s+ENVIRONMENT\s+NAME\s+WRITE KEY$/);
    expect(lines).toHaveLength(2);
    for (const ws of [t.workspace, t.testWorkspace]) {
      expect(plain.out).toContain(ws.id);
      expect(plain.out).toContain(ws.idCode);
      expect(plain.out).toContain(ws.writeKey);
      expect(plain.out).not.toContain(ws.identitySecret);
    }
    const secret = cli(["workspaces", "--secrets"]);
    expect(secret.out).toContain("IDENTITY SECRET");
    expect(secret.out).toContain(t.workspace.identitySecret);
  });

  it("creates a token that authenticates, lists it, and revokes it", () => {
    t = makeTestApp();
    const created = cli(["token", "create", t.workspace.idCode, "--name", "ci deploy"]);
    expect(created.code).toBe(0);
    const token = created.out.trim();
    expect(token).toMatch(/^pk_/);
    expect(created.err).toMatch(/cannot be shown again/);
    const auth = findWorkspaceByToken(t.ctx, token);
    expect(auth?.workspace.id).toBe(t.workspace.id);

    const listed = cli(["tokens", t.workspace.id]);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^ID\s+NAME\s+PREFIX\s+CREATED\s+LAST USED\s+REVOKED/);
    expect(listed.out).toContain("ci deploy");
    expect(listed.out).toContain(`${token.slice(0, 7)}…`);
    expect(listed.out).not.toContain(token);

    expect(cli(["token", "revoke", auth!.token.id])).toMatchObject({ code: 0, out: `Revoked ${auth!.token.id}` });
    expect(findWorkspaceByToken(t.ctx, token)).toBeUndefined();
    expect(cli(["tokens", t.workspace.idCode]).out).toMatch(new RegExp(`${auth!.token.id}.*2026-01-15 12:00Z\\s*$`, "m"));
  });

  it("exits 1 with a message for unknown workspaces and tokens", () => {
    t = makeTestApp();
    expect(cli(["tokens", "nope"])).toMatchObject({ code: 1, err: expect.stringMatching(/No workspace "nope"/) });
    expect(cli(["token", "revoke", "tok_nope"])).toMatchObject({ code: 1, err: expect.stringMatching(/No active token tok_nope/) });
  });

  it("exits 2 with usage on bad arguments, without touching the database", () => {
    t = makeTestApp();
    const cases = [[], ["frobnicate"], ["tokens"], ["token"], ["token", "create"], ["token", "create", "a", "b"],
      ["workspaces", "--name", "x"], ["workspaces", "--bogus"], ["tokens", "ws", "--secrets"], ["token", "create", "ws", "--name"]];
    for (const argv of cases) {
      const r = cli(argv);
      expect(r, argv.join(" ")).toMatchObject({ code: 2, connected: false, out: "" });
      expect(r.err).toMatch(/^error: .+\n\nUsage: npm run parley/);
    }
    expect(cli(["help"])).toMatchObject({ code: 0, connected: false, out: expect.stringContaining("token create <workspace>") });
    expect(cli(["--help"]).code).toBe(0);
  });
});

describe("cli process", () => {
  it("prints the workspaces of the database DATABASE_PATH names", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const dbPath = join(dir, "parley.db");
      const f = fileCtx(dbPath);
      const { production } = bootstrap(f.ctx);
      f.close();
      const env = { ...process.env, DATABASE_PATH: dbPath, LOG_LEVEL: "silent" };
      const { stdout } = await run("npx", ["tsx", "src/cli.ts", "workspaces"], { env, timeout: 30_000 });
      expect(stdout).toContain(production.id);
      expect(stdout).toContain(production.writeKey);

      const missing = await run("node_modules/.bin/tsx", ["src/cli.ts", "workspaces"], { env: { ...env, DATABASE_PATH: join(dir, "nope.db") } })
        .catch((e: { code: number; stderr: string }) => e);
      expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/No database at .*nope\.db/) });
    } finally {
      cleanup();
    }
  }, 60_000);
});
