import { raw } from "hono/html";
import type { FunnelResult } from "../../src/analytics/index.js";
import { jsonScriptText } from "../home/signups-chart.js";

/** Percent with one decimal, or a dash when there is nothing to divide by. */
export function pct(x: number | null): string {
  return x === null ? "—" : `${(x * 100).toFixed(1)}%`;
}

/** A duration as the largest two units: "2 h 5 min", "3 d 4 h", "40 s". */
export function duration(ms: number | null): string {
  if (ms === null) return "—";
  const s = Math.round(ms / 1000);
  const units: [string, number][] = [["d", 86400], ["h", 3600], ["min", 60], ["s", 1]];
  const parts: string[] = [];
  let rest = s;
  for (const [u, n] of units) {
    if (rest >= n || (u === "s" && parts.length === 0)) {
      parts.push(`${Math.floor(rest / n)} ${u}`);
      rest %= n;
    }
    if (parts.length === 2) break;
  }
  return parts.join(" ");
}

/** Steps with counts, conversion, drop-off and median time; counts and drop-offs link to the contacts. */
export function FunnelResultTable(p: { result: FunnelResult; contactsHref: (step: number, which: "reached" | "dropped") => string }) {
  const r = p.result;
  const chart = { labels: r.steps.map((s) => `${s.step}. ${s.label}`), counts: r.steps.map((s) => s.count) };
  return (
    <section class="card chart-card" id="funnel-result" aria-labelledby="funnel-result-title">
      <h2 id="funnel-result-title">Conversion</h2>
      <div class="chart-box"><canvas id="funnel-chart" role="img" aria-label="Bar chart of contacts per funnel step"></canvas></div>
      <script type="application/json" id="funnel-data">{raw(jsonScriptText(chart))}</script>
      <div class="table-wrap">
        <table class="table" id="funnel-steps">
          <thead><tr><th scope="col">Step</th><th scope="col">Contacts</th><th scope="col">From previous</th><th scope="col">From first</th><th scope="col">Drop-off</th><th scope="col">Median time</th></tr></thead>
          <tbody>
            {r.steps.map((s) => (
              <tr data-step={s.step}>
                <td>{s.step}. {s.label}</td>
                <td><a class="step-count" href={p.contactsHref(s.step, "reached")}>{s.count.toLocaleString("en-US")}</a></td>
                <td>{s.step === 1 ? "—" : pct(s.fromPrevious)}</td>
                <td>{pct(s.fromFirst)}</td>
                <td>{s.step === 1 ? "—" : <a class="step-dropoff" href={p.contactsHref(s.step, "dropped")}>{s.dropOff.toLocaleString("en-US")}</a>}</td>
                <td>{duration(s.medianMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {r.breakdown && <BreakdownTable result={r} />}
      <script src="/vendor/chart.umd.min.js" defer></script>
      <script src="/static/reports.js" defer></script>
    </section>
  );
}

function BreakdownTable(p: { result: FunnelResult }) {
  return (
    <div class="table-wrap">
      <table class="table" id="funnel-breakdown">
        <caption class="small muted" style="text-align:left;padding:0.5rem 0.85rem">Breakdown (top 10 values by first step)</caption>
        <thead><tr><th scope="col">Value</th>{p.result.steps.map((s) => <th scope="col">Step {s.step}</th>)}<th scope="col">Overall</th></tr></thead>
        <tbody>
          {p.result.breakdown!.map((b) => (
            <tr>
              <td>{b.value ?? <span class="muted">(not set)</span>}</td>
              {b.counts.map((n) => <td>{n.toLocaleString("en-US")}</td>)}
              <td>{pct(b.counts[0] ? b.counts[b.counts.length - 1]! / b.counts[0] : null)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
