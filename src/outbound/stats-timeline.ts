import type { Ctx } from "../context.js";
import { DAY, HOUR } from "../lib/clock.js";

/** A chart's data: one label per bucket and one series per figure. */
export interface Timeline {
  unit: "hour" | "day";
  labels: string[];
  series: { key: string; label: string; data: number[] }[];
}

const SERIES = [
  { key: "sent", label: "Sent", col: "sent_at" },
  { key: "opened", label: "Opened", col: "opened_at" },
  { key: "clicked", label: "Clicked", col: "clicked_at" },
  { key: "seen", label: "Seen", col: "seen_at" },
  { key: "replied", label: "Replied", col: "replied_at" },
  { key: "goal", label: "Goal", col: "goal_at" },
  { key: "unsubscribed", label: "Unsubscribed", col: "unsubscribed_at" },
] as const;

/** Never more buckets than this: a long-running message is shown by day, and only its latest days. */
const MAX_BUCKETS = 120;

/**
 * Each figure per hour (the message is less than three days old) or per UTC day, from its first delivery to now.
 * Buckets with nothing happen as zeros; figures that never happened are left out, so an email shows no "Seen".
 */
export function messageTimeline(ctx: Ctx, messageId: string, now: number): Timeline {
  const db = ctx.db.$client;
  const first = (db.prepare("SELECT min(created_at) AS t FROM deliveries WHERE message_id = ?").get(messageId) as { t: number | null }).t;
  if (first === null) return { unit: "day", labels: [], series: [] };
  const unit = now - first < 3 * DAY ? "hour" : "day";
  const size = unit === "hour" ? HOUR : DAY;
  const end = Math.floor(Math.max(now, first) / size);
  const start = Math.max(Math.floor(first / size), end - MAX_BUCKETS + 1);
  const buckets = Array.from({ length: end - start + 1 }, (_, i) => start + i);
  const labels = buckets.map((b) => {
    const iso = new Date(b * size).toISOString();
    return unit === "hour" ? `${iso.slice(5, 10)} ${iso.slice(11, 13)}h` : iso.slice(0, 10);
  });
  // One pass over the message's deliveries (not one per figure): each row is paired with the figures and counted
  // in the bucket of the time it did each; rows are never brought into JavaScript.
  const pick = SERIES.map((x, i) => `WHEN ${i} THEN ${x.col}`).join(" ");
  const rows = db
    .prepare(
      `SELECT k, b, count(*) AS n FROM (
        SELECT f.k AS k, (CASE f.k ${pick} END) / ${size} AS b, d.status AS status
        FROM deliveries d CROSS JOIN (${SERIES.map((_, i) => `SELECT ${i} AS k`).join(" UNION ALL ")}) f
        WHERE d.message_id = ?)
      WHERE b IS NOT NULL AND NOT (k = ${SERIES.findIndex((x) => x.key === "goal")} AND status = 'control')
      GROUP BY k, b`,
    )
    .all(messageId) as { k: number; b: number; n: number }[];
  const counts = SERIES.map(() => new Map<number, number>());
  for (const r of rows) counts[r.k]!.set(r.b, r.n);
  const series: Timeline["series"] = [];
  SERIES.forEach((s, i) => {
    if (counts[i]!.size > 0) series.push({ key: s.key, label: s.label, data: buckets.map((b) => counts[i]!.get(b) ?? 0) });
  });
  return { unit, labels, series };
}
