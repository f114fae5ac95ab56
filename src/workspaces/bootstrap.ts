import { timingSafeEqual } from "node:crypto";
import { closeSync, fchmodSync, openSync, writeSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { eq } from "drizzle-orm";
import { withTx, type Ctx } from "../context.js";
import { apiTokens, operators } from "../db/schema/index.js";
import { randomToken } from "../lib/ids.js";
import { createOperator } from "../operators/create.js";
import { createWorkspacePair, findWorkspaceByWriteKey, listWorkspaces } from "./index.js";
import { createApiToken, hashToken, type Workspace } from "./tokens.js";

export const CREDENTIALS_FILE = "first-boot-credentials.txt";

/** Where the hash of the one-time setup token lives: a settings row in production, anything in tests. */
export interface SetupTokenStore {
  read(): string | undefined;
  write(hash: string | undefined): void;
}

export interface BootstrapOptions {
  /** Without a store no setup token is issued (the /setup page needs one to check against). */
  setupTokens?: SetupTokenStore;
}

export interface BootstrapResult {
  createdPair: boolean;
  production: Workspace;
  apiTokenCreated: boolean;
  ownerCreated: boolean;
  /** False while nobody can sign in to the admin yet. */
  hasOperator: boolean;
  setupTokenIssued: boolean;
  /** A setup token (from this or an earlier boot) is waiting to create the owner. */
  setupTokenPending: boolean;
  /** Absolute path of the credentials file written on this boot, if any. */
  credentialsFile: string | undefined;
  /** Plain secrets generated on this boot (also in the file). Never log these. */
  generated: { apiToken?: string; setupToken?: string };
  /** Configuration that was ignored, phrased for the log (no secrets). */
  warnings: string[];
}

/**
 * First boot: creates the production/test pair, an API token and the owner from the
 * environment; later boots only add what is missing. One transaction, and the credentials
 * file is written inside it so a failed write leaves nothing half-created.
 */
export function bootstrap(ctx: Ctx, opts: BootstrapOptions = {}): BootstrapResult {
  return withTx(ctx, () => {
    const warnings: string[] = [];
    const { production, test, createdPair } = ensurePair(ctx, warnings);
    const generated: BootstrapResult["generated"] = {};
    const apiTokenCreated = ensureApiToken(ctx, production, createdPair, generated, warnings);
    const owner = ensureOwner(ctx, opts.setupTokens, generated, warnings);
    const lines = credentialLines(ctx, createdPair ? [production, test] : [], generated);
    const credentialsFile = lines.length > 0 ? writeCredentials(ctx, lines, createdPair) : undefined;
    const result: BootstrapResult = {
      createdPair, production, apiTokenCreated, generated, warnings, credentialsFile,
      ownerCreated: owner.created, hasOperator: owner.exists, setupTokenIssued: generated.setupToken !== undefined,
      setupTokenPending: !owner.exists && opts.setupTokens?.read() !== undefined,
    };
    logResult(ctx, result);
    return result;
  });
}

/** True when `presented` is the current setup token (constant-time on the hashes). */
export function checkSetupToken(store: SetupTokenStore, presented: string): boolean {
  const stored = store.read();
  if (!stored) return false;
  const a = Buffer.from(hashToken(presented), "hex");
  const b = Buffer.from(stored, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

function ensurePair(ctx: Ctx, warnings: string[]) {
  const { PARLEY_WRITE_KEY: writeKey, PARLEY_IDENTITY_SECRET: identitySecret } = ctx.config;
  const all = listWorkspaces(ctx);
  if (all.length === 0) {
    const pair = createWorkspacePair(ctx, { ...(writeKey && { writeKey }), ...(identitySecret && { identitySecret }) });
    return { ...pair, createdPair: true };
  }
  const production = all.find((w) => w.environment === "production") ?? all[0]!;
  const test = all.find((w) => w.environment === "test" && w.pairId === production.pairId);
  if (writeKey && !findWorkspaceByWriteKey(ctx, writeKey)) {
    warnings.push("PARLEY_WRITE_KEY only seeds the first boot; the stored write key was kept");
  }
  if (identitySecret && identitySecret !== production.identitySecret) {
    warnings.push("PARLEY_IDENTITY_SECRET only seeds the first boot; the stored identity secret was kept");
  }
  return { production, test, createdPair: false };
}

function ensureApiToken(
  ctx: Ctx, production: Workspace, createdPair: boolean, generated: BootstrapResult["generated"], warnings: string[],
): boolean {
  const fromEnv = ctx.config.PARLEY_API_TOKEN;
  if (fromEnv) {
    const existing = ctx.db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hashToken(fromEnv))).get();
    if (existing?.revokedAt) warnings.push(`PARLEY_API_TOKEN matches revoked token ${existing.id}; it will not authenticate`);
    if (existing) return false;
    createApiToken(ctx, production.id, { name: "PARLEY_API_TOKEN", token: fromEnv });
    return true;
  }
  if (!createdPair) return false;
  generated.apiToken = createApiToken(ctx, production.id, { name: "First boot" }).token;
  return true;
}

function ensureOwner(
  ctx: Ctx, store: SetupTokenStore | undefined, generated: BootstrapResult["generated"], warnings: string[],
): { created: boolean; exists: boolean } {
  if (ctx.db.select({ id: operators.id }).from(operators).limit(1).get()) return { created: false, exists: true };
  const { PARLEY_ADMIN_EMAIL: email, PARLEY_ADMIN_PASSWORD: password } = ctx.config;
  if (email && password) {
    createOperator(ctx, { email, password, name: email.split("@")[0]!, role: "owner" });
    // The setup token only exists to create the first owner: once there is one it must stop working.
    if (store?.read()) store.write(undefined);
    return { created: true, exists: true };
  }
  if (email || password) warnings.push("Set both PARLEY_ADMIN_EMAIL and PARLEY_ADMIN_PASSWORD to create the owner");
  if (store && !store.read()) {
    generated.setupToken = `st_${randomToken(24)}`;
    store.write(hashToken(generated.setupToken));
  }
  return { created: false, exists: false };
}

function credentialLines(ctx: Ctx, created: (Workspace | undefined)[], generated: BootstrapResult["generated"]): string[] {
  const lines: string[] = [];
  let hasSecret = false;
  for (const ws of created) {
    if (!ws) continue;
    lines.push(`${ws.environment} workspace ${ws.id} (app id ${ws.idCode})`, `  write key:       ${ws.writeKey}`);
    if (ws.environment === "production" && ctx.config.PARLEY_IDENTITY_SECRET) continue;
    lines.push(`  identity secret: ${ws.identitySecret}`);
    hasSecret = true;
  }
  if (generated.apiToken) lines.push(`API token (production): ${generated.apiToken}`);
  if (generated.setupToken) lines.push(`Setup token (one use, creates the owner): ${generated.setupToken}`);
  // Write keys alone are not worth a file: they are public and the CLI lists them.
  return hasSecret || generated.apiToken || generated.setupToken ? lines : [];
}

/** Says what happened and where the secrets went; the secrets themselves never reach the log. */
function logResult(ctx: Ctx, r: BootstrapResult): void {
  const cli = "npm run parley -- workspaces (in Docker: node dist/src/cli.js workspaces)";
  if (r.createdPair) ctx.log.info("first boot: created the production and test workspaces", { production: r.production.id, cli });
  if (r.credentialsFile) ctx.log.info("generated credentials written (mode 0600): read them, then delete the file", { file: r.credentialsFile, cli });
  if (r.apiTokenCreated && !r.generated.apiToken) ctx.log.info("added the API token from PARLEY_API_TOKEN");
  if (r.ownerCreated) ctx.log.info("created the owner operator from PARLEY_ADMIN_EMAIL", { email: ctx.config.PARLEY_ADMIN_EMAIL });
  if (!r.hasOperator) {
    const setup = r.setupTokenPending ? `use the setup token from ${CREDENTIALS_FILE} on /setup, or ` : "";
    ctx.log.warn(`no operator can sign in yet: ${setup}set PARLEY_ADMIN_EMAIL and PARLEY_ADMIN_PASSWORD, then restart`);
  }
  for (const w of r.warnings) ctx.log.warn(w);
}

/** Writes (fresh DB) or appends (later boot) a 0600 file next to the database; skipped for :memory:. */
function writeCredentials(ctx: Ctx, lines: string[], fresh: boolean): string | undefined {
  if (ctx.config.DATABASE_PATH === ":memory:") return undefined;
  const path = join(dirname(resolve(ctx.config.DATABASE_PATH)), CREDENTIALS_FILE);
  const header = [
    `# Parley credentials generated ${new Date(ctx.clock.now()).toISOString()}`,
    "# Only hashes of the tokens are stored: copy them somewhere safe, then delete this file.",
    "# `npm run parley -- workspaces --secrets` shows workspace keys and secrets again.",
  ];
  const fd = openSync(path, fresh ? "w" : "a", 0o600);
  try {
    // openSync's mode only applies to new files; an older file keeps its bits unless set here.
    fchmodSync(fd, 0o600);
    writeSync(fd, `${fresh ? "" : "\n"}${[...header, "", ...lines].join("\n")}\n`);
  } finally {
    closeSync(fd);
  }
  return path;
}
