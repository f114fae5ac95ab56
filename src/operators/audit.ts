import { desc, eq, lt } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { auditLog, operators } from "../db/schema/index.js";
import { newId } from "../lib/ids.js";

/** Closed list of audited admin actions, `entity.verb_past` like bus events. */
export type AuditAction =
  | "operator.signed_in"
  | "operator.signed_out"
  | "operator.setup_completed"
  | "operator.role_changed"
  | "invite.created"
  | "invite.revoked"
  | "invite.accepted"
  | "api_token.created"
  | "api_token.revoked"
  | "identity.enforcement_changed"
  | "identity.secret_revealed"
  | "segment.created"
  | "segment.updated"
  | "segment.deleted"
  | "contacts.bulk_tagged"
  | "contacts.bulk_untagged"
  | "tag.renamed"
  | "tag.deleted"
  | "company.updated"
  | "company.tagged"
  | "company.untagged"
  | "attribute.created"
  | "message.created"
  | "message.updated"
  | "message.launched"
  | "message.paused"
  | "message.resumed"
  | "message.cancelled"
  | "message.archived"
  | "message.variant_promoted"
  | "message.test_sent"
  | "series.created"
  | "series.updated"
  | "series.launched"
  | "series.paused"
  | "series.archived"
  | "series.contact_added";

export interface AuditInput {
  operatorId: number | null;
  workspaceId?: string | null;
  action: AuditAction;
  target?: string | null;
  /** Never secrets: names, prefixes, roles, emails. */
  details?: Record<string, unknown>;
}

export type AuditEntry = typeof auditLog.$inferSelect & { operatorName: string | null; operatorEmail: string | null };

/** Appends one audit row; call inside the transaction of the action it records. */
export function recordAudit(ctx: Ctx, input: AuditInput): void {
  const now = ctx.clock.now();
  ctx.db
    .insert(auditLog)
    .values({
      id: newId("aud", now),
      operatorId: input.operatorId,
      workspaceId: input.workspaceId ?? null,
      action: input.action,
      target: input.target ?? null,
      details: input.details ?? null,
      createdAt: now,
    })
    .run();
}

/** Newest audit rows first, `limit` per page; `beforeId` pages back (ids are time-ordered ULIDs). */
export function listAudit(ctx: Ctx, opts: { limit?: number; beforeId?: string } = {}): AuditEntry[] {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  return ctx.db
    .select({
      id: auditLog.id,
      operatorId: auditLog.operatorId,
      workspaceId: auditLog.workspaceId,
      action: auditLog.action,
      target: auditLog.target,
      details: auditLog.details,
      createdAt: auditLog.createdAt,
      operatorName: operators.name,
      operatorEmail: operators.email,
    })
    .from(auditLog)
    .leftJoin(operators, eq(operators.id, auditLog.operatorId))
    .where(opts.beforeId ? lt(auditLog.id, opts.beforeId) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(limit)
    .all();
}
