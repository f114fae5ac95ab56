import type { Ctx } from "../context.js";
import { INAPP_CHANNELS, type InAppChannel } from "./inapp-rules.js";

/** A new in-app delivery waiting to be shown, as the live push sees it. */
export interface NewInAppDelivery {
  /** The row's position in the table: the push reads each new row once, in insertion order. */
  rowid: number;
  id: string;
  workspaceId: string;
  contactId: string;
  messageId: string;
  channel: InAppChannel;
}

const CHANNELS = INAPP_CHANNELS.map((c) => `'${c}'`).join(", ");

/** Where the push starts: everything already in the table was there before any page could be told about it. */
export function lastDeliveryRowid(ctx: Ctx): number {
  return (ctx.db.$client.prepare("SELECT coalesce(max(rowid), 0) AS n FROM deliveries").get() as { n: number }).n;
}

/** Rows looked at per query: a large email launch is walked through in steps, never in one long read. */
const STEP = 20_000;

/**
 * In-app deliveries inserted after `afterRowid` (whatever made them: a launch, a trigger, a series step), still
 * queued, in insertion order; `scanned` is the last row looked at, so the next call starts after it. Walks the
 * table's rowid range (new rows only, never the backlog) in SQLite, returning only the in-app ones.
 */
export function newInAppDeliveries(ctx: Ctx, afterRowid: number): { rows: NewInAppDelivery[]; scanned: number } {
  const last = lastDeliveryRowid(ctx);
  const upTo = Math.min(last, afterRowid + STEP);
  if (upTo <= afterRowid) return { rows: [], scanned: afterRowid };
  const rows = ctx.db.$client
    .prepare(`SELECT rowid AS rowid, id, workspace_id AS workspaceId, contact_id AS contactId, message_id AS messageId, channel FROM deliveries
      WHERE rowid > ? AND rowid <= ? AND status = 'queued' AND channel IN (${CHANNELS}) ORDER BY rowid`)
    .all(afterRowid, upTo) as NewInAppDelivery[];
  return { rows, scanned: upTo };
}

/** What the widget's stream carries (`event: inapp`): enough to know something is due; the widget asks for it. */
export function inAppPushPayload(d: Pick<NewInAppDelivery, "id" | "messageId" | "channel">): { id: string; message_id: string; channel: InAppChannel } {
  return { id: d.id, message_id: d.messageId, channel: d.channel };
}
