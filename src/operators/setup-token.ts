import { timingSafeEqual } from "node:crypto";
import type { Ctx } from "../context.js";
import { randomToken } from "../lib/ids.js";
import { hashToken } from "../workspaces/index.js";
import { settingsSetupTokenStore } from "../workspaces/setup-token-store.js";

/**
 * The one-time setup token lives as its SHA-256 in `settings` (scope "global", key
 * "setup_token_hash"), the same row bootstrap writes through settingsSetupTokenStore.
 */

/** Generates a new setup token, stores its hash (replacing any older one) and returns the plain token once. */
export function issueSetupToken(ctx: Ctx): string {
  const token = `st_${randomToken(24)}`;
  settingsSetupTokenStore(ctx).write(hashToken(token));
  return token;
}

/** True while a setup token is waiting to be used. */
export function hasSetupToken(ctx: Ctx): boolean {
  return settingsSetupTokenStore(ctx).read() !== undefined;
}

/**
 * Checks `token` against the stored hash and, when it matches, deletes it so it cannot be used twice.
 * Call inside the transaction that creates the owner, so a failed creation keeps the token usable.
 */
export function consumeSetupToken(ctx: Ctx, token: string): boolean {
  const store = settingsSetupTokenStore(ctx);
  const stored = store.read();
  if (!stored || !token) return false;
  const a = Buffer.from(hashToken(token.trim()), "hex");
  const b = Buffer.from(stored, "hex");
  if (a.length !== b.length || !timingSafeEqual(a, b)) return false;
  store.write(undefined);
  return true;
}
