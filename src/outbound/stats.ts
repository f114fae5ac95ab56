import type { Ctx } from "../context.js";
import { invalid } from "../lib/errors.js";

/**
 * Figures a message report shows, each one a set of contacts you can list. Top-line figures count the sent arms
 * only; the A/B control group (never sent) is counted apart in `control`, and its goals in `controlGoal`.
 */
export const METRICS = [
  "audience", "queued", "sent", "delivered", "opened", "clicked", "replied", "answered", "dismissed", "goal",
  "unsubscribed", "bounced", "failed", "skipped", "cancelled", "control",
] as const;
export type Metric = (typeof METRICS)[number];

export type MessageStats = Record<Metric, number> & { controlGoal: number };

/**
 * SQL condition (over `deliveries d`) for each metric, and the column that says when it happened.
 * "delivered" is an email that was sent and did not bounce, or an in-app message the contact saw.
 */
const METRIC_SQL: Record<Metric, { where: string; at: string }> = {
  audience: { where: "1 = 1", at: "d.created_at" },
  queued: { where: "d.status IN ('queued', 'claimed')", at: "d.not_before" },
  sent: { where: "d.sent_at IS NOT NULL", at: "d.sent_at" },
  delivered: {
    where: "((d.channel = 'email' AND d.sent_at IS NOT NULL AND d.bounced_at IS NULL) OR (d.channel <> 'email' AND d.seen_at IS NOT NULL))",
    at: "coalesce(d.seen_at, d.sent_at)",
  },
  opened: { where: "d.opened_at IS NOT NULL", at: "d.opened_at" },
  clicked: { where: "d.clicked_at IS NOT NULL", at: "d.clicked_at" },
  replied: { where: "d.replied_at IS NOT NULL", at: "d.replied_at" },
  answered: { where: "d.answer IS NOT NULL", at: "d.updated_at" },
  dismissed: { where: "d.dismissed_at IS NOT NULL", at: "d.dismissed_at" },
  goal: { where: "d.goal_at IS NOT NULL AND d.status <> 'control'", at: "d.goal_at" },
  unsubscribed: { where: "d.unsubscribed_at IS NOT NULL", at: "d.unsubscribed_at" },
  bounced: { where: "d.bounced_at IS NOT NULL", at: "d.bounced_at" },
  failed: { where: "d.status = 'failed'", at: "d.updated_at" },
  skipped: { where: "d.status = 'skipped'", at: "d.updated_at" },
  cancelled: { where: "d.status = 'cancelled'", at: "d.updated_at" },
  control: { where: "d.status = 'control'", at: "d.created_at" },
};

/** The WHERE fragment and time column of a metric; throws VALIDATION for an unknown one. */
export function metricSql(metric: string): { where: string; at: string } {
  if (!(METRICS as readonly string[]).includes(metric)) throw invalid("metric", `Unknown figure '${metric.slice(0, 40)}'.`);
  return METRIC_SQL[metric as Metric];
}

/** `SUM(CASE …)` columns for every metric, over `deliveries d`. */
export const STATS_COLUMNS = [
  "count(*) AS audience",
  ...METRICS.filter((m) => m !== "audience").map((m) => `coalesce(sum(CASE WHEN ${METRIC_SQL[m].where} THEN 1 ELSE 0 END), 0) AS ${m}`),
  "coalesce(sum(CASE WHEN d.goal_at IS NOT NULL AND d.status = 'control' THEN 1 ELSE 0 END), 0) AS controlGoal",
].join(", ");

const EMPTY: MessageStats = { ...(Object.fromEntries(METRICS.map((m) => [m, 0])) as Record<Metric, number>), controlGoal: 0 };

/** Every figure of one message. */
export function messageStats(ctx: Ctx, messageId: string): MessageStats {
  const row = ctx.db.$client.prepare(`SELECT ${STATS_COLUMNS} FROM deliveries d WHERE d.message_id = ?`).get(messageId) as MessageStats | undefined;
  return row ? { ...EMPTY, ...row } : { ...EMPTY };
}

/** The message's figures as the sum of its arms (saves a second pass over the deliveries when both are shown). */
export function totalsOf(arms: ArmStats[]): MessageStats {
  const out: MessageStats = { ...EMPTY };
  for (const a of arms) for (const k of Object.keys(out) as (keyof MessageStats)[]) out[k] += a.stats[k];
  return out;
}

/**
 * How far a broadcast is: deliveries in all and those still waiting. Read from the (message_id, status) index
 * alone, so a live progress bar can ask every second even during a 100k-contact send.
 */
export function progressOf(ctx: Ctx, messageId: string): { total: number; waiting: number } {
  const rows = ctx.db.$client
    .prepare("SELECT status, count(*) AS n FROM deliveries WHERE message_id = ? GROUP BY status")
    .all(messageId) as { status: string; n: number }[];
  let total = 0;
  let waiting = 0;
  for (const r of rows) {
    total += r.n;
    if (r.status === "queued" || r.status === "claimed") waiting += r.n;
  }
  return { total, waiting };
}

/** Figures of many messages at once (the messages list), keyed by message id; messages without deliveries are absent. */
export function statsByMessage(ctx: Ctx, messageIds: string[]): Map<string, MessageStats> {
  const out = new Map<string, MessageStats>();
  for (let i = 0; i < messageIds.length; i += 500) {
    const ids = messageIds.slice(i, i + 500);
    const rows = ctx.db.$client
      .prepare(`SELECT d.message_id AS messageId, ${STATS_COLUMNS} FROM deliveries d WHERE d.message_id IN (${ids.map(() => "?").join(",")}) GROUP BY d.message_id`)
      .all(...ids) as (MessageStats & { messageId: string })[];
    for (const { messageId, ...s } of rows) out.set(messageId, { ...EMPTY, ...s });
  }
  return out;
}

/** `part / whole` as a fraction, 0 when nothing was sent yet. */
export function rate(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

/** Per-arm figures: one entry per variant (by label order) and one for the control group (`variantId: null`). */
export interface ArmStats {
  variantId: string | null;
  label: string;
  weight: number;
  stats: MessageStats;
}

/** Figures per A/B arm of a message; the control arm is present only when it has deliveries or a control share. */
export function variantStats(ctx: Ctx, messageId: string, controlPercent: number): ArmStats[] {
  const variants = ctx.db.$client
    .prepare("SELECT id, label, weight FROM message_variants WHERE message_id = ? ORDER BY label")
    .all(messageId) as { id: string; label: string; weight: number }[];
  const rows = ctx.db.$client
    .prepare(`SELECT d.variant_id AS variantId, ${STATS_COLUMNS} FROM deliveries d WHERE d.message_id = ? GROUP BY d.variant_id`)
    .all(messageId) as (MessageStats & { variantId: string | null })[];
  const by = new Map(rows.map(({ variantId, ...s }) => [variantId, { ...EMPTY, ...s }]));
  const arms: ArmStats[] = variants.map((v) => ({ variantId: v.id, label: v.label, weight: v.weight, stats: by.get(v.id) ?? { ...EMPTY } }));
  if (controlPercent > 0 || by.has(null)) arms.push({ variantId: null, label: "Control", weight: controlPercent, stats: by.get(null) ?? { ...EMPTY } });
  return arms;
}
