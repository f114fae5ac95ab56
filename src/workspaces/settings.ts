import { and, desc, eq } from "drizzle-orm";
import { withTx, type Ctx } from "../context.js";
import { apiTokens, settings, workspaces } from "../db/schema/index.js";
import { notFound } from "../lib/errors.js";
import { recordAudit } from "../operators/audit.js";
import type { Operator } from "../operators/queries.js";
import { assertCan } from "../operators/roles.js";
import { getWorkspace } from "./index.js";
import { createApiToken, revokeApiToken, type ApiToken, type Workspace } from "./tokens.js";

/** Scope of settings that belong to the whole instance rather than one workspace. */
export const GLOBAL_SCOPE = "global";

/** Reads one runtime setting (JSON value), or undefined when unset. */
export function readSetting(ctx: Ctx, scope: string, key: string): unknown {
  const row = ctx.db
    .select({ value: settings.value })
    .from(settings)
    .where(and(eq(settings.scope, scope), eq(settings.key, key)))
    .get();
  return row?.value;
}

/** Creates or replaces one runtime setting. */
export function writeSetting(ctx: Ctx, scope: string, key: string, value: unknown): void {
  const updatedAt = ctx.clock.now();
  ctx.db
    .insert(settings)
    .values({ scope, key, value, updatedAt })
    .onConflictDoUpdate({ target: [settings.scope, settings.key], set: { value, updatedAt } })
    .run();
}

/** Who performs a settings change: checked for permission and written to the audit log. */
export type Actor = Pick<Operator, "id" | "role">;

/** Turns identity-verification enforcement on or off for one workspace and returns the updated row. */
export function setIdentityEnforced(ctx: Ctx, actor: Actor, workspaceId: string, enforced: boolean): Workspace {
  assertCan(actor, "manage_settings");
  return withTx(ctx, () => {
    const before = getWorkspace(ctx, workspaceId);
    const row = ctx.db.update(workspaces).set({ identityEnforced: enforced }).where(eq(workspaces.id, workspaceId)).returning().get()!;
    if (before.identityEnforced !== enforced) {
      recordAudit(ctx, { operatorId: actor.id, workspaceId, action: "identity.enforcement_changed", target: workspaceId, details: { enforced } });
    }
    return row;
  });
}

/** The identity-verification secret, for an operator who asked to see it (audited: it lets anyone impersonate users). */
export function revealIdentitySecret(ctx: Ctx, actor: Actor, workspaceId: string): Workspace {
  assertCan(actor, "manage_settings");
  const ws = getWorkspace(ctx, workspaceId);
  recordAudit(ctx, { operatorId: actor.id, workspaceId, action: "identity.secret_revealed", target: workspaceId });
  return ws;
}

/** A workspace's API tokens, newest first (hashes only, never the tokens). */
export function listWorkspaceTokens(ctx: Ctx, workspaceId: string): ApiToken[] {
  return ctx.db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.workspaceId, workspaceId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .all();
}

/** Creates an API token for the workspace on behalf of an operator; the plain token is returned once. */
export function createWorkspaceToken(ctx: Ctx, actor: Actor, workspaceId: string, name: string): { token: string; row: ApiToken } {
  assertCan(actor, "manage_tokens");
  return withTx(ctx, () => {
    getWorkspace(ctx, workspaceId);
    const created = createApiToken(ctx, workspaceId, { name, operatorId: actor.id });
    recordAudit(ctx, { operatorId: actor.id, workspaceId, action: "api_token.created", target: created.row.id, details: { name, prefix: created.row.prefix } });
    return created;
  });
}

/**
 * Revokes a token only if it belongs to `workspaceId`: token ids are global, and an operator looking
 * at one workspace must not be able to revoke another's token by editing a form.
 */
export function revokeWorkspaceToken(ctx: Ctx, actor: Actor, workspaceId: string, tokenId: string): ApiToken {
  assertCan(actor, "manage_tokens");
  return withTx(ctx, () => {
    const row = ctx.db
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.workspaceId, workspaceId)))
      .get();
    if (!row || row.revokedAt !== null) throw notFound("That token does not exist in this workspace or is already revoked.");
    revokeApiToken(ctx, tokenId);
    recordAudit(ctx, { operatorId: actor.id, workspaceId, action: "api_token.revoked", target: tokenId, details: { name: row.name, prefix: row.prefix } });
    return { ...row, revokedAt: ctx.clock.now() };
  });
}
