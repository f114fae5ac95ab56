import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../context.js";
import { operators } from "../db/schema/index.js";
import { conflict, invalid } from "../lib/errors.js";
import { hashPassword } from "./passwords.js";

export type OperatorRole = "owner" | "admin" | "agent";

/** An operator as other code sees it: the password hash never leaves this folder. */
export type CreatedOperator = Omit<typeof operators.$inferSelect, "passwordHash">;

export const createOperatorInput = z.object({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(190),
  // Without a password the operator can only sign in once one is set (invite flow).
  password: z.string().min(8).max(1024).optional(),
  role: z.enum(["owner", "admin", "agent"]),
});

export type CreateOperatorInput = z.input<typeof createOperatorInput>;

/** Adds a teammate; the password (if any) is stored as a salted scrypt hash. */
export function createOperator(ctx: Ctx, input: CreateOperatorInput): CreatedOperator {
  const parsed = createOperatorInput.safeParse({ ...input, email: input.email.trim() });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(String(issue.path[0] ?? "operator"), issue.message);
  }
  const { email, name, password, role } = parsed.data;
  // The unique index is on lower(email): check first so the caller gets a CONFLICT, not a SQLite error.
  const taken = ctx.db
    .select({ id: operators.id })
    .from(operators)
    .where(sql`lower(${operators.email}) = lower(${email})`)
    .get();
  if (taken) throw conflict(`An operator with email ${email} already exists`);
  const row = ctx.db
    .insert(operators)
    .values({ email, name, role, passwordHash: password ? hashPassword(password) : null, createdAt: ctx.clock.now() })
    .returning()
    .get();
  const { passwordHash: _hash, ...operator } = row;
  return operator;
}
