import { raw } from "hono/html";
import type { MessageChannel } from "../../src/db/schema/index.js";
import type { Metric, MessageStats, Timeline } from "../../src/outbound/index.js";
import { jsonScriptText } from "../home/signups-chart.js";
import { n, pct } from "./format.js";

interface Figure {
  metric: Metric;
  label: string;
  /** Share of what (sent, or the audience). */
  of?: "sent" | "audience";
  hint?: string;
}

/** Which figures a channel shows, in order. */
function figuresFor(channel: MessageChannel, hasGoal: boolean, hasControl: boolean): Figure[] {
  const email = channel === "email";
  const out: Figure[] = [
    { metric: "audience", label: "Audience" },
    { metric: "sent", label: email ? "Sent" : "Delivered", of: "audience" },
    { metric: "delivered", label: email ? "Delivered" : "Seen", of: "sent" },
  ];
  if (email) out.push({ metric: "opened", label: "Opened", of: "sent" });
  out.push({ metric: "clicked", label: "Clicked", of: "sent" }, { metric: "replied", label: "Replied", of: "sent" });
  if (!email) out.push({ metric: "dismissed", label: "Dismissed", of: "sent" }, { metric: "answered", label: "Answered", of: "sent" });
  if (hasGoal) out.push({ metric: "goal", label: "Goal reached", of: "sent" });
  if (email) out.push({ metric: "unsubscribed", label: "Unsubscribed", of: "sent" }, { metric: "bounced", label: "Bounced", of: "sent" });
  out.push({ metric: "queued", label: "Waiting", hint: "queued or being sent" }, { metric: "failed", label: "Failed" }, { metric: "skipped", label: "Skipped", hint: "cap, expiry, left the audience" });
  if (hasControl) out.push({ metric: "control", label: "Control group", hint: "held back" });
  return out;
}

/** The figures grid: each figure links to the contacts behind it. */
export function Figures(p: { messageId: string; channel: MessageChannel; stats: MessageStats; hasGoal: boolean; hasControl: boolean }) {
  const s = p.stats;
  return (
    <div class="stats msg-figures" id="message-figures">
      {figuresFor(p.channel, p.hasGoal, p.hasControl).map((f) => (
        <a class="card stat" href={`/messages/${p.messageId}/contacts?metric=${f.metric}`} data-metric={f.metric}>
          <span class="stat-label">{f.label}</span>
          <span class="stat-value">{n(s[f.metric])}</span>
          <span class="stat-hint">{f.of ? pct(s[f.metric], f.of === "sent" ? s.sent : s.audience) : (f.hint ?? "")}
            {f.metric === "goal" && p.hasControl ? ` · control ${pct(s.controlGoal, s.control)}` : ""}</span>
        </a>
      ))}
    </div>
  );
}

/** The figures over time, drawn by /static/reports.js (Chart.js from /vendor). */
export function TimelineChart(p: { timeline: Timeline }) {
  const t = p.timeline;
  if (t.labels.length === 0 || t.series.length === 0) return <p class="muted" id="message-chart-empty">Nothing sent yet.</p>;
  const data = { kind: "line", labels: t.labels, series: t.series.map((s) => ({ label: s.label, data: s.data })) };
  return (
    <div class="chart-box">
      <canvas id="chart-message" data-series="data-message" role="img" aria-label={`Chart: figures per ${t.unit}`}></canvas>
      <script type="application/json" id="data-message">{raw(jsonScriptText(data))}</script>
    </div>
  );
}

/** The live bar of a sending broadcast (the SSE stream replaces it as deliveries go out). */
export function SendProgress(p: { messageId: string; done: number; total: number; sending: boolean }) {
  const percent = p.total > 0 ? Math.round((100 * p.done) / p.total) : 0;
  return (
    <div id="send-progress" class="msg-progress">
      <label for={`progress-${p.messageId}`}>{p.sending ? "Sending" : "Done"}: {n(p.done)} of {n(p.total)} handled ({percent}%)</label>
      <progress id={`progress-${p.messageId}`} max={Math.max(p.total, 1)} value={p.done}>{percent}%</progress>
    </div>
  );
}
