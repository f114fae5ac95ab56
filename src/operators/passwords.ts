import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from "node:crypto";

/**
 * Stored form: `scrypt$ln=15,r=8,p=1$<salt>$<hash>` (base64url). The cost travels with the
 * hash so it can be raised later without invalidating existing passwords.
 * ln=15 (32 MiB, ~170 ms on the 2-core reference machine) balances brute-force cost
 * against blocking the single process during boot and login.
 */
const DEFAULT = { ln: 15, r: 8, p: 1 };
const KEY_LEN = 32;
const SALT_LEN = 16;

interface Parsed {
  ln: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

const MAX_MEMORY = 256 * 1024 * 1024;
const memoryOf = (x: { ln: number; r: number }) => 128 * 2 ** x.ln * x.r;

const options = (x: { ln: number; r: number; p: number }): ScryptOptions => ({
  N: 2 ** x.ln,
  r: x.r,
  p: x.p,
  // scrypt needs ~128·N·r bytes; Node's 32 MiB default leaves no room from ln=15 up.
  maxmem: 2 * memoryOf(x),
});

/** Hashes a password with a fresh random salt (synchronous: used inside boot transactions). */
export function hashPassword(password: string): string {
  const salt = randomBytes(SALT_LEN);
  const hash = scryptSync(password.normalize("NFC"), salt, KEY_LEN, options(DEFAULT));
  return `scrypt$ln=${DEFAULT.ln},r=${DEFAULT.r},p=${DEFAULT.p}$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}

/** Checks a password against a stored hash; false for a wrong password or a malformed hash. */
export function verifyPassword(password: string, stored: string): boolean {
  const parsed = parse(stored);
  if (!parsed) return false;
  const actual = scryptSync(password.normalize("NFC"), parsed.salt, parsed.hash.length, options(parsed));
  return timingSafeEqual(actual, parsed.hash);
}

/** Same as verifyPassword but runs scrypt on the thread pool, so a login request doesn't block the server. */
export async function verifyPasswordAsync(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const actual = await new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize("NFC"), parsed.salt, parsed.hash.length, options(parsed), (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
  return timingSafeEqual(actual, parsed.hash);
}

/** Parses and bounds-checks a stored hash, so a tampered row cannot ask for absurd memory or time. */
function parse(stored: string): Parsed | undefined {
  const m = /^scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/.exec(stored);
  if (!m) return undefined;
  const [ln, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const salt = Buffer.from(m[4]!, "base64url");
  const hash = Buffer.from(m[5]!, "base64url");
  if (ln < 10 || r < 1 || p < 1 || p > 16 || memoryOf({ ln, r }) > MAX_MEMORY) return undefined;
  if (salt.length < SALT_LEN || hash.length < 16 || hash.length > 64) return undefined;
  return { ln, r, p, salt, hash };
}
