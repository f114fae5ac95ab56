import type { Utm } from "../db/schema/index.js";
import type { ProfileInput } from "../contacts/index.js";
import type { SegmentContext, SegmentMessage } from "./inputs.js";

/** What the request adds to every message: when it arrived and, for browsers, where from. */
export interface Arrival {
  receivedAt: number;
  /** The caller's address; used only for analytics.js messages, which never carry `context.ip`. */
  requestIp?: string | undefined;
}

/** The request-level facts of a message (COMPAT.md §5.3, "for every message"). */
export interface Visit {
  ip?: string | undefined;
  userAgent?: string | undefined;
  utm?: Utm | undefined;
  locale?: string | undefined;
  /** False when the sender says the user was not active (`context.active === false`): no last-seen, no session. */
  active: boolean;
  /** Sent from a browser or device: page/screen calls and anything carrying a user agent. Such messages touch sessions. */
  browser: boolean;
}

export interface Normalized {
  msg: SegmentMessage;
  /** When it happened (ms): the sender's timestamp corrected for clock skew, never in the future. */
  at: number;
  messageId?: string | undefined;
  userId?: string | undefined;
  anonymousId?: string | undefined;
  visit: Visit;
}

/** Batch-level `context`/`integrations`/`sentAt` apply to each message; the message's own values win. */
export function mergeEnvelope(raw: Record<string, unknown>, envelope: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!envelope) return raw;
  const out = { ...raw };
  for (const key of ["context", "integrations"] as const) {
    const outer = envelope[key];
    if (isPlain(outer)) out[key] = isPlain(raw[key]) ? { ...outer, ...raw[key] } : (raw[key] ?? outer);
  }
  if (out.sentAt === undefined && envelope.sentAt !== undefined) out.sentAt = envelope.sentAt;
  return out;
}

/** Resolves time, ids and visit facts of a validated message. */
export function normalize(msg: SegmentMessage, arrival: Arrival): Normalized {
  return {
    msg,
    at: eventTime(msg, arrival.receivedAt),
    messageId: msg.messageId ?? undefined,
    userId: msg.userId || undefined,
    anonymousId: msg.anonymousId || undefined,
    visit: visitOf(msg, arrival),
  };
}

/**
 * `timestamp` (or `originalTimestamp`) shifted by `receivedAt − sentAt` when `sentAt` is given, so a device
 * whose clock is off still lands at the right moment; backdated imports keep their date. Clamped to arrival.
 */
function eventTime(msg: SegmentMessage, receivedAt: number): number {
  const base = msg.timestamp ?? msg.originalTimestamp;
  if (base == null) return receivedAt;
  const at = msg.sentAt != null ? base + (receivedAt - msg.sentAt) : base;
  return Math.min(at, receivedAt);
}

function visitOf(msg: SegmentMessage, arrival: Arrival): Visit {
  const c: SegmentContext = msg.context ?? {};
  const fromBrowser = c.library?.name === "analytics.js";
  const ip = c.ip || (fromBrowser ? arrival.requestIp : undefined) || undefined;
  const isView = msg.type === "page" || msg.type === "screen";
  const referrer = c.page?.referrer || (isView ? msg.properties?.referrer : undefined) || undefined;
  return {
    ip,
    userAgent: c.userAgent || undefined,
    utm: utmOf(c, referrer),
    locale: c.locale || undefined,
    active: c.active !== false,
    browser: isView || Boolean(c.userAgent),
  };
}

function utmOf(c: SegmentContext, referrer: string | undefined): Utm | undefined {
  const k = c.campaign;
  const utm: Utm = {};
  if (k?.source) utm.source = k.source;
  if (k?.medium) utm.medium = k.medium;
  if (k?.name) utm.campaign = k.name;
  if (k?.term) utm.term = k.term;
  if (k?.content) utm.content = k.content;
  if (referrer) utm.referrer = referrer;
  return Object.keys(utm).length > 0 ? utm : undefined;
}

/** The profile facts every message carries about its contact. */
export function visitProfile(n: Normalized): ProfileInput {
  const v = n.visit;
  const p: ProfileInput = {};
  if (v.active) p.lastSeenAt = n.at;
  if (v.ip) p.ip = v.ip;
  if (v.userAgent) p.userAgent = v.userAgent;
  if (v.utm) p.utm = v.utm;
  if (v.locale) p.browserLanguage = v.locale;
  return p;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
