import { z } from "zod";
import { and, eq, gte, inArray, or, sql } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { deliveries, type MessageChannel } from "../db/schema/index.js";
import { DAY } from "../lib/clock.js";
import { readSetting, writeSetting } from "../workspaces/settings.js";
import { fail } from "./inputs.js";

const hour = z.number().int().min(0).max(24);
const limit = z.number().int().min(0).max(1000).nullable();
const settingsSchema = z.strictObject({
  /** One per-contact cap across every message and channel; null = no limit. */
  cap: z.strictObject({ interruptionsPerDay: limit.default(null), emailsPerWeek: limit.default(null) }).default({ interruptionsPerDay: null, emailsPerWeek: null }),
  /** Nothing is sent between these hours of the contact's own time zone (e.g. 22 → 8). */
  quietHours: z.strictObject({ startHour: hour, endHour: hour }).nullable().default(null),
  /** Time zone for contacts without one. */
  defaultTimezone: z.string().max(64).default("UTC"),
});

export type OutboundSettings = z.output<typeof settingsSchema>;
export const SETTINGS_KEY = "outbound";

/** The workspace's outbound rules (frequency cap, quiet hours), defaults filled in. */
export function getOutboundSettings(ctx: Ctx, workspaceId: string): OutboundSettings {
  const res = settingsSchema.safeParse(readSetting(ctx, workspaceId, SETTINGS_KEY) ?? {});
  return res.success ? res.data : settingsSchema.parse({});
}

/** Replaces the workspace's outbound rules; errors name the field (`cap.emailsPerWeek`). */
export function setOutboundSettings(ctx: Ctx, workspaceId: string, raw: unknown): OutboundSettings {
  const res = settingsSchema.safeParse(raw);
  if (!res.success) {
    const issue = res.error.issues[0]!;
    throw fail(issue.path.map(String).join("."), issue.message);
  }
  if (!validZone(res.data.defaultTimezone)) throw fail("defaultTimezone", "is not a known time zone");
  writeSetting(ctx, workspaceId, SETTINGS_KEY, res.data);
  return res.data;
}

/** Channels that interrupt a contact (all of them count against `interruptionsPerDay`). */
export const INTERRUPTING: readonly MessageChannel[] = ["email", "chat", "post", "banner", "notification"];

/**
 * Whether one more message may reach this contact at `at` under the workspace's cap: deliveries sent in the last
 * 24 hours (any channel) against `interruptionsPerDay`, emails in the last 7 days against `emailsPerWeek`.
 * Deliveries being sent right now (claimed) count too.
 */
export function capAllows(
  ctx: Ctx, workspaceId: string, contactId: string, channel: MessageChannel, at: number,
  settings = getOutboundSettings(ctx, workspaceId), except?: ReadonlySet<string>,
): boolean {
  const { interruptionsPerDay, emailsPerWeek } = settings.cap;
  if (interruptionsPerDay === null && emailsPerWeek === null) return true;
  const row = ctx.db.select({
    day: sql<number>`coalesce(sum(CASE WHEN coalesce(${deliveries.sentAt}, ${deliveries.claimedAt}) >= ${at - DAY} THEN 1 ELSE 0 END), 0)`,
    week: sql<number>`coalesce(sum(CASE WHEN ${deliveries.channel} = 'email' THEN 1 ELSE 0 END), 0)`,
  }).from(deliveries).where(and(
    eq(deliveries.contactId, contactId),
    or(gte(deliveries.sentAt, at - 7 * DAY), and(eq(deliveries.status, "claimed"), gte(deliveries.claimedAt, at - 7 * DAY))),
    inArray(deliveries.status, ["sent", "claimed"]),
    except && except.size > 0 ? sql`${deliveries.id} NOT IN (SELECT value FROM json_each(${JSON.stringify([...except])}))` : undefined,
  )).get() ?? { day: 0, week: 0 };
  if (interruptionsPerDay !== null && row.day >= interruptionsPerDay) return false;
  return !(channel === "email" && emailsPerWeek !== null && row.week >= emailsPerWeek);
}

/**
 * When the cap may let a blocked message through: a day after the oldest send counted for the day, or a week
 * after the oldest email counted for the week (the sender checks again then).
 */
export function capReopensAt(ctx: Ctx, contactId: string, channel: MessageChannel, at: number, settings: OutboundSettings): number {
  const oldest = (since: number, emailOnly: boolean) => ctx.db.select({ t: sql<number | null>`min(coalesce(${deliveries.sentAt}, ${deliveries.claimedAt}))` })
    .from(deliveries)
    .where(and(eq(deliveries.contactId, contactId), inArray(deliveries.status, ["sent", "claimed"]),
      sql`coalesce(${deliveries.sentAt}, ${deliveries.claimedAt}) >= ${since}`, emailOnly ? eq(deliveries.channel, "email") : undefined))
    .get()?.t ?? null;
  let next = at + 60_000;
  if (!capAllows(ctx, "", contactId, "chat", at, settings)) next = Math.max(next, (oldest(at - DAY, false) ?? at) + DAY);
  if (channel === "email" && settings.cap.emailsPerWeek !== null) {
    const weekOld = oldest(at - 7 * DAY, true);
    if (weekOld !== null && !capAllows(ctx, "", contactId, "email", at, { ...settings, cap: { interruptionsPerDay: null, emailsPerWeek: settings.cap.emailsPerWeek } })) {
      next = Math.max(next, weekOld + 7 * DAY);
    }
  }
  return next;
}

export interface TimeRules {
  window?: { startHour: number; endHour: number; days?: number[] | undefined } | null;
  quietHours?: { startHour: number; endHour: number } | null;
}

const zones = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = zones.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: tz, hourCycle: "h23", weekday: "short", hour: "numeric", minute: "numeric", second: "numeric" });
    zones.set(tz, f);
  }
  return f;
}

/** True when `tz` is an IANA time zone this runtime knows. */
export function validZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

function localParts(at: number, tz: string): { day: number; hour: number; minute: number; second: number } {
  const parts = Object.fromEntries(formatter(tz).formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  return { day: WEEKDAYS.indexOf(parts.weekday ?? "Sun"), hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second) };
}

const inRange = (h: number, start: number, end: number) => (start < end ? h >= start && h < end : h >= start || h < end);

/**
 * The first moment at or after `at` when the delivery window is open and quiet hours are over, in the contact's
 * time zone (unknown zones count as UTC). Checks hour by hour for up to 8 days.
 */
export function nextAllowedTime(at: number, timezone: string | null | undefined, rules: TimeRules): number {
  if (!rules.window && !rules.quietHours) return at;
  const tz = timezone && validZone(timezone) ? timezone : "UTC";
  let t = at;
  for (let i = 0; i < 24 * 8 + 2; i++) {
    const p = localParts(t, tz);
    const w = rules.window;
    const windowOk = !w || (inRange(p.hour, w.startHour, w.endHour) && (!w.days || w.days.includes(p.day)));
    const quiet = rules.quietHours && inRange(p.hour, rules.quietHours.startHour, rules.quietHours.endHour);
    if (windowOk && !quiet) return t;
    t = t - (t % 1000) - p.second * 1000 - p.minute * 60_000 + 3_600_000;
  }
  return t;
}
