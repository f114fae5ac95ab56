import { chmodSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { verifyPassword } from "../../src/operators/passwords.js";
import { bootstrap, checkSetupToken, CREDENTIALS_FILE, type SetupTokenStore } from "../../src/workspaces/bootstrap.js";
import { settingsSetupTokenStore } from "../../src/workspaces/setup-token-store.js";
import { findWorkspaceByToken, listApiTokens, listWorkspaces, revokeApiToken } from "../../src/workspaces/index.js";
import { fileCtx, tempDir, type FileCtx } from "./helpers.js";

const SEEDS = {
  PARLEY_WRITE_KEY: "wk_seeded_write_key",
  PARLEY_IDENTITY_SECRET: "seeded-identity-secret-0123456789",
  PARLEY_API_TOKEN: "pk_seeded_api_token_0123456789",
  PARLEY_ADMIN_EMAIL: "owner@example.com",
  PARLEY_ADMIN_PASSWORD: "owner-password-1",
};

let open: FileCtx[] = [];
let cleanups: (() => void)[] = [];
afterEach(() => {
  open.forEach((o) => o.close());
  cleanups.forEach((c) => c());
  open = [];
  cleanups = [];
});

/** A fresh temp dir with a database path in it; `boot` opens it like a server start would. */
function install() {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const dbPath = join(dir, "data", "parley.db");
  const boot = (over: Parameters<typeof fileCtx>[1] = {}) => {
    const f = fileCtx(dbPath, over);
    open.push(f);
    return f;
  };
  return { dir, dbPath, credentials: join(dir, "data", CREDENTIALS_FILE), boot };
}

const rows = (f: FileCtx, table: string) => f.ctx.db.$client.prepare(`select * from ${table} order by 1`).all();
const memoryStore = (): SetupTokenStore & { hash?: string } => {
  const s: SetupTokenStore & { hash?: string } = { read: () => s.hash, write: (h) => void (s.hash = h) };
  return s;
};

describe("bootstrap on a fresh database", () => {
  it("creates the pair and a working API token, and writes the secrets to a 0600 file only", () => {
    const inst = install();
    const f = inst.boot();
    const r = bootstrap(f.ctx);

    expect(r.createdPair).toBe(true);
    const all = listWorkspaces(f.ctx);
    expect(all.map((w) => w.environment).sort()).toEqual(["production", "test"]);
    expect(new Set(all.map((w) => w.pairId)).size).toBe(1);
    expect(listApiTokens(f.ctx, r.production.id)).toHaveLength(1);
    expect(findWorkspaceByToken(f.ctx, r.generated.apiToken!)?.workspace.id).toBe(r.production.id);

    expect(r.credentialsFile).toBe(inst.credentials);
    expect(statSync(inst.credentials).mode & 0o777).toBe(0o600);
    const text = readFileSync(inst.credentials, "utf8");
    expect(text).toContain(r.generated.apiToken!);
    for (const w of all) expect(text).toContain(w.identitySecret);

    const logged = JSON.stringify(f.log.lines);
    expect(logged).toContain(inst.credentials);
    expect(logged).toContain("npm run parley -- workspaces");
    expect(logged).not.toContain(r.generated.apiToken!);
    for (const w of all) expect(logged).not.toContain(w.identitySecret);
  });

  it("is idempotent: a second boot changes no row and leaves the file alone", () => {
    const inst = install();
    const first = inst.boot();
    bootstrap(first.ctx);
    const before = { ws: rows(first, "workspaces"), tok: rows(first, "api_tokens"), op: rows(first, "operators") };
    const fileBefore = readFileSync(inst.credentials, "utf8");
    first.close();
    open = [];

    const second = inst.boot();
    const r = bootstrap(second.ctx);
    expect(r).toMatchObject({ createdPair: false, apiTokenCreated: false, ownerCreated: false, credentialsFile: undefined, generated: {} });
    expect({ ws: rows(second, "workspaces"), tok: rows(second, "api_tokens"), op: rows(second, "operators") }).toEqual(before);
    expect(readFileSync(inst.credentials, "utf8")).toBe(fileBefore);
  });

  it("replaces a stale credentials file left by an older database and tightens its mode", () => {
    const inst = install();
    inst.boot().close();
    open = [];
    writeFileSync(inst.credentials, "old secrets\n");
    chmodSync(inst.credentials, 0o644);
    const r = bootstrap(inst.boot().ctx);
    expect(statSync(inst.credentials).mode & 0o777).toBe(0o600);
    const text = readFileSync(inst.credentials, "utf8");
    expect(text).not.toContain("old secrets");
    expect(text).toContain(r.generated.apiToken!);
  });

  it("writes nothing for an in-memory database", () => {
    const f = fileCtx(":memory:");
    open.push(f);
    const r = bootstrap(f.ctx);
    expect(r.createdPair).toBe(true);
    expect(r.credentialsFile).toBeUndefined();
  });
});

describe("bootstrap with environment seeds", () => {
  it("uses the seeded keys, token and owner, and keeps seeded secrets out of the file", () => {
    const inst = install();
    const f = inst.boot(SEEDS);
    const r = bootstrap(f.ctx);

    expect(r.production).toMatchObject({ writeKey: SEEDS.PARLEY_WRITE_KEY, identitySecret: SEEDS.PARLEY_IDENTITY_SECRET });
    const auth = findWorkspaceByToken(f.ctx, SEEDS.PARLEY_API_TOKEN);
    expect(auth?.workspace.id).toBe(r.production.id);
    expect(auth?.workspace.environment).toBe("production");
    expect(listApiTokens(f.ctx, r.production.id)).toHaveLength(1);

    const [owner] = rows(f, "operators") as { email: string; role: string; password_hash: string }[];
    expect(owner).toMatchObject({ email: SEEDS.PARLEY_ADMIN_EMAIL, role: "owner" });
    expect(verifyPassword(SEEDS.PARLEY_ADMIN_PASSWORD, owner!.password_hash)).toBe(true);

    // Only the test workspace's generated identity secret is left to report.
    const text = readFileSync(inst.credentials, "utf8");
    for (const seed of Object.values(SEEDS).filter((v) => !v.includes("@") && !v.startsWith("wk_"))) expect(text).not.toContain(seed);
    expect(JSON.stringify(f.log.lines)).not.toMatch(/seeded_api_token|seeded-identity|owner-password/);
  });

  it("adds a later PARLEY_API_TOKEN and owner once, and says when a seed no longer applies", () => {
    const inst = install();
    const first = bootstrap(inst.boot().ctx);
    const later = inst.boot(SEEDS);
    const r = bootstrap(later.ctx);
    expect(r).toMatchObject({ createdPair: false, apiTokenCreated: true, ownerCreated: true, credentialsFile: undefined });
    expect(findWorkspaceByToken(later.ctx, SEEDS.PARLEY_API_TOKEN)?.workspace.id).toBe(first.production.id);
    expect(r.warnings.join("\n")).toMatch(/PARLEY_WRITE_KEY only seeds the first boot/);
    expect(r.warnings.join("\n")).toMatch(/PARLEY_IDENTITY_SECRET only seeds the first boot/);

    const again = bootstrap(inst.boot(SEEDS).ctx);
    expect(again).toMatchObject({ apiTokenCreated: false, ownerCreated: false });
    expect(rows(later, "api_tokens")).toHaveLength(2);
    expect(rows(later, "operators")).toHaveLength(1);
  });

  it("warns instead of resurrecting a revoked PARLEY_API_TOKEN", () => {
    const inst = install();
    const f = inst.boot(SEEDS);
    bootstrap(f.ctx);
    revokeApiToken(f.ctx, listApiTokens(f.ctx, listWorkspaces(f.ctx)[0]!.id)[0]!.id);
    const r = bootstrap(inst.boot(SEEDS).ctx);
    expect(r.apiTokenCreated).toBe(false);
    expect(r.warnings.join("\n")).toMatch(/PARLEY_API_TOKEN matches revoked token tok_/);
    expect(findWorkspaceByToken(f.ctx, SEEDS.PARLEY_API_TOKEN)).toBeUndefined();
  });
});

describe("setup token", () => {
  it("is issued once when no operator exists, stored as a hash and checkable", () => {
    const inst = install();
    const store = memoryStore();
    const r = bootstrap(inst.boot().ctx, { setupTokens: store });
    const token = r.generated.setupToken!;
    expect(token).toMatch(/^st_/);
    expect(store.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(store.hash).not.toContain(token);
    expect(readFileSync(inst.credentials, "utf8")).toContain(token);
    expect(checkSetupToken(store, token)).toBe(true);
    expect(checkSetupToken(store, `${token}x`)).toBe(false);

    const again = bootstrap(inst.boot().ctx, { setupTokens: store });
    expect(again.setupTokenIssued).toBe(false);
    expect(checkSetupToken(store, token)).toBe(true);
  });

  it("is not issued when the owner comes from the environment", () => {
    const inst = install();
    const store = memoryStore();
    const r = bootstrap(inst.boot(SEEDS).ctx, { setupTokens: store });
    expect(r).toMatchObject({ ownerCreated: true, setupTokenIssued: false });
    expect(store.hash).toBeUndefined();
    expect(checkSetupToken(store, "st_anything")).toBe(false);
  });

  it("lives in the settings table in production, and stops working once the owner exists", () => {
    const inst = install();
    const first = inst.boot();
    const r = bootstrap(first.ctx, { setupTokens: settingsSetupTokenStore(first.ctx) });
    const token = r.generated.setupToken!;
    expect(JSON.stringify(rows(first, "settings"))).not.toContain(token);
    expect(checkSetupToken(settingsSetupTokenStore(first.ctx), token)).toBe(true);
    expect(JSON.stringify(first.log.lines)).toMatch(/use the setup token from first-boot-credentials.txt/);
    expect(JSON.stringify(first.log.lines)).not.toContain(token);

    const later = inst.boot(SEEDS);
    const again = bootstrap(later.ctx, { setupTokens: settingsSetupTokenStore(later.ctx) });
    expect(again).toMatchObject({ ownerCreated: true, setupTokenIssued: false, setupTokenPending: false });
    expect(checkSetupToken(settingsSetupTokenStore(later.ctx), token)).toBe(false);
  });
});
