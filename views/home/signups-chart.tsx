import { raw } from "hono/html";
import type { SignupDay } from "../../src/workspaces/dashboard.js";

/**
 * JSON for a `<script type="application/json">` block: the page's CSP forbids inline scripts, so the data travels
 * as inert JSON and /static/home-chart.js draws it. `<` is escaped so no value can close the script element.
 */
export function jsonScriptText(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

/** New users and leads per day for the last 30 days: a Chart.js bar chart, with the numbers as a table too. */
export function SignupsChart(props: { days: SignupDay[]; timezone: string }) {
  const total = props.days.reduce((s, d) => s + d.users + d.leads, 0);
  const data = { labels: props.days.map((d) => d.day), users: props.days.map((d) => d.users), leads: props.days.map((d) => d.leads) };
  return (
    <section class="card chart-card" aria-labelledby="signups-title">
      <div class="section-head">
        <h2 id="signups-title">New contacts per day</h2>
        <span class="muted small">Last 30 days · {props.timezone} · {total.toLocaleString("en-US")} in total</span>
      </div>
      <div class="chart-box">
        <canvas id="signups-chart" role="img" aria-label={`Bar chart of new users and leads per day over the last 30 days, ${total} in total`}></canvas>
      </div>
      <script type="application/json" id="signups-data">{raw(jsonScriptText(data))}</script>
      <details class="chart-table">
        <summary>Show as a table</summary>
        <div class="table-wrap">
          <table class="table">
            <thead><tr><th scope="col">Day</th><th scope="col">New users</th><th scope="col">New leads</th></tr></thead>
            <tbody>{props.days.map((d) => <tr><td>{d.day}</td><td>{d.users}</td><td>{d.leads}</td></tr>)}</tbody>
          </table>
        </div>
      </details>
      <script src="/vendor/chart.umd.min.js" defer></script>
      <script src="/static/home-chart.js" defer></script>
    </section>
  );
}
