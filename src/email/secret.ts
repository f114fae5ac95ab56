import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "../context.js";
import type { Db } from "../db/client.js";
import { settings } from "../db/schema/index.js";

const SCOPE = "global";
const KEY = "email_signing_secret";

/** Per database: the secret never changes once written, and verifying a click must not cost a query. */
const cache = new WeakMap<Db, Buffer>();

/**
 * The server secret behind every email token (tracking, unsubscribe, reply addresses). It lives in the
 * settings table, created at first use: it then survives restarts and travels with backups, so links in
 * old emails keep working, and nobody has to configure it. Whoever can read the database could forge
 * tokens, but could also edit the rows those tokens protect.
 */
export function signingSecret(ctx: Ctx): Buffer {
  const hit = cache.get(ctx.db);
  if (hit) return hit;
  const where = and(eq(settings.scope, SCOPE), eq(settings.key, KEY));
  let value = ctx.db.select({ value: settings.value }).from(settings).where(where).get()?.value;
  if (typeof value !== "string") {
    // Two first uses racing: the second insert is ignored and both read the winner's secret.
    const fresh = randomBytes(32).toString("base64url");
    ctx.db.insert(settings).values({ scope: SCOPE, key: KEY, value: fresh, updatedAt: ctx.clock.now() }).onConflictDoNothing().run();
    value = ctx.db.select({ value: settings.value }).from(settings).where(where).get()?.value;
  }
  const secret = Buffer.from(String(value), "base64url");
  cache.set(ctx.db, secret);
  return secret;
}

/**
 * HMAC-SHA256 of `data` under the signing secret. `purpose` is mixed in so a token minted for one use
 * (an open pixel) never verifies as another (a click redirect).
 */
export function mac(ctx: Ctx, purpose: string, data: string): Buffer {
  return createHmac("sha256", signingSecret(ctx)).update(purpose).update("\0").update(data).digest();
}

/** Constant-time comparison that also accepts different lengths (they simply do not match). */
export function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
