/** The segment of issue #4's benchmark, its hand-written SQL baselines, and 49 more saved segments for the refresh job. */
import type { Definition } from "../../src/segments/index.js";

const DAY = 86_400_000;

/** "Signed up more than 7 days ago AND login count_gte 10 within 30 days AND project_created count_gte 10 AND plan eq pro". */
export const TARGET: Definition = {
  match: "all",
  conditions: [
    { attribute: "signed_up_at", op: "more_than_days_ago", value: 7 },
    { event: "login", op: "count_gte", value: 10, within_days: 30 },
    { event: "project_created", op: "count_gte", value: 10 },
    { attribute: "plan", op: "eq", value: "pro" },
  ],
};

/**
 * The same question written by hand, two ways (the fastest one in each round is the baseline):
 * `perContact` walks pro contacts and probes both counts; `countTable` starts from the all-time count table
 * (project_created ≥ 10) and probes the login window. (Aggregating the login window over the workspace-wide
 * index first, GROUP BY contact, took 8.5 s at 100k / 5M: 12x the others, so it is left out.)
 */
export function baselines(ws: string, now: number): Record<string, { sql: string; params: unknown[] }> {
  const signed = now - 7 * DAY;
  const since = now - 30 * DAY;
  const logins = `(SELECT count(*) FROM events e WHERE e.contact_id = c.id AND e.name = 'login' AND e.created_at >= ?) >= 10`;
  return {
    perContact: {
      sql: `SELECT c.id FROM contacts c WHERE c.workspace_id = ? AND c.archived = 0 AND json_extract(c.custom_attributes, '$.plan') = 'pro'
            AND c.signed_up_at < ? AND (SELECT s.count FROM event_summaries s WHERE s.contact_id = c.id AND s.name = 'project_created') >= 10 AND ${logins}`,
      params: [ws, signed, since],
    },
    countTable: {
      sql: `SELECT c.id FROM event_summaries s CROSS JOIN contacts c ON c.id = s.contact_id
            WHERE s.workspace_id = ? AND s.name = 'project_created' AND s.count >= 10 AND c.archived = 0
            AND json_extract(c.custom_attributes, '$.plan') = 'pro' AND c.signed_up_at < ? AND ${logins}`,
      params: [ws, signed, since],
    },
  };
}

const EVENTS = ["login", "feature_used", "project_created", "invite_sent", "billing_viewed", "page_view"];
const PLANS = ["free", "starter", "pro", "enterprise"];
const COUNTRIES = ["US", "DE", "FR", "GB", "BR", "IN", "JP", "CA", "ES", "NL"];

/** `n` varied, deterministic time-relative segments (the target first): windows, all-time counts, recency, any-groups. */
export function savedSegments(n: number): { name: string; def: Definition }[] {
  const out: { name: string; def: Definition }[] = [{ name: "bench target", def: TARGET }];
  for (let i = 1; out.length < n; i++) {
    const ev = EVENTS[i % EVENTS.length]!;
    const plan = PLANS[i % PLANS.length]!;
    const country = COUNTRIES[i % COUNTRIES.length]!;
    const conditions: Definition["conditions"] = [
      [{ attribute: "plan", op: "eq", value: plan }, { event: ev, op: "count_gte", value: 2 + (i % 8), within_days: [7, 14, 30, 60][i % 4]! }],
      [{ attribute: "signed_up_at", op: "more_than_days_ago", value: 7 + i }, { event: ev, op: "count_gte", value: 5 + (i % 10) }],
      [{ event: ev, op: "last_less_than_days_ago", value: 3 + (i % 20) }, { attribute: "country", op: "eq", value: country }],
      [{ match: "any", conditions: [{ attribute: "plan", op: "eq", value: plan }, { attribute: "seats", op: "gt", value: 15 }] }, { event: ev, op: "performed", within_days: 14 }],
      [{ attribute: "signed_up_at", op: "more_than_days_ago", value: 3 + (i % 20) }, { event: "login", op: "count_gte", value: 5 + (i % 10), within_days: 30 }, { event: ev, op: "count_gte", value: 3 + (i % 7) }, { attribute: "plan", op: "eq", value: plan }],
    ][i % 5]! as Definition["conditions"];
    out.push({ name: `bench ${i}`, def: { match: "all", conditions } });
  }
  return out;
}
