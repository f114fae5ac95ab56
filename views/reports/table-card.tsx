import { raw } from "hono/html";
import type { Table } from "../../src/analytics/index.js";
import { jsonScriptText } from "../home/signups-chart.js";

export type ChartKind = "line" | "bar";

/** A chart's data for /static/reports.js: the first column as labels, the others as series. */
export function ReportChart(p: { id: string; title: string; table: Table; kind: ChartKind }) {
  const data = { kind: p.kind, labels: p.table.rows.map((r) => r[0]), series: p.table.columns.slice(1).map((label, i) => ({ label, data: p.table.rows.map((r) => r[i + 1]) })) };
  return (
    <div class="chart-box">
      <canvas id={`chart-${p.id}`} data-series={`data-${p.id}`} role="img" aria-label={`Chart: ${p.title}`}></canvas>
      <script type="application/json" id={`data-${p.id}`}>{raw(jsonScriptText(data))}</script>
    </div>
  );
}

/** A report table in a card: title, CSV link, an optional chart, and the rows (folded away under a chart). */
export function TableCard(p: { id: string; title: string; table: Table; csv: string; chart?: ChartKind | undefined; lead?: string }) {
  return (
    <section class="card chart-card" id={`report-${p.id}`} aria-labelledby={`title-${p.id}`}>
      <div class="section-head">
        <h2 id={`title-${p.id}`}>{p.title}</h2>
        <a class="btn btn-small" href={p.csv} download>Export CSV</a>
      </div>
      {p.lead && <p class="muted small">{p.lead}</p>}
      {p.chart && p.table.rows.length > 0 && <ReportChart id={p.id} title={p.title} table={p.table} kind={p.chart} />}
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

/** The date-range form every report shares (UTC days, both inclusive). */
export function RangeForm(p: { action: string; fromDay: string; toDay: string }) {
  return (
    <form method="get" action={p.action} class="card inline-form">
      <div class="field"><label for="f-from">From</label><input id="f-from" name="from" type="date" value={p.fromDay} /></div>
      <div class="field"><label for="f-to">To (inclusive)</label><input id="f-to" name="to" type="date" value={p.toDay} /></div>
      <button type="submit" class="btn btn-primary">Show</button>
    </form>
  );
}
