import type { AudienceReport, AudienceTable } from "../../src/analytics/index.js";
import { PageHeader } from "../components/page-header.js";
import { RangeForm, TableCard } from "./table-card.js";

const TITLES: Record<AudienceTable, string> = {
  signups: "Sign-ups per day", "active-daily": "Active contacts per day", "active-weekly": "Active contacts per week",
  cohorts: "Retention by weekly sign-up cohort", events: "Top events", utm: "Sources: first-touch UTM", referrers: "Sources: referrers",
};

/** `/reports/audience`: sign-ups, activity, retention, events and sources for a date range (UTC days). */
export function AudiencePage(p: { report: AudienceReport; fromDay: string; toDay: string }) {
  const csv = (id: AudienceTable) => `/reports/audience.csv?${new URLSearchParams({ table: id, from: p.fromDay, to: p.toDay })}`;
  const charts: Partial<Record<AudienceTable, "line" | "bar">> = { signups: "bar", "active-daily": "line", "active-weekly": "bar", events: "bar" };
  return (
    <section id="audience-page">
      <PageHeader title="Audience" lead="Days and weeks are UTC; weeks start on Monday." actions={<a class="btn" href="/reports">All reports</a>} />
      <RangeForm action="/reports/audience" fromDay={p.fromDay} toDay={p.toDay} />
      {(Object.keys(TITLES) as AudienceTable[]).map((id) => <TableCard id={id} title={TITLES[id]} table={p.report[id]} csv={csv(id)} chart={charts[id]} />)}
      <script src="/vendor/chart.umd.min.js" defer></script>
      <script src="/static/reports.js" defer></script>
    </section>
  );
}
