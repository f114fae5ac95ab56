import { sql } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { operators } from "../db/schema/index.js";
import { AppError } from "../lib/errors.js";
import { hashPassword, verifyPasswordAsync } from "./passwords.js";
import type { Operator } from "./queries.js";

/** Operator by email, case-insensitively (the unique index is on lower(email)). */
export function findOperatorByEmail(ctx: Ctx, email: string): Operator | undefined {
  return ctx.db
    .select()
    .from(operators)
    .where(sql`lower(${operators.email}) = lower(${email.trim()})`)
    .get();
}

/** True once at least one operator exists (the instance is set up). */
export function hasOperators(ctx: Ctx): boolean {
  return ctx.db.select({ id: operators.id }).from(operators).limit(1).get() !== undefined;
}

let dummyHash: string | undefined;

/**
 * Checks an email/password pair and returns the operator, or throws UNAUTHORIZED with one message for
 * every failure, so the response does not tell which emails exist. Unknown emails still pay for one
 * scrypt run for the same reason.
 */
export async function authenticateOperator(ctx: Ctx, email: string, password: string): Promise<Operator> {
  const op = findOperatorByEmail(ctx, email);
  dummyHash ??= hashPassword("parley-timing-equaliser");
  const ok = await verifyPasswordAsync(password, op?.passwordHash ?? dummyHash);
  if (!op || !op.passwordHash || !ok) throw new AppError("UNAUTHORIZED", "That email and password do not match.");
  return op;
}
