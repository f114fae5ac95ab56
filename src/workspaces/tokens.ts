import { createHash } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { apiTokens, workspaces } from "../db/schema/index.js";
import { newId, randomToken } from "../lib/ids.js";
import { notFound } from "../lib/errors.js";

export type Workspace = typeof workspaces.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;

/** SHA-256 of a token: what the database keeps instead of the token. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Creates an API token; the plain token is returned once and never stored. */
export function createApiToken(
  ctx: Ctx,
  workspaceId: string,
  opts: { name?: string; token?: string; operatorId?: number } = {},
): { token: string; row: ApiToken } {
  const token = opts.token ?? `pk_${randomToken(24)}`;
  const row: ApiToken = {
    id: newId("tok", ctx.clock.now()),
    workspaceId,
    name: opts.name ?? "API token",
    tokenHash: hashToken(token),
    prefix: token.slice(0, 7),
    operatorId: opts.operatorId ?? null,
    createdAt: ctx.clock.now(),
    lastUsedAt: null,
    revokedAt: null,
  };
  ctx.db.insert(apiTokens).values(row).run();
  return { token, row };
}

/** Revokes a token by id; revoked tokens stop authenticating at once. */
export function revokeApiToken(ctx: Ctx, tokenId: string): void {
  const res = ctx.db
    .update(apiTokens)
    .set({ revokedAt: ctx.clock.now() })
    .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)))
    .run();
  if (res.changes === 0) throw notFound(`No active token ${tokenId}`);
}

/** Lists a workspace's tokens (hashes only). */
export function listApiTokens(ctx: Ctx, workspaceId: string): ApiToken[] {
  return ctx.db.select().from(apiTokens).where(eq(apiTokens.workspaceId, workspaceId)).all();
}

/** Resolves a presented token to its workspace, or undefined. */
export function findWorkspaceByToken(ctx: Ctx, token: string): { workspace: Workspace; token: ApiToken } | undefined {
  const row = ctx.db
    .select({ workspace: workspaces, token: apiTokens })
    .from(apiTokens)
    .innerJoin(workspaces, eq(workspaces.id, apiTokens.workspaceId))
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)))
    .get();
  return row;
}

const lastUseWrites = new Map<string, number>();
const USE_RESOLUTION = 60_000;

/** Records that a token was used, at most once a minute per token (the API's hot path must not write each call). */
export function noteTokenUse(ctx: Ctx, tokenId: string): void {
  const now = ctx.clock.now();
  const prev = lastUseWrites.get(tokenId);
  if (prev !== undefined && now - prev < USE_RESOLUTION) return;
  lastUseWrites.set(tokenId, now);
  ctx.db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, tokenId)).run();
}
