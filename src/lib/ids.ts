import { randomBytes } from "node:crypto";
import { monotonicFactory } from "ulid";

/**
 * ulid's default PRNG asks the OS for randomness once per character; ids are minted on every ingested
 * event, so draw from a pooled buffer instead (still crypto-grade bytes).
 */
let pool = randomBytes(4096);
let offset = 0;
function pooledRandom(): number {
  if (offset + 4 > pool.length) {
    pool = randomBytes(4096);
    offset = 0;
  }
  const v = pool.readUInt32BE(offset);
  offset += 4;
  return v / 0x1_0000_0000;
}

const ulid = monotonicFactory(pooledRandom);

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
