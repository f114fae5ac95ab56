import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { CONTACT_FIELDS, resolveContactField } from "../contacts/index.js";
import { contacts, deliveries, messages } from "../db/schema/index.js";
import { DAY } from "../lib/clock.js";
import { fireTrigger, liveMessages } from "./fire.js";
import type { Trigger } from "./inputs.js";
import type { Message } from "./queries.js";

const MAX_PER_RUN = 5000;

/** The SQL of a date attribute (ms) on a `contacts` row, or undefined when the workspace has no such attribute. */
function dateExpr(ctx: Ctx, workspaceId: string, attribute: string): SQL | undefined {
  const std = Object.hasOwn(CONTACT_FIELDS, attribute) ? CONTACT_FIELDS[attribute] : undefined;
  if (std && !std.compile) return std.type === "date" ? sql`${std.expr}` : undefined;
  const name = attribute.startsWith("custom_attributes.") ? attribute : `custom_attributes.${attribute}`;
  try {
    const f = resolveContactField(ctx, workspaceId, name, "trigger.attribute");
    return f.type === "date" ? sql`${f.expr}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Fires live messages whose trigger is a moment: `date_attribute` (the attribute + N days) or `inactive` (last seen
 * + N days). Each run handles the thresholds crossed since the previous one (at most MAX_PER_RUN contacts per
 * message; the rest next run). Contacts outside the audience at that moment are not tried again later.
 */
export function runTimeTriggers(ctx: Ctx): number {
  const now = ctx.clock.now();
  const workspaces = ctx.db.selectDistinct({ id: messages.workspaceId }).from(messages).where(eq(messages.status, "live")).all();
  let fired = 0;
  for (const ws of workspaces) {
    for (const m of liveMessages(ctx, ws.id)) {
      const t = m.trigger as Trigger | null;
      if (t?.type !== "date_attribute" && t?.type !== "inactive") continue;
      fired += fireCrossed(ctx, m, t, now);
    }
  }
  return fired;
}

function fireCrossed(ctx: Ctx, m: Message, t: Extract<Trigger, { type: "date_attribute" | "inactive" }>, now: number): number {
  const value = t.type === "inactive" ? sql`${contacts.lastSeenAt}` : dateExpr(ctx, m.workspaceId, t.attribute);
  const from = m.timeTriggersAt ?? m.startedAt ?? now;
  if (!value) return 0;
  const at = sql`((${value}) + ${t.days * DAY})`;
  const rows = ctx.db.select({ id: contacts.id, at: sql<number>`${at}` }).from(contacts)
    .where(and(eq(contacts.workspaceId, m.workspaceId), eq(contacts.archived, false), sql`${at} > ${from} AND ${at} <= ${now}`,
      sql`NOT EXISTS (SELECT 1 FROM ${deliveries} d WHERE d.message_id = ${m.id} AND d.contact_id = ${contacts.id} AND d.created_at >= ${at})`))
    .orderBy(sql`${at}`).limit(MAX_PER_RUN).all();
  let fired = 0;
  for (const r of rows) if (fireTrigger(ctx, m, r.id)) fired++;
  const reached = rows.length === MAX_PER_RUN ? rows[rows.length - 1]!.at : now;
  ctx.db.update(messages).set({ timeTriggersAt: reached }).where(eq(messages.id, m.id)).run();
  return fired;
}
