import { inArray } from "drizzle-orm";
import type { Ctx } from "../context.js";
import type { Contact } from "../contacts/index.js";
import { contacts } from "../db/schema/index.js";
import { HOUR, MINUTE } from "../lib/clock.js";
import { stillInAudience } from "./audience.js";
import type { DeliveryWindow } from "./inputs.js";
import type { LoadedMessage } from "./loaded.js";
import type { Delivery } from "./queries.js";
import { capAllows, capReopensAt, getOutboundSettings, nextAllowedTime, type OutboundSettings } from "./settings.js";

export type Verdict =
  | { kind: "send"; contact: Contact }
  | { kind: "skip"; reason: string }
  | { kind: "fail"; reason: string }
  | { kind: "defer"; until: number; reason: string };

/**
 * Decides, just before sending, what each claimed delivery becomes: sent, skipped by rule (expired, left the
 * audience, unsubscribed…), failed (no address), or deferred (quiet hours, delivery window, frequency cap).
 * Deliveries of one contact are judged highest message priority first, so when the cap allows one, it is that one.
 */
export function judge(ctx: Ctx, claimed: Delivery[], messagesById: Map<string, LoadedMessage>): Map<string, Verdict> {
  const now = ctx.clock.now();
  const out = new Map<string, Verdict>();
  const people = contactsById(ctx, [...new Set(claimed.map((d) => d.contactId))]);
  const inAudience = new Map<string, Set<string>>();
  for (const [id, m] of messagesById) inAudience.set(id, stillInAudience(ctx, m, claimed.filter((d) => d.messageId === id).map((d) => d.contactId)));
  const settings = new Map<string, OutboundSettings>();
  const settingsOf = (ws: string) => settings.get(ws) ?? settings.set(ws, getOutboundSettings(ctx, ws)).get(ws)!;
  const approved = new Map<string, { any: number; email: number }>();
  const ordered = [...claimed].sort((a, b) => messagesById.get(b.messageId)!.priority - messagesById.get(a.messageId)!.priority);
  const ids = new Set(claimed.map((d) => d.id));
  for (const d of ordered) {
    const m = messagesById.get(d.messageId)!;
    const c = people.get(d.contactId);
    const v = verdict(ctx, d, m, c, inAudience.get(m.id)!, settingsOf(m.workspaceId), approved, ids, now);
    out.set(d.id, v);
    if (v.kind === "send") {
      const a = approved.get(d.contactId) ?? { any: 0, email: 0 };
      approved.set(d.contactId, { any: a.any + 1, email: a.email + (d.channel === "email" ? 1 : 0) });
    }
  }
  return out;
}

function verdict(
  ctx: Ctx, d: Delivery, m: LoadedMessage, c: Contact | undefined, audience: Set<string>, s: OutboundSettings,
  approved: Map<string, { any: number; email: number }>, claimedNow: Set<string>, now: number,
): Verdict {
  if (m.expiresAt !== null && m.expiresAt <= now) return { kind: "skip", reason: "expired" };
  if (!c || c.archived) return { kind: "skip", reason: "contact_gone" };
  if (!audience.has(c.id)) return { kind: "skip", reason: "left_audience" };
  if (d.channel === "email") {
    if (!c.email) return { kind: "fail", reason: "no_email" };
    if (c.unsubscribedFromEmails) return { kind: "skip", reason: "unsubscribed" };
    if (c.hasHardBounced) return { kind: "skip", reason: "bounced" };
  }
  const at = nextAllowedTime(now, c.timezone ?? s.defaultTimezone, { window: m.deliveryWindow as DeliveryWindow | null, quietHours: s.quietHours });
  if (at > now) return expiring(m, { kind: "defer", until: at, reason: m.deliveryWindow ? "delivery_window" : "quiet_hours" });
  if (!m.bypassCap && !capOk(ctx, d, c, s, approved, claimedNow, now)) {
    return expiring(m, { kind: "defer", until: capReopensAt(ctx, c.id, d.channel, now, s), reason: "frequency_cap" });
  }
  return { kind: "send", contact: c };
}

/** The cap counting what is already sent plus what this round has approved for the contact. */
function capOk(ctx: Ctx, d: Delivery, c: Contact, s: OutboundSettings, approved: Map<string, { any: number; email: number }>, claimedNow: Set<string>, now: number): boolean {
  const a = approved.get(c.id) ?? { any: 0, email: 0 };
  const cap = {
    interruptionsPerDay: s.cap.interruptionsPerDay === null ? null : s.cap.interruptionsPerDay - a.any,
    emailsPerWeek: s.cap.emailsPerWeek === null ? null : s.cap.emailsPerWeek - a.email,
  };
  if ((cap.interruptionsPerDay ?? 1) <= 0 || (d.channel === "email" && (cap.emailsPerWeek ?? 1) <= 0)) return false;
  return capAllows(ctx, d.workspaceId, c.id, d.channel, now, { ...s, cap }, claimedNow);
}

/** A deferral past the message's expiry is a skip. */
function expiring(m: LoadedMessage, v: Extract<Verdict, { kind: "defer" }>): Verdict {
  return m.expiresAt !== null && v.until >= m.expiresAt ? { kind: "skip", reason: "expired" } : v;
}

function contactsById(ctx: Ctx, ids: string[]): Map<string, Contact> {
  const out = new Map<string, Contact>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const c of ctx.db.select().from(contacts).where(inArray(contacts.id, ids.slice(i, i + 500))).all()) out.set(c.id, c);
  }
  return out;
}

/** Retry delays after a transient failure (attempt 1, 2, …); past the last one the delivery fails. */
export const BACKOFF = [MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 6 * HOUR, 12 * HOUR];
