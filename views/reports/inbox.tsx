import type { InboxReport, InboxTable, Table } from "../../src/analytics/index.js";
import { PageHeader } from "../components/page-header.js";
import { RangeForm, TableCard } from "./table-card.js";

const TITLES: Record<InboxTable, string> = {
  volume: "Conversations per day", times: "Response and close times", teammates: "By teammate", hours: "Busiest hours (conversations started by contacts)",
};

/** A duration in words a support lead reads at a glance: "45 s", "12 min", "3.5 h", "2.1 d". */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  const s = ms / 1000;
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86400) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} d`;
}

/** Weekday × hour grid, each cell shaded by its share of the busiest cell. */
function HoursGrid(p: { table: Table; csv: string }) {
  const max = Math.max(1, ...p.table.rows.flatMap((r) => r.slice(1) as number[]));
  return (
    <section class="card chart-card" id="report-hours" aria-labelledby="title-hours">
      <div class="section-head">
        <h2 id="title-hours">{TITLES.hours}</h2>
        <a class="btn btn-small" href={p.csv} download>Export CSV</a>
      </div>
      <p class="muted small">UTC. Darker cells had more new conversations.</p>
      <div class="table-wrap">
        <table class="table heatmap">
          <thead><tr><th scope="col"><span class="sr-only">Weekday</span></th>{p.table.columns.slice(1).map((h) => <th scope="col">{h.slice(0, 2)}</th>)}</tr></thead>
          <tbody>
            {p.table.rows.map((r) => (
              <tr>
                <th scope="row">{r[0]}</th>
                {(r.slice(1) as number[]).map((n) => (
                  <td class="heat" style={`--heat:${(n / max).toFixed(2)}`} title={`${n} conversation${n === 1 ? "" : "s"}`}>{n || ""}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** `/reports/inbox`: conversation volume, first-response and close times, teammates and busiest hours. */
export function InboxReportPage(p: { report: InboxReport; fromDay: string; toDay: string }) {
  const csv = (id: InboxTable) => `/reports/inbox.csv?${new URLSearchParams({ table: id, from: p.fromDay, to: p.toDay })}`;
  const s = p.report.summary;
  const cards = [
    { label: "Conversations", value: s.conversations.toLocaleString("en-US"), hint: `${s.answered} answered, ${s.closed} closed` },
    { label: "First response, median", value: formatDuration(s.firstResponseMedian), hint: `p90 ${formatDuration(s.firstResponseP90)}` },
    { label: "Time to close, median", value: formatDuration(s.closeMedian), hint: `p90 ${formatDuration(s.closeP90)}` },
  ];
  return (
    <section id="inbox-report-page">
      <PageHeader title="Inbox" lead="Conversations started in the range. Days are UTC." actions={<a class="btn" href="/reports">All reports</a>} />
      <RangeForm action="/reports/inbox" fromDay={p.fromDay} toDay={p.toDay} />
      <div class="stats">
        {cards.map((c) => (
          <div class="stat card"><span class="stat-label">{c.label}</span><span class="stat-value">{c.value}</span><span class="stat-hint">{c.hint}</span></div>
        ))}
      </div>
      <TableCard id="volume" title={TITLES.volume} table={p.report.volume} csv={csv("volume")} chart="bar" />
      <TableCard id="times" title={TITLES.times} table={p.report.times} csv={csv("times")} lead="From a contact's first message to the first reply and to the first close; minutes." />
      <TableCard id="teammates" title={TITLES.teammates} table={p.report.teammates} csv={csv("teammates")} lead="First replies count for whoever answered first; closes for whoever closed." />
      <HoursGrid table={p.report.hours} csv={csv("hours")} />
      <script src="/vendor/chart.umd.min.js" defer></script>
      <script src="/static/reports.js" defer></script>
    </section>
  );
}
