import { AppError } from "../lib/errors.js";
import { hmacBase64Url, hmacHex, safeEqual } from "../lib/hmac.js";

/** What a boot claims about who is on the page, before verification. */
export interface IdentityClaimsInput {
  userId?: string | undefined;
  email?: string | undefined;
  userHash?: string | undefined;
  jwt?: string | undefined;
}

/** The identity a boot ends up with: `verified` when a hash or JWT proved it. */
export interface VerifiedIdentity {
  userId?: string | undefined;
  email?: string | undefined;
  verified: boolean;
  /** Claims signed inside a JWT other than user_id/email: they win over unsigned boot attributes. */
  signedAttributes: Record<string, unknown>;
}

const refused = (message: string, field: string) => new AppError("UNAUTHORIZED", message, { field });

/** `hex(HMAC-SHA256(secret, user_id ?? email))`, compared in constant time (COMPAT.md §4). */
export function checkUserHash(secret: string, subject: string, userHash: string): boolean {
  return safeEqual(hmacHex(secret, subject), userHash.trim().toLowerCase());
}

/**
 * Verifies an HS256 JWT and returns its payload. Only HS256 is accepted (never `none`, never another
 * algorithm named by the token itself); `exp` and `nbf` (seconds) are honoured; `user_id` is required.
 */
export function verifyUserJwt(secret: string, token: string, nowMs: number): Record<string, unknown> {
  const parts = token.split(".");
  if (parts.length !== 3) throw refused("intercom_user_jwt is not a JWT", "intercom_user_jwt");
  const [h, p, sig] = parts as [string, string, string];
  const header = decodeJson(h);
  if (header?.alg !== "HS256") throw refused("intercom_user_jwt must be signed with HS256", "intercom_user_jwt");
  if (!safeEqual(hmacBase64Url(secret, `${h}.${p}`), sig)) throw refused("intercom_user_jwt signature is invalid", "intercom_user_jwt");
  const payload = decodeJson(p);
  if (!payload) throw refused("intercom_user_jwt payload is not a JSON object", "intercom_user_jwt");
  const now = nowMs / 1000;
  if (typeof payload.exp === "number" && payload.exp <= now) throw refused("intercom_user_jwt has expired", "intercom_user_jwt");
  if (typeof payload.nbf === "number" && payload.nbf > now) throw refused("intercom_user_jwt is not valid yet", "intercom_user_jwt");
  const uid = payload.user_id;
  if (!((typeof uid === "string" && uid.trim() !== "") || typeof uid === "number")) {
    throw refused("intercom_user_jwt must carry a user_id claim", "intercom_user_jwt");
  }
  return payload;
}

/**
 * Decides who a boot is. A JWT, when present, must be valid (whatever the enforcement setting: a bad one
 * is a broken integration) and its claims win. Otherwise a boot naming a user_id or email is verified by
 * `user_hash`; when the workspace enforces verification, an unverified one is refused. Visitors pass.
 */
export function verifyIdentity(ws: { identitySecret: string; identityEnforced: boolean }, c: IdentityClaimsInput, nowMs: number): VerifiedIdentity {
  if (c.jwt) {
    const { user_id, email, exp: _e, iat: _i, nbf: _n, ...rest } = verifyUserJwt(ws.identitySecret, c.jwt, nowMs);
    return {
      userId: String(user_id),
      email: typeof email === "string" && email !== "" ? email : c.email,
      verified: true,
      signedAttributes: rest,
    };
  }
  const subject = c.userId ?? c.email;
  if (subject === undefined) return { verified: false, signedAttributes: {} };
  const verified = c.userHash !== undefined && checkUserHash(ws.identitySecret, subject, c.userHash);
  if (ws.identityEnforced && !verified) {
    throw c.userHash === undefined
      ? refused("Identity verification is enforced: user_hash or intercom_user_jwt is required when user_id or email is given", "user_hash")
      : refused(`Identity verification failed: user_hash does not match ${c.userId !== undefined ? "user_id" : "email"}`, "user_hash");
  }
  return { userId: c.userId, email: c.email, verified, signedAttributes: {} };
}

function decodeJson(segment: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
