import type { Child } from "hono/jsx";
import { capitalize } from "../components/form.js";
import { inboxHref, STATES, type InboxQuery } from "./list-url.js";
import { ConversationList, type ListProps } from "./list.js";

export interface ViewLink {
  key: string;
  label: string;
  /** Open conversations in that view, when known. */
  count?: number | undefined;
  /** A teammate's view: their id and whether they have the inbox open now (updated live by presence messages). */
  operator?: { id: number; online: boolean } | undefined;
}

export interface InboxPageProps {
  list: ListProps;
  views: ViewLink[];
  /** The signed-in operator (their own typing is not shown back to them). */
  operatorId: number;
  /** The open conversation: thread and sidebar; absent on the bare list. */
  thread?: Child;
  sidebar?: Child;
}

/**
 * The inbox: views and state tabs, search, the list, and the open conversation with its contact. One SSE
 * connection (htmx-ext-sse) serves the page: `conversation` messages re-fetch the list, `part` messages the
 * open thread; `reset` (the stream could not replay what was missed) re-fetches both.
 */
export function InboxPage(p: InboxPageProps) {
  const q = p.list.q;
  const stream = `/inbox/stream${q.open !== undefined ? `?c=${q.open}` : ""}`;
  const listUrl = `/inbox/list${inboxListQuery(q)}`;
  return (
    <div class="inbox" hx-ext="sse" sse-connect={stream} data-operator={String(p.operatorId)}>
      <script src="/vendor/htmx-ext-sse.min.js" defer></script>
      <script src="/static/inbox.js" defer></script>
      <ViewNav views={p.views} q={q} />
      <section class="inbox-list-col" aria-label="Conversations">
        <form method="get" action="/inbox" class="inbox-search" role="search">
          <input type="hidden" name="v" value={q.view} />
          <input type="hidden" name="s" value={q.state} />
          <label class="sr-only" for="inbox-q">Search messages</label>
          <input id="inbox-q" type="search" name="q" value={q.q} placeholder="Search messages" />
        </form>
        <nav class="tabs" aria-label="State">
          {STATES.map((s) => (
            <a href={inboxHref({ ...q, state: s, open: undefined })} aria-current={s === q.state ? "page" : undefined}>{capitalize(s)}</a>
          ))}
        </nav>
        <div id="inbox-list" hx-get={listUrl} hx-trigger="sse:conversation, sse:deleted, sse:reset" hx-swap="innerHTML">
          <ConversationList {...p.list} />
        </div>
      </section>
      <section class="inbox-thread-col" aria-label="Conversation">
        {p.thread ?? <p class="muted inbox-pick">Pick a conversation from the list.</p>}
      </section>
      {p.sidebar && <aside class="inbox-sidebar" aria-label="Contact">{p.sidebar}</aside>}
    </div>
  );
}

/** Views with open counts and teammates' presence dots (toggled by /static/inbox.js on `presence` messages). */
function ViewNav(props: { views: ViewLink[]; q: InboxQuery }) {
  const q = props.q;
  return (
    <nav class="inbox-views" aria-label="Inbox views">
      <h1 class="inbox-title">Inbox</h1>
      <ul id="inbox-view-links" sse-swap="presence" hx-swap="none">
        {props.views.map((v) => (
          <li>
            <a href={inboxHref({ ...q, view: v.key, q: "" })} aria-current={v.key === q.view ? "page" : undefined}>
              <span>
                {v.operator && <span class={v.operator.online ? "online-dot is-online" : "online-dot"} data-presence={String(v.operator.id)} title={v.operator.online ? "Inbox open" : "Away"}></span>}
                {v.label}
              </span>
              {v.count !== undefined && <span class="count">{String(v.count)}</span>}
            </a>
          </li>
        ))}
      </ul>
      <p><a href="/inbox/saved-replies">Saved replies</a></p>
      <p class="muted small">Keys: j / k next / previous, r reply, n note, e close.</p>
    </nav>
  );
}

/** Query of the list fragment: the page's state plus the open conversation (to mark it current). */
export function inboxListQuery(q: InboxQuery): string {
  const p = new URLSearchParams({ v: q.view, s: q.state });
  if (q.q) p.set("q", q.q);
  if (q.open !== undefined) p.set("c", String(q.open));
  return `?${p.toString()}`;
}
