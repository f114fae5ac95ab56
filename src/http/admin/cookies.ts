import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Ctx } from "../../context.js";
import type { FlashKind, FlashMessage } from "../../../views/components/flash.js";
import type { AdminEnv } from "./env.js";

/** Secure cookies only when Parley is reached over https (PUBLIC_URL), or browsers drop them on http. */
export function isSecure(ctx: Ctx): boolean {
  return ctx.config.PUBLIC_URL.startsWith("https:");
}

/** The `__Host-` prefix pins the session cookie to this exact host and path; it requires Secure. */
export function sessionCookieName(ctx: Ctx): string {
  return isSecure(ctx) ? "__Host-parley_session" : "parley_session";
}

export const WORKSPACE_COOKIE = "parley_ws";
const FLASH_COOKIE = "parley_flash";
const KINDS: readonly FlashKind[] = ["success", "error", "info"];

/** Sets an HttpOnly, SameSite=Lax cookie on path "/" (Secure behind https). */
export function setAdminCookie(c: Context<AdminEnv>, name: string, value: string, maxAgeSeconds: number): void {
  setCookie(c, name, value, { path: "/", httpOnly: true, sameSite: "Lax", secure: isSecure(c.var.ctx), maxAge: maxAgeSeconds });
}

/** Removes a cookie set by setAdminCookie. */
export function clearAdminCookie(c: Context<AdminEnv>, name: string): void {
  deleteCookie(c, name, { path: "/", secure: isSecure(c.var.ctx) });
}

/** Queues a message for the next page (after a redirect). */
export function setFlash(c: Context<AdminEnv>, kind: FlashKind, text: string): void {
  setAdminCookie(c, FLASH_COOKIE, Buffer.from(JSON.stringify({ kind, text })).toString("base64url"), 60);
}

/** Reads and clears the queued message; anything malformed is ignored. */
export function takeFlash(c: Context<AdminEnv>): FlashMessage | undefined {
  const raw = getCookie(c, FLASH_COOKIE);
  if (!raw) return undefined;
  clearAdminCookie(c, FLASH_COOKIE);
  try {
    const v = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as { kind?: unknown; text?: unknown };
    if (typeof v.text !== "string" || !KINDS.includes(v.kind as FlashKind)) return undefined;
    return { kind: v.kind as FlashKind, text: v.text.slice(0, 300) };
  } catch {
    return undefined;
  }
}
