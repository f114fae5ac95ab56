import { MESSAGE_CHANNELS, MESSAGE_STATUSES, type MessageChannel, type MessageStatus } from "../../src/db/schema/index.js";
import type { Message } from "../../src/outbound/index.js";
import type { MessageStats } from "../../src/outbound/index.js";
import { EmptyState } from "../components/empty-state.js";
import { PageHeader } from "../components/page-header.js";
import { Time } from "../components/time.js";
import { CHANNEL_LABELS, KIND_LABELS, n, pct, STATUS_LABELS } from "./format.js";

export type ListTab = "one_off" | "ongoing" | "all";

export interface ListQuery {
  tab: ListTab;
  channel?: MessageChannel | undefined;
  status?: MessageStatus | undefined;
}

export interface MessagesListProps {
  query: ListQuery;
  messages: Message[];
  stats: Map<string, MessageStats>;
  nextHref?: string | undefined;
}

const TABS: [ListTab, string][] = [["one_off", "One-off"], ["ongoing", "Automatic"], ["all", "All"]];

/** `/messages?…` for a list query. */
export function listHref(q: ListQuery): string {
  const p = new URLSearchParams();
  if (q.tab !== "all") p.set("tab", q.tab);
  if (q.channel) p.set("channel", q.channel);
  if (q.status) p.set("status", q.status);
  const s = p.toString();
  return s ? `/messages?${s}` : "/messages";
}

/** `/messages`: one-off and automatic messages with their key figures. */
export function MessagesList(p: MessagesListProps) {
  const q = p.query;
  return (
    <section id="messages-page">
      <PageHeader title="Messages" lead="Emails and in-app messages: one-off broadcasts and automatic messages fired by what contacts do."
        actions={<a class="btn btn-primary" href="/messages/new">New message</a>} />
      <nav class="tabs" aria-label="Message kind">
        {TABS.map(([tab, label]) => <a href={listHref({ ...q, tab })} aria-current={q.tab === tab ? "page" : undefined}>{label}</a>)}
      </nav>
      <form method="get" action="/messages" class="inline-form card" id="messages-filter">
        {q.tab !== "all" && <input type="hidden" name="tab" value={q.tab} />}
        <div class="field">
          <label for="f-channel">Channel</label>
          <select id="f-channel" name="channel">
            <option value="">All channels</option>
            {MESSAGE_CHANNELS.map((c) => <option value={c} selected={q.channel === c}>{CHANNEL_LABELS[c]}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="f-status">Status</label>
          <select id="f-status" name="status">
            <option value="">Any status but archived</option>
            {MESSAGE_STATUSES.map((s) => <option value={s} selected={q.status === s}>{STATUS_LABELS[s]}</option>)}
          </select>
        </div>
        <button type="submit" class="btn">Filter</button>
      </form>
      {p.messages.length === 0 ? (
        <EmptyState title="No messages here yet" action={<a class="btn btn-primary" href="/messages/new">New message</a>}>
          <p>Send a broadcast to a segment, or set up an automatic message that fires when a contact signs up, does something, or goes quiet.</p>
        </EmptyState>
      ) : (
        <div class="table-wrap">
          <table class="table" id="messages-table">
            <thead>
              <tr>
                <th scope="col">Name</th><th scope="col">Channel</th><th scope="col">Status</th>
                <th scope="col" class="num">Sent</th><th scope="col" class="num">Opened / seen</th><th scope="col" class="num">Clicked</th>
                <th scope="col" class="num">Replied</th><th scope="col" class="num">Goal</th><th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>{p.messages.map((m) => <Row m={m} s={p.stats.get(m.id)} />)}</tbody>
          </table>
        </div>
      )}
      {p.nextHref && <nav class="pager" aria-label="Pages"><a class="btn btn-small" rel="next" href={p.nextHref}>Older messages</a></nav>}
    </section>
  );
}

function Row(props: { m: Message; s: MessageStats | undefined }) {
  const { m, s } = props;
  const sent = s?.sent ?? 0;
  const opened = m.channel === "email" ? (s?.opened ?? 0) : (s?.delivered ?? 0);
  return (
    <tr data-message={m.id}>
      <td>
        <a href={m.status === "draft" ? `/messages/${m.id}/edit` : `/messages/${m.id}`}>{m.name}</a>
        <div class="muted small">{KIND_LABELS[m.kind]}</div>
      </td>
      <td>{CHANNEL_LABELS[m.channel]}</td>
      <td><span class={`state-badge msg-status-${m.status}`}>{STATUS_LABELS[m.status]}</span></td>
      <td class="num">{n(sent)}</td>
      <td class="num">{n(opened)} <span class="muted small">{pct(opened, sent)}</span></td>
      <td class="num">{n(s?.clicked ?? 0)} <span class="muted small">{pct(s?.clicked ?? 0, sent)}</span></td>
      <td class="num">{n(s?.replied ?? 0)}</td>
      <td class="num">{m.goal ? <>{n(s?.goal ?? 0)} <span class="muted small">{pct(s?.goal ?? 0, sent)}</span></> : <span class="muted">–</span>}</td>
      <td><Time ms={m.createdAt} /></td>
    </tr>
  );
}
