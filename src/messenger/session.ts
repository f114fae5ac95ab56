import type { Ctx } from "../context.js";
import { AppError } from "../lib/errors.js";
import { hmacBase64Url, safeEqual } from "../lib/hmac.js";
import { HOUR } from "../lib/clock.js";
import { randomToken } from "../lib/ids.js";
import { GLOBAL_SCOPE, readSetting, writeSetting } from "../workspaces/settings.js";

/** What a widget session token proves: this browser booted as this contact of this workspace. */
export interface WidgetSession {
  workspaceId: string;
  contactId: string;
  /** The browser's visitor id (alias of the contact), so later calls resolve the same contact. */
  visitorId: string;
  expiresAt: number;
}

/** A page reload boots again, so a day is plenty; an expired token makes the widget boot again. */
export const SESSION_TTL = 24 * HOUR;
const SETTING_KEY = "messenger.session_key";
const VERSION = "ws1";
const keys = new WeakMap<object, string>();

/**
 * The server-side key that signs widget sessions, created once and kept in `settings` so restarts keep
 * tokens valid. Not the identity secret: customers hold that one, and it must not mint sessions.
 */
function sessionKey(ctx: Ctx): string {
  const cached = keys.get(ctx.db);
  if (cached) return cached;
  let key = readSetting(ctx, GLOBAL_SCOPE, SETTING_KEY);
  if (typeof key !== "string") {
    key = randomToken(32);
    writeSetting(ctx, GLOBAL_SCOPE, SETTING_KEY, key);
  }
  keys.set(ctx.db, key as string);
  return key as string;
}

/** Issues a stateless token bound to one contact: `ws1.<workspace>.<contact>.<visitor>.<exp>.<sig>`. */
export function issueSession(ctx: Ctx, s: Omit<WidgetSession, "expiresAt">): { token: string; expiresAt: number } {
  const expiresAt = ctx.clock.now() + SESSION_TTL;
  const body = [VERSION, s.workspaceId, s.contactId, s.visitorId, String(expiresAt)].join(".");
  return { token: `${body}.${hmacBase64Url(sessionKey(ctx), body)}`, expiresAt };
}

/** Checks a token's signature and expiry; anything wrong is UNAUTHORIZED (the widget boots again). */
export function readSession(ctx: Ctx, token: string | undefined): WidgetSession {
  const bad = (why: string) => new AppError("UNAUTHORIZED", `Messenger session ${why}; boot again`, { field: "session" });
  if (!token) throw bad("is missing");
  const parts = token.split(".");
  if (parts.length !== 6 || parts[0] !== VERSION) throw bad("is malformed");
  const [, workspaceId, contactId, visitorId, exp, sig] = parts as [string, string, string, string, string, string];
  if (!safeEqual(hmacBase64Url(sessionKey(ctx), parts.slice(0, 5).join(".")), sig)) throw bad("is invalid");
  const expiresAt = Number(exp);
  if (!Number.isFinite(expiresAt) || expiresAt <= ctx.clock.now()) throw bad("has expired");
  return { workspaceId, contactId, visitorId, expiresAt };
}
