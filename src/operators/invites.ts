import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { withTx, type Ctx } from "../context.js";
import { invites } from "../db/schema/index.js";
import { DAY } from "../lib/clock.js";
import { AppError, conflict, invalid, notFound } from "../lib/errors.js";
import { newId, randomToken } from "../lib/ids.js";
import { hashToken } from "../workspaces/index.js";
import { recordAudit } from "./audit.js";
import { createOperator, type CreatedOperator, type OperatorRole } from "./create.js";
import { findOperatorByEmail } from "./login.js";
import type { Operator } from "./queries.js";
import { assertCan, assignableRoles } from "./roles.js";

/** How long an invite link works. */
export const INVITE_TTL_MS = 7 * DAY;

export type Invite = typeof invites.$inferSelect;

export const inviteInput = z.object({
  email: z.email("Enter a valid email address.").max(254),
  role: z.enum(["owner", "admin", "agent"]),
});

/**
 * Invites a teammate: returns the plain link token once (only its hash is stored). A newer invite for
 * the same email replaces older pending ones, so only the latest link works.
 */
export function createInvite(ctx: Ctx, actor: Operator, input: { email: string; role: OperatorRole }): { token: string; invite: Invite } {
  assertCan(actor, "manage_teammates");
  const email = input.email.trim();
  if (!assignableRoles(actor).includes(input.role)) throw new AppError("FORBIDDEN", "Only owners can invite owners.", { field: "role" });
  return withTx(ctx, () => {
    if (findOperatorByEmail(ctx, email)) throw invalid("email", `${email} is already a teammate.`);
    const now = ctx.clock.now();
    ctx.db.delete(invites).where(and(sql`lower(${invites.email}) = lower(${email})`, isNull(invites.acceptedAt))).run();
    const token = `inv_${randomToken(24)}`;
    const invite: Invite = {
      id: newId("inv", now), email, role: input.role, tokenHash: hashToken(token),
      invitedBy: actor.id, createdAt: now, expiresAt: now + INVITE_TTL_MS, acceptedAt: null,
    };
    ctx.db.insert(invites).values(invite).run();
    recordAudit(ctx, { operatorId: actor.id, action: "invite.created", target: invite.id, details: { email, role: input.role } });
    return { token, invite };
  });
}

/** The pending, unexpired invite behind a link token, or undefined. */
export function findOpenInvite(ctx: Ctx, token: string): Invite | undefined {
  return ctx.db
    .select()
    .from(invites)
    .where(and(eq(invites.tokenHash, hashToken(token)), isNull(invites.acceptedAt), gt(invites.expiresAt, ctx.clock.now())))
    .get();
}

/** Pending invites that can still be accepted, oldest first. */
export function listOpenInvites(ctx: Ctx): Invite[] {
  return ctx.db
    .select()
    .from(invites)
    .where(and(isNull(invites.acceptedAt), gt(invites.expiresAt, ctx.clock.now())))
    .orderBy(asc(invites.createdAt))
    .all();
}

/** Withdraws a pending invite so its link stops working. */
export function revokeInvite(ctx: Ctx, actor: Operator, inviteId: string): void {
  assertCan(actor, "manage_teammates");
  withTx(ctx, () => {
    const invite = ctx.db.select().from(invites).where(and(eq(invites.id, inviteId), isNull(invites.acceptedAt))).get();
    if (!invite) throw notFound("That invite no longer exists.");
    if (invite.role === "owner" && actor.role !== "owner") throw new AppError("FORBIDDEN", "Only owners can withdraw owner invites.");
    ctx.db.delete(invites).where(eq(invites.id, inviteId)).run();
    recordAudit(ctx, { operatorId: actor.id, action: "invite.revoked", target: inviteId, details: { email: invite.email } });
  });
}

/** Turns an invite into an operator with the invited email and role; the link works only once. */
export function acceptInvite(ctx: Ctx, token: string, input: { name: string; password: string }): CreatedOperator {
  return withTx(ctx, () => {
    const invite = findOpenInvite(ctx, token);
    if (!invite) throw notFound("This invite link is invalid, used or expired.");
    if (findOperatorByEmail(ctx, invite.email)) throw conflict(`${invite.email} is already a teammate.`);
    const op = createOperator(ctx, { email: invite.email, name: input.name, password: input.password, role: invite.role });
    ctx.db.update(invites).set({ acceptedAt: ctx.clock.now() }).where(eq(invites.id, invite.id)).run();
    recordAudit(ctx, { operatorId: op.id, action: "invite.accepted", target: invite.id, details: { email: op.email, role: op.role } });
    return op;
  });
}
