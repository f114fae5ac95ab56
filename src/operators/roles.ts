import { eq } from "drizzle-orm";
import { withTx, type Ctx } from "../context.js";
import { operators } from "../db/schema/index.js";
import { AppError } from "../lib/errors.js";
import { recordAudit } from "./audit.js";
import type { OperatorRole } from "./create.js";
import { getOperator, type Operator } from "./queries.js";

export const ROLES: readonly OperatorRole[] = ["owner", "admin", "agent"];

/** What a role may do in the admin beyond working with contacts and conversations. */
export type Permission = "manage_settings" | "manage_tokens" | "manage_teammates" | "view_audit";

const GRANTS: Record<OperatorRole, readonly Permission[]> = {
  owner: ["manage_settings", "manage_tokens", "manage_teammates", "view_audit"],
  admin: ["manage_settings", "manage_tokens", "manage_teammates", "view_audit"],
  agent: [],
};

/** True when `role` holds `permission`. */
export function can(role: OperatorRole, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** Throws FORBIDDEN unless `actor` holds `permission`. */
export function assertCan(actor: Pick<Operator, "role">, permission: Permission): void {
  if (!can(actor.role, permission)) throw new AppError("FORBIDDEN", "Only owners and admins can do this.");
}

/** Roles `actor` may hand out: only owners create or appoint owners. */
export function assignableRoles(actor: Pick<Operator, "role">): OperatorRole[] {
  if (!can(actor.role, "manage_teammates")) return [];
  return actor.role === "owner" ? [...ROLES] : ["admin", "agent"];
}

/**
 * Changes a teammate's role. Nobody changes their own role (so the last owner cannot lock the team
 * out by accident), and only owners touch owners.
 */
export function changeOperatorRole(ctx: Ctx, actor: Operator, targetId: number, role: OperatorRole): Operator {
  assertCan(actor, "manage_teammates");
  return withTx(ctx, () => {
    const target = getOperator(ctx, targetId);
    if (target.id === actor.id) throw new AppError("FORBIDDEN", "You cannot change your own role.", { field: "role" });
    const allowed = assignableRoles(actor);
    if (!allowed.includes(role) || (target.role === "owner" && actor.role !== "owner")) {
      throw new AppError("FORBIDDEN", "Only owners can appoint or change owners.", { field: "role" });
    }
    if (target.role === role) return target;
    const row = ctx.db.update(operators).set({ role }).where(eq(operators.id, target.id)).returning().get()!;
    recordAudit(ctx, {
      operatorId: actor.id,
      action: "operator.role_changed",
      target: String(target.id),
      details: { email: target.email, from: target.role, to: role },
    });
    return row;
  });
}
