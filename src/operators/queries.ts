import { asc, eq } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { operators } from "../db/schema/index.js";
import { notFound } from "../lib/errors.js";

export type Operator = typeof operators.$inferSelect;

/** Operator by integer id, or undefined. */
export function findOperator(ctx: Ctx, id: number): Operator | undefined {
  return ctx.db.select().from(operators).where(eq(operators.id, id)).get();
}

/** Operator by id; throws NOT_FOUND with Intercom's `admin_not_found`. */
export function getOperator(ctx: Ctx, id: number): Operator {
  const row = Number.isSafeInteger(id) ? findOperator(ctx, id) : undefined;
  if (!row) throw notFound("Admin Not Found", "admin_not_found");
  return row;
}

/** Every operator, oldest first (operators are instance-wide, not per workspace). */
export function listOperators(ctx: Ctx): Operator[] {
  return ctx.db.select().from(operators).orderBy(asc(operators.id)).all();
}

/** The oldest operator with the `owner` role, if any. */
export function findFirstOwner(ctx: Ctx): Operator | undefined {
  return ctx.db.select().from(operators).where(eq(operators.role, "owner")).orderBy(asc(operators.id)).get();
}
