import type { Ctx } from "../context.js";
import { metricSql } from "./stats.js";

/** One contact behind a figure: who, when it happened, which arm, and the delivery's state. */
export interface OutcomeContact {
  deliveryId: string;
  contactId: string;
  name: string | null;
  email: string | null;
  externalId: string | null;
  variantLabel: string | null;
  status: string;
  answer: string | null;
  error: string | null;
  at: number | null;
}

export interface OutcomeFilter {
  metric: string;
  /** A variant id, "control" for the control group, or undefined for every arm. */
  arm?: string | undefined;
}

const PAGE_MAX = 500;

function query(messageId: string, f: OutcomeFilter): { from: string; params: unknown[]; at: string } {
  const m = metricSql(f.metric);
  const params: unknown[] = [messageId];
  let arm = "";
  if (f.arm === "control") arm = " AND d.variant_id IS NULL";
  else if (f.arm) {
    arm = " AND d.variant_id = ?";
    params.push(f.arm);
  }
  const from = `FROM deliveries d JOIN contacts c ON c.id = d.contact_id LEFT JOIN message_variants v ON v.id = d.variant_id
    WHERE d.message_id = ? AND ${m.where}${arm}`;
  return { from, params, at: m.at };
}

/** How many contacts are behind a figure. */
export function countOutcomeContacts(ctx: Ctx, messageId: string, f: OutcomeFilter): number {
  const q = query(messageId, f);
  return (ctx.db.$client.prepare(`SELECT count(*) AS n ${q.from}`).get(...q.params) as { n: number }).n;
}

/** A page of the contacts behind a figure, latest first. */
export function listOutcomeContacts(ctx: Ctx, messageId: string, f: OutcomeFilter, page: { offset: number; limit: number }): OutcomeContact[] {
  const q = query(messageId, f);
  const limit = Math.min(Math.max(page.limit, 1), PAGE_MAX);
  return ctx.db.$client
    .prepare(
      `SELECT d.id AS deliveryId, c.id AS contactId, c.name AS name, c.email AS email, c.external_id AS externalId, v.label AS variantLabel,
        d.status AS status, d.answer AS answer, d.error AS error, ${q.at} AS at ${q.from} ORDER BY ${q.at} DESC, d.id DESC LIMIT ? OFFSET ?`,
    )
    .all(...q.params, limit, Math.max(page.offset, 0)) as OutcomeContact[];
}

/** Every contact behind a figure, in pages of 1,000 (CSV export without holding them all in memory). */
export function* iterateOutcomeContacts(ctx: Ctx, messageId: string, f: OutcomeFilter): Generator<OutcomeContact> {
  const q = query(messageId, f);
  const stmt = ctx.db.$client.prepare(
    `SELECT d.id AS deliveryId, c.id AS contactId, c.name AS name, c.email AS email, c.external_id AS externalId, v.label AS variantLabel,
      d.status AS status, d.answer AS answer, d.error AS error, ${q.at} AS at ${q.from} AND d.id > ? ORDER BY d.id LIMIT 1000`,
  );
  let after = "";
  for (;;) {
    const rows = stmt.all(...q.params, after) as OutcomeContact[];
    yield* rows;
    if (rows.length < 1000) return;
    after = rows[rows.length - 1]!.deliveryId;
  }
}
