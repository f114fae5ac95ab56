import { and, desc, eq, inArray, lt, or } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { emailSuppressions } from "../db/schema/index.js";
import type { SuppressionReason } from "./types.js";

/** Scope of suppressions that hold for every workspace (the mailbox itself refused). */
export const GLOBAL = "global";

export type Suppression = typeof emailSuppressions.$inferSelect;

export interface SuppressionInput {
  /** Omit for a global suppression (bounces, complaints). */
  workspaceId?: string | undefined;
  email: string;
  reason: SuppressionReason;
  detail?: string | undefined;
  contactId?: string | undefined;
}

/** Adds an address to the suppression list; an address already suppressed in that scope keeps its first reason. */
export function addSuppression(ctx: Ctx, s: SuppressionInput): void {
  ctx.db
    .insert(emailSuppressions)
    .values({
      scope: s.workspaceId ?? GLOBAL,
      email: s.email.trim().toLowerCase(),
      reason: s.reason,
      detail: s.detail?.slice(0, 500) ?? null,
      contactId: s.contactId ?? null,
      createdAt: ctx.clock.now(),
    })
    .onConflictDoNothing()
    .run();
}

/**
 * Why mail to `email` must not be sent, or undefined. Global rows apply everywhere; a workspace's rows
 * only to its mail. Transactional mail ignores unsubscribes (a conversation reply was asked for).
 */
export function findSuppression(ctx: Ctx, email: string, workspaceId?: string, opts: { transactional?: boolean } = {}): Suppression | undefined {
  const scopes = workspaceId ? [GLOBAL, workspaceId] : [GLOBAL];
  const rows = ctx.db
    .select()
    .from(emailSuppressions)
    .where(and(eq(emailSuppressions.email, email.trim().toLowerCase()), inArray(emailSuppressions.scope, scopes)))
    .all();
  return rows.find((r) => !(opts.transactional && r.reason === "unsubscribe"));
}

/** Lifts a suppression (e.g. the contact subscribed again); true when one was removed. */
export function removeSuppression(ctx: Ctx, email: string, workspaceId?: string): boolean {
  const res = ctx.db
    .delete(emailSuppressions)
    .where(and(eq(emailSuppressions.email, email.trim().toLowerCase()), eq(emailSuppressions.scope, workspaceId ?? GLOBAL)))
    .run();
  return res.changes > 0;
}

/** Suppressions that affect a workspace (its own and the global ones), newest first. */
export function listSuppressions(ctx: Ctx, workspaceId: string, opts: { limit?: number; before?: number } = {}): Suppression[] {
  const scope = or(eq(emailSuppressions.scope, workspaceId), eq(emailSuppressions.scope, GLOBAL));
  return ctx.db
    .select()
    .from(emailSuppressions)
    .where(opts.before !== undefined ? and(scope, lt(emailSuppressions.createdAt, opts.before)) : scope)
    .orderBy(desc(emailSuppressions.createdAt))
    .limit(opts.limit ?? 100)
    .all();
}
