import { raw } from "hono/html";
import type { AudienceReport, AudienceTable, Table } from "../../src/analytics/index.js";
import { PageHeader } from "../components/page-header.js";
import { jsonScriptText } from "../home/signups-chart.js";

const TITLES: Record<AudienceTable, string> = {
  signups: "Sign-ups per day", "active-daily": "Active contacts per day", "active-weekly": "Active contacts per week",
  cohorts: "Retention by weekly sign-up cohort", events: "Top events", utm: "Sources: first-touch UTM", referrers: "Sources: referrers",
};

/** A chart's data for /static/reports.js: the first column as labels, the others as series. */
function Chart(p: { id: string; table: Table; kind: "line" | "bar" }) {
  const data = { kind: p.kind, labels: p.table.rows.map((r) => r[0]), series: p.table.columns.slice(1).map((label, i) => ({ label, data: p.table.rows.map((r) => r[i + 1]) })) };
  return (
    <div class="chart-box">
      <canvas id={`chart-${p.id}`} data-series={`data-${p.id}`} role="img" aria-label={`Chart: ${TITLES[p.id as AudienceTable] ?? p.id}`}></canvas>
      <script type="application/json" id={`data-${p.id}`}>{raw(jsonScriptText(data))}</script>
    </div>
  );
}

function TableCard(p: { id: AudienceTable; table: Table; csv: string; chart?: "line" | "bar" }) {
  return (
    <section class="card chart-card" id={`report-${p.id}`} aria-labelledby={`title-${p.id}`}>
      <div class="section-head">
        <h2 id={`title-${p.id}`}>{TITLES[p.id]}</h2>
        <a class="btn btn-small" href={p.csv} download>Export CSV</a>
      </div>
      {p.chart && p.table.rows.length > 0 && <Chart id={p.id} table={p.table} kind={p.chart} />}
      {p.table.rows.length === 0 ? <p class="muted">Nothing in this range.</p> : (
        <details class="chart-table" open={!p.chart}>
          <summary>Show as a table</summary>
          <div class="table-wrap">
            <table class="table">
              <thead><tr>{p.table.columns.map((c) => <th scope="col">{c}</th>)}</tr></thead>
              <tbody>{p.table.rows.map((r) => <tr>{r.map((v) => <td>{v === null ? "" : typeof v === "number" ? v.toLocaleString("en-US") : v}</td>)}</tr>)}</tbody>
            </table>
          </div>
        </details>
      )}
    </section>
  );
}

/** `/reports/audience`: sign-ups, activity, retention, events and sources for a date range (UTC days). */
export function AudiencePage(p: { report: AudienceReport; fromDay: string; toDay: string }) {
  const csv = (id: AudienceTable) => `/reports/audience.csv?${new URLSearchParams({ table: id, from: p.fromDay, to: p.toDay })}`;
  const charts: Partial<Record<AudienceTable, "line" | "bar">> = { signups: "bar", "active-daily": "line", "active-weekly": "bar", events: "bar" };
  return (
    <section id="audience-page">
      <PageHeader title="Audience" lead="Days and weeks are UTC; weeks start on Monday." actions={<a class="btn" href="/reports">All reports</a>} />
      <form method="get" action="/reports/audience" class="card inline-form">
        <div class="field"><label for="f-from">From</label><input id="f-from" name="from" type="date" value={p.fromDay} /></div>
        <div class="field"><label for="f-to">To (inclusive)</label><input id="f-to" name="to" type="date" value={p.toDay} /></div>
        <button type="submit" class="btn btn-primary">Show</button>
      </form>
      {(Object.keys(TITLES) as AudienceTable[]).map((id) => <TableCard id={id} table={p.report[id]} csv={csv(id)} chart={charts[id]} />)}
      <script src="/vendor/chart.umd.min.js" defer></script>
      <script src="/static/reports.js" defer></script>
    </section>
  );
}
