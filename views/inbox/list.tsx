import { EmptyState } from "../components/empty-state.js";
import { AuthFields, type FormAuth } from "../components/form.js";
import { Time } from "../components/time.js";
import { inboxHref, StateFields, type InboxQuery } from "./list-url.js";

/** One conversation as the list shows it. */
export interface InboxRow {
  id: number;
  contactName: string;
  title: string | null;
  /** Plain text of the latest message, shortened. */
  snippet: string;
  assigneeName: string | null;
  state: "open" | "snoozed" | "closed";
  snoozedUntil: number | null;
  updatedAt: number;
  /** The contact wrote after this operator last read it. */
  unread: boolean;
}

export interface ListProps {
  q: InboxQuery;
  rows: InboxRow[];
  total: number;
  operators: { id: number; name: string }[];
  auth: FormAuth;
  /** Cursor of the next page (more than one page of conversations), for "Load more". */
  next?: string | undefined;
}

/**
 * The inner part of #inbox-list: htmx re-fetches it when the SSE stream says a conversation changed, and
 * bulk actions answer with it. Rows link to full pages so every conversation has a shareable URL.
 */
export function ConversationList(p: ListProps) {
  if (p.rows.length === 0) {
    return (
      <EmptyState title={p.q.q ? "No conversations match" : `No ${p.q.state} conversations here`}>
        <p>New conversations from the messenger and the API appear here as they arrive.</p>
      </EmptyState>
    );
  }
  return (
    <form id="bulk-form" method="post" action="/inbox/bulk" hx-post="/inbox/bulk" hx-target="#inbox-list" hx-swap="innerHTML">
      <AuthFields auth={p.auth} />
      <StateFields q={p.q} />
      <div class="inbox-bulk">
        <label class="sr-only" for="bulk-assignee">Assign selected to</label>
        <select id="bulk-assignee" name="assignee">
          <option value="">Unassigned</option>
          {p.operators.map((o) => <option value={String(o.id)}>{o.name}</option>)}
        </select>
        <button type="submit" name="action" value="assign" class="btn btn-small">Assign selected</button>
        <button type="submit" name="action" value="close" class="btn btn-small">Close selected</button>
        <span class="muted" id="inbox-total">{`${p.total} conversation${p.total === 1 ? "" : "s"}`}</span>
      </div>
      <ul class="inbox-rows">
        <MoreRows {...p} />
      </ul>
    </form>
  );
}

/**
 * The rows of one page and, when more exist, a "Load more" item that htmx replaces with the next page's rows
 * (and its own "Load more"): `/inbox/list?…&after=<cursor>` answers with this fragment alone.
 */
export function MoreRows(p: ListProps) {
  const more = p.next && `/inbox/list${listQuery(p.q)}&after=${encodeURIComponent(p.next)}`;
  return (
    <>
      {p.rows.map((r) => <Row row={r} q={p.q} />)}
      {more && (
        <li class="inbox-more">
          <a class="btn btn-small" href={more} hx-get={more} hx-target="closest li" hx-swap="outerHTML">Load more</a>
        </li>
      )}
    </>
  );
}

/** Query of the list fragment (also in page.tsx, which imports this file). */
function listQuery(q: InboxQuery): string {
  const p = new URLSearchParams({ v: q.view, s: q.state });
  if (q.q) p.set("q", q.q);
  if (q.open !== undefined) p.set("c", String(q.open));
  return `?${p.toString()}`;
}

function Row(props: { row: InboxRow; q: InboxQuery }) {
  const r = props.row;
  const cls = ["inbox-row", r.unread ? "is-unread" : "", props.q.open === r.id ? "is-current" : ""].filter(Boolean).join(" ");
  return (
    <li class={cls} data-conversation={String(r.id)}>
      <input type="checkbox" name="ids" value={String(r.id)} aria-label={`Select conversation with ${r.contactName}`} />
      <a href={inboxHref(props.q, r.id)} aria-current={props.q.open === r.id ? "page" : undefined}>
        <span class="inbox-row-top">
          <strong class="inbox-contact">{r.contactName}</strong>
          <span class="muted"><Time ms={r.updatedAt} /></span>
        </span>
        <span class="inbox-snippet">{r.title ? `${r.title} — ` : ""}{r.snippet || "—"}</span>
        <span class="inbox-row-meta muted">
          {r.assigneeName ?? "Unassigned"}
          {r.state === "snoozed" && r.snoozedUntil !== null && <> · snoozed until <Time ms={r.snoozedUntil} /></>}
          {r.unread && <span class="badge">New</span>}
        </span>
      </a>
    </li>
  );
}
