import type { Ctx } from "../context.js";
import type { MessageChannel, MessageKind, MessageStatus } from "../db/schema/index.js";
import { rate } from "./stats.js";

/** One line of Reports → Messages: a campaign or series step with what its deliveries of the range did. */
export interface MessageReportRow {
  id: string;
  name: string;
  kind: MessageKind;
  channel: MessageChannel;
  status: MessageStatus;
  seriesId: string | null;
  sent: number;
  opened: number;
  clicked: number;
  replied: number;
  goal: number;
  unsubscribed: number;
  openRate: number;
  clickRate: number;
  replyRate: number;
  goalRate: number;
  unsubscribeRate: number;
}

export interface MessageReportFilter {
  channel?: MessageChannel | undefined;
  kind?: MessageKind | undefined;
  /** `[from, to)` in ms: deliveries sent in the range, with whatever they did since. */
  from: number;
  to: number;
}

/**
 * Every message with deliveries sent in the range, side by side, most sent first. Figures follow the cohort of
 * deliveries sent in the range (an email sent on the last day and opened the day after counts as opened), so rates
 * never exceed 100%. Series steps sort under their series.
 */
export function messagesReport(ctx: Ctx, workspaceId: string, f: MessageReportFilter): MessageReportRow[] {
  const conds = ["m.workspace_id = ?", "d.sent_at >= ?", "d.sent_at < ?"];
  const params: unknown[] = [workspaceId, f.from, f.to];
  if (f.channel) {
    conds.push("m.channel = ?");
    params.push(f.channel);
  }
  if (f.kind) {
    conds.push("m.kind = ?");
    params.push(f.kind);
  }
  const rows = ctx.db.$client
    .prepare(
      `SELECT m.id AS id, m.name AS name, m.kind AS kind, m.channel AS channel, m.status AS status, m.series_id AS seriesId,
        count(*) AS sent,
        sum(CASE WHEN d.opened_at IS NOT NULL THEN 1 ELSE 0 END) AS opened,
        sum(CASE WHEN d.clicked_at IS NOT NULL THEN 1 ELSE 0 END) AS clicked,
        sum(CASE WHEN d.replied_at IS NOT NULL THEN 1 ELSE 0 END) AS replied,
        sum(CASE WHEN d.goal_at IS NOT NULL THEN 1 ELSE 0 END) AS goal,
        sum(CASE WHEN d.unsubscribed_at IS NOT NULL THEN 1 ELSE 0 END) AS unsubscribed
      FROM deliveries d JOIN messages m ON m.id = d.message_id
      WHERE ${conds.join(" AND ")}
      GROUP BY m.id
      ORDER BY coalesce(m.series_id, ''), sent DESC, m.created_at DESC`,
    )
    .all(...params) as Omit<MessageReportRow, "openRate" | "clickRate" | "replyRate" | "goalRate" | "unsubscribeRate">[];
  return rows.map((r) => ({
    ...r,
    openRate: rate(r.opened, r.sent),
    clickRate: rate(r.clicked, r.sent),
    replyRate: rate(r.replied, r.sent),
    goalRate: rate(r.goal, r.sent),
    unsubscribeRate: rate(r.unsubscribed, r.sent),
  }));
}

/** The report as CSV columns and rows (rates as fractions with 4 decimals). */
export function messagesReportTable(rows: MessageReportRow[]): { columns: string[]; rows: (string | number | null)[][] } {
  const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
  return {
    columns: ["message_id", "name", "kind", "channel", "status", "series_id", "sent", "opened", "clicked", "replied", "goal", "unsubscribed",
      "open_rate", "click_rate", "reply_rate", "goal_rate", "unsubscribe_rate"],
    rows: rows.map((r) => [r.id, r.name, r.kind, r.channel, r.status, r.seriesId, r.sent, r.opened, r.clicked, r.replied, r.goal, r.unsubscribed,
      r4(r.openRate), r4(r.clickRate), r4(r.replyRate), r4(r.goalRate), r4(r.unsubscribeRate)]),
  };
}
