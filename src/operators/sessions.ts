import { eq, lt } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { operatorSessions, operators } from "../db/schema/index.js";
import { DAY, MINUTE } from "../lib/clock.js";
import { newId, randomToken } from "../lib/ids.js";
import { hashToken } from "../workspaces/index.js";
import type { Operator } from "./queries.js";

export type OperatorSession = typeof operatorSessions.$inferSelect;

/** A session ends after this long without a request (sliding). */
export const SESSION_IDLE_MS = 7 * DAY;
/** …and after this long in any case, so a stolen cookie does not live forever. */
export const SESSION_MAX_MS = 30 * DAY;
/** Sliding the expiry costs a write; do it at most this often per session. */
const TOUCH_EVERY_MS = 5 * MINUTE;

export interface SessionMeta {
  ip?: string | undefined;
  userAgent?: string | undefined;
}

/** Starts a session: returns the cookie token once; the table keeps only its hash plus a CSRF token. */
export function createSession(ctx: Ctx, operatorId: number, meta: SessionMeta = {}): { token: string; session: OperatorSession } {
  const now = ctx.clock.now();
  // Expired rows are dead weight; sign-ins are rare enough to sweep here instead of in a job.
  ctx.db.delete(operatorSessions).where(lt(operatorSessions.expiresAt, now)).run();
  const token = randomToken(32);
  const session: OperatorSession = {
    id: newId("ses", now),
    tokenHash: hashToken(token),
    operatorId,
    csrfToken: randomToken(24),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: Math.min(now + SESSION_IDLE_MS, now + SESSION_MAX_MS),
    ip: meta.ip?.slice(0, 64) ?? null,
    userAgent: meta.userAgent?.slice(0, 256) ?? null,
  };
  ctx.db.insert(operatorSessions).values(session).run();
  return { token, session };
}

/**
 * The live session and its operator for a cookie token, or undefined when unknown or expired.
 * Slides the idle expiry forward (capped by the absolute maximum).
 */
export function resolveSession(ctx: Ctx, token: string): { session: OperatorSession; operator: Operator } | undefined {
  const now = ctx.clock.now();
  const row = ctx.db
    .select({ session: operatorSessions, operator: operators })
    .from(operatorSessions)
    .innerJoin(operators, eq(operators.id, operatorSessions.operatorId))
    .where(eq(operatorSessions.tokenHash, hashToken(token)))
    .get();
  if (!row || row.session.expiresAt <= now) return undefined;
  if (now - row.session.lastSeenAt >= TOUCH_EVERY_MS) {
    const expiresAt = Math.min(now + SESSION_IDLE_MS, row.session.createdAt + SESSION_MAX_MS);
    ctx.db.update(operatorSessions).set({ lastSeenAt: now, expiresAt }).where(eq(operatorSessions.id, row.session.id)).run();
    row.session = { ...row.session, lastSeenAt: now, expiresAt };
  }
  return row;
}

/** Ends the session behind a cookie token (sign-out); unknown tokens are ignored. */
export function endSession(ctx: Ctx, token: string): void {
  ctx.db.delete(operatorSessions).where(eq(operatorSessions.tokenHash, hashToken(token))).run();
}

