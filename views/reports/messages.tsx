import { MESSAGE_CHANNELS, type MessageChannel, type MessageKind } from "../../src/db/schema/index.js";
import type { MessageReportRow } from "../../src/outbound/index.js";
import { PageHeader } from "../components/page-header.js";
import { CHANNEL_LABELS, KIND_LABELS, n, STATUS_LABELS } from "../messages/format.js";

export interface MessagesReportProps {
  rows: MessageReportRow[];
  fromDay: string;
  toDay: string;
  channel?: MessageChannel | undefined;
  kind?: MessageKind | undefined;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function Cell(p: { count: number; rate: number; id: string; metric: string }) {
  return (
    <td class="num">
      <a href={`/messages/${p.id}/contacts?metric=${p.metric}`}>{n(p.count)}</a> <span class="muted small">{pct(p.rate)}</span>
    </td>
  );
}

/** `/reports/messages`: each message's deliveries sent in the range, and what they led to. */
export function MessagesReportPage(p: MessagesReportProps) {
  const q = new URLSearchParams({ from: p.fromDay, to: p.toDay, ...(p.channel ? { channel: p.channel } : {}), ...(p.kind ? { kind: p.kind } : {}) });
  return (
    <section id="messages-report">
      <PageHeader title="Messages" lead="Messages sent in the range (UTC days), and what those sends led to since. Series steps are listed together."
        actions={<><a class="btn" href={`/reports/messages.csv?${q}`} download>Export CSV</a> <a class="btn" href="/reports">All reports</a></>} />
      <form method="get" action="/reports/messages" class="card inline-form" id="messages-report-filter">
        <div class="field"><label for="f-from">From</label><input id="f-from" name="from" type="date" value={p.fromDay} /></div>
        <div class="field"><label for="f-to">To (inclusive)</label><input id="f-to" name="to" type="date" value={p.toDay} /></div>
        <div class="field">
          <label for="f-channel">Channel</label>
          <select id="f-channel" name="channel">
            <option value="">All channels</option>
            {MESSAGE_CHANNELS.map((c) => <option value={c} selected={p.channel === c}>{CHANNEL_LABELS[c]}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="f-kind">Type</label>
          <select id="f-kind" name="kind">
            <option value="">Campaigns and series</option>
            {(["one_off", "ongoing", "series"] as const).map((k) => <option value={k} selected={p.kind === k}>{KIND_LABELS[k]}</option>)}
          </select>
        </div>
        <button type="submit" class="btn btn-primary">Show</button>
      </form>
      {p.rows.length === 0 ? <p class="muted">Nothing was sent in this range.</p> : (
        <div class="table-wrap">
          <table class="table" id="messages-report-table">
            <thead>
              <tr>
                <th scope="col">Message</th><th scope="col">Channel</th><th scope="col" class="num">Sent</th><th scope="col" class="num">Opened</th>
                <th scope="col" class="num">Clicked</th><th scope="col" class="num">Replied</th><th scope="col" class="num">Goal</th>
                <th scope="col" class="num">Unsubscribed</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <tr data-message={r.id}>
                  <td>
                    <a href={`/messages/${r.id}`}>{r.name}</a>
                    <div class="muted small">{KIND_LABELS[r.kind]}{r.seriesId ? <> · <a href={`/series/${r.seriesId}`}>series</a></> : null} · {STATUS_LABELS[r.status]}</div>
                  </td>
                  <td>{CHANNEL_LABELS[r.channel]}</td>
                  <td class="num"><a href={`/messages/${r.id}/contacts?metric=sent`}>{n(r.sent)}</a></td>
                  <Cell id={r.id} metric="opened" count={r.opened} rate={r.openRate} />
                  <Cell id={r.id} metric="clicked" count={r.clicked} rate={r.clickRate} />
                  <Cell id={r.id} metric="replied" count={r.replied} rate={r.replyRate} />
                  <Cell id={r.id} metric="goal" count={r.goal} rate={r.goalRate} />
                  <Cell id={r.id} metric="unsubscribed" count={r.unsubscribed} rate={r.unsubscribeRate} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
