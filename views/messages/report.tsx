import type { AbVerdict, MessageStats, MessageWithVariants, Timeline } from "../../src/outbound/index.js";
import { AuthFields, type FormAuth } from "../components/form.js";
import { PageHeader } from "../components/page-header.js";
import { Time } from "../components/time.js";
import { AbTable } from "./ab-table.js";
import { Figures, SendProgress, TimelineChart } from "./figures.js";
import { CHANNEL_LABELS, KIND_LABELS, STATUS_LABELS } from "./format.js";
import { PreviewPanel } from "./preview.js";

export interface MessageReportProps {
  message: MessageWithVariants;
  stats: MessageStats;
  timeline: Timeline;
  verdict?: AbVerdict | undefined;
  segmentName?: string | undefined;
  operatorEmail: string;
  auth: FormAuth;
  now: number;
}

type Action = { verb: string; label: string; confirm: string; danger?: boolean; primary?: boolean };

/** What an operator can do with a message in its current state. */
function actionsFor(m: MessageWithVariants, now: number): Action[] {
  const launch = m.kind === "one_off"
    ? (m.scheduledAt && m.scheduledAt > now ? "Schedule" : "Send now")
    : "Go live";
  switch (m.status) {
    case "draft":
      return [{ verb: "launch", label: launch, primary: true, confirm: m.kind === "one_off" ? `${launch}: “${m.name}” goes to its whole audience. Continue?` : `Start “${m.name}”? It fires for every contact that meets its trigger from now on.` }];
    case "scheduled":
      return [{ verb: "cancel", label: "Cancel", danger: true, confirm: `Cancel “${m.name}”? It will not be sent.` }];
    case "sending":
    case "live":
      return [
        { verb: "pause", label: "Pause", confirm: `Pause “${m.name}”? Nothing more goes out until you resume it.` },
        { verb: "cancel", label: "Cancel", danger: true, confirm: `Cancel “${m.name}” for good? Messages not sent yet are dropped.` },
      ];
    case "paused":
      return [
        { verb: "resume", label: "Resume", primary: true, confirm: `Resume “${m.name}”?` },
        { verb: "cancel", label: "Cancel", danger: true, confirm: `Cancel “${m.name}” for good? Messages not sent yet are dropped.` },
      ];
    case "sent":
    case "cancelled":
      return [{ verb: "archive", label: "Archive", confirm: `Archive “${m.name}”? Its report stays available.` }];
    default:
      return [];
  }
}

function Actions(p: { m: MessageWithVariants; auth: FormAuth; now: number }) {
  const editable = !["sent", "cancelled", "archived"].includes(p.m.status);
  return (
    <div class="msg-actions">
      {editable && <a class="btn" href={`/messages/${p.m.id}/edit`}>Edit</a>}
      {actionsFor(p.m, p.now).map((a) => (
        <form method="post" action={`/messages/${p.m.id}/${a.verb}`} hx-post={`/messages/${p.m.id}/${a.verb}`} hx-confirm={a.confirm} class="inline-form">
          <AuthFields auth={p.auth} />
          <button type="submit" class={`btn${a.primary ? " btn-primary" : ""}${a.danger ? " btn-danger" : ""}`} data-action={a.verb}>{a.label}</button>
        </form>
      ))}
    </div>
  );
}

/** `/messages/:id`: state and actions, live progress, every figure (each a contact list), chart, A/B, preview. */
export function MessageReport(p: MessageReportProps) {
  const m = p.message;
  const processed = p.stats.audience - p.stats.queued;
  const sending = m.status === "sending";
  return (
    <section id="message-report">
      <p><a href="/messages">← Messages</a></p>
      <PageHeader title={m.name}
        lead={<><span class={`state-badge msg-status-${m.status}`} id="message-status">{STATUS_LABELS[m.status]}</span> {CHANNEL_LABELS[m.channel]} · {KIND_LABELS[m.kind]}
          {m.startedAt !== null && <> · started <Time ms={m.startedAt} /></>}{m.scheduledAt !== null && m.status === "scheduled" && <> · sends <Time ms={m.scheduledAt} /></>}</>}
        actions={<Actions m={m} auth={p.auth} now={p.now} />} />
      {m.kind === "one_off" && (sending || p.stats.audience > 0) && (
        <div hx-ext={sending ? "sse" : undefined} sse-connect={sending ? `/messages/${m.id}/stream` : undefined} sse-swap={sending ? "progress" : undefined} sse-close={sending ? "done" : undefined} id="progress-wrap">
          {sending && <script src="/vendor/htmx-ext-sse.min.js" defer></script>}
          <SendProgress messageId={m.id} done={processed} total={p.stats.audience} sending={sending} />
        </div>
      )}
      <Figures messageId={m.id} channel={m.channel} stats={p.stats} hasGoal={m.goal !== null} hasControl={m.controlPercent > 0 || p.stats.control > 0} />
      <section class="card chart-card" aria-labelledby="chart-title">
        <div class="section-head">
          <h2 id="chart-title">Over time</h2>
          <a class="btn btn-small" href={`/messages/${m.id}/contacts.csv?metric=audience`} download>Export all recipients (CSV)</a>
        </div>
        <TimelineChart timeline={p.timeline} />
      </section>
      {p.verdict && <AbTable messageId={m.id} verdict={p.verdict} winnerVariantId={m.winnerVariantId} auth={p.auth} canPromote={!["cancelled", "archived"].includes(m.status)} />}
      <PreviewPanel message={m} operatorEmail={p.operatorEmail} auth={p.auth} />
      <Summary m={m} segmentName={p.segmentName} />
      <script src="/vendor/chart.umd.min.js" defer></script>
      <script src="/static/reports.js" defer></script>
    </section>
  );
}

function Summary(p: { m: MessageWithVariants; segmentName?: string | undefined }) {
  const a = p.m.audience as { segmentId?: string; filter?: unknown; contactId?: string; percent?: number; excludeSegmentIds?: string[] };
  const parts: string[] = [];
  if (a.segmentId) parts.push(`segment “${p.segmentName ?? a.segmentId}”`);
  if (a.filter) parts.push("an ad-hoc filter");
  if (a.contactId) parts.push("one contact");
  if (a.percent) parts.push(`${a.percent}% of them`);
  if (a.excludeSegmentIds?.length) parts.push(`minus ${a.excludeSegmentIds.length} excluded segment(s)`);
  const t = p.m.trigger as { type?: string } | null;
  return (
    <section class="card" aria-labelledby="summary-title" id="message-summary">
      <h2 id="summary-title">Settings</h2>
      <dl class="kv">
        <dt>Audience</dt><dd>{parts.length ? parts.join(", ") : "every contact"}</dd>
        {t?.type && <><dt>Trigger</dt><dd>{t.type.replace(/_/g, " ")}</dd></>}
        <dt>Goal</dt><dd>{p.m.goal ? JSON.stringify(p.m.goal) : "none"}</dd>
        <dt>Variants</dt><dd>{p.m.variants.map((v) => `${v.label} (${v.weight})`).join(", ")}{p.m.controlPercent > 0 ? ` · control ${p.m.controlPercent}%` : ""}</dd>
        <dt>Frequency cap</dt><dd>{p.m.bypassCap ? "ignored" : "applies"}</dd>
      </dl>
    </section>
  );
}
