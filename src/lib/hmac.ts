import { createHmac, timingSafeEqual } from "node:crypto";

/** Hex HMAC-SHA256 of `message` under `key` (Intercom's `user_hash`). */
export function hmacHex(key: string | Buffer, message: string): string {
  return createHmac("sha256", key).update(message).digest("hex");
}

/** Base64url HMAC-SHA256 (JWT HS256 signatures, session tokens). */
export function hmacBase64Url(key: string | Buffer, message: string): string {
  return createHmac("sha256", key).update(message).digest("base64url");
}

/**
 * Compares two strings in time that does not depend on where they differ, so a caller probing
 * signatures learns nothing from response times. Different lengths are simply unequal.
 */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  if (x.length !== y.length) {
    // Still spend a comparison so the length check is not the only fast path.
    timingSafeEqual(x, x);
    return false;
  }
  return timingSafeEqual(x, y);
}
