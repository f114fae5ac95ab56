import { randomBytes } from "node:crypto";
import { monotonicFactory } from "ulid";

const ulid = monotonicFactory();

/** Prefixed, time-ordered public id, e.g. `ct_01JD…`. */
export function newId(prefix: string, now = Date.now()): string {
  return `${prefix}_${ulid(now).toLowerCase()}`;
}

/** Random url-safe secret of `bytes` entropy. */
export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString("base64url");
}

/** Short lowercase alphanumeric code, like Intercom's app id_code. */
export function shortCode(len = 8): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const buf = randomBytes(len);
  let out = "";
  for (const b of buf) out += alphabet[b % alphabet.length];
  return out;
}
