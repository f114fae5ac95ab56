import type { TimelineItem } from "../../src/contacts/timeline.js";
import { Time } from "../components/time.js";

/** Only web addresses become links: a stored `javascript:` URL must never be clickable. */
export function safeHref(url: string | null): string | undefined {
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}

/** One timeline entry; `live` marks entries pushed over SSE while the page was open. */
export function TimelineEntry(props: { item: TimelineItem; live?: boolean }) {
  const it = props.item;
  return (
    <li class={`tl-item tl-${it.kind}${props.live ? " tl-live" : ""}`} id={`tl-${it.id}`}>
      <span class="tl-dot" aria-hidden="true" />
      <div class="tl-body">
        <div class="tl-head">
          <Headline item={it} />
          <Time ms={it.at} />
        </div>
        <Details item={it} />
      </div>
    </li>
  );
}

function Headline(props: { item: TimelineItem }) {
  const it = props.item;
  if (it.kind === "event") return <span class="tl-title"><span class="tl-kind">Event</span> <strong>{it.name}</strong></span>;
  if (it.kind === "session") return <span class="tl-title"><span class="tl-kind">Session</span> started</span>;
  if (it.kind === "conversation") {
    return (
      <span class="tl-title">
        <span class="tl-kind">Conversation</span>{" "}
        <a href={`/inbox/${it.conversationId}?v=all`}>{it.title || (it.byContact ? "Started a conversation" : "A teammate started a conversation")}</a>
        <span class="muted small"> · {it.channel} · {it.state}</span>
      </span>
    );
  }
  if (it.kind === "message") {
    return (
      <span class="tl-title">
        <span class="tl-kind">Message</span> <strong>{it.name}</strong> <span class="muted small">sent by {it.channel}</span>
      </span>
    );
  }
  const href = safeHref(it.url);
  const label = it.title || it.url || "(no address)";
  return (
    <span class="tl-title">
      <span class="tl-kind">{it.screen ? "Screen" : "Page"}</span>{" "}
      {href ? <a href={href} rel="noopener noreferrer nofollow" target="_blank">{label}</a> : <span>{label}</span>}
    </span>
  );
}

function Details(props: { item: TimelineItem }) {
  const it = props.item;
  if (it.kind === "event") {
    const entries = Object.entries(it.metadata);
    if (entries.length === 0) return null;
    return (
      <dl class="tl-meta">
        {entries.map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd>{v === null ? "null" : String(v)}</dd>
          </>
        ))}
      </dl>
    );
  }
  if (it.kind === "conversation") return it.preview ? <p class="tl-note">“{it.preview}”</p> : null;
  if (it.kind === "message") {
    if (it.outcomes.length === 0) return <p class="tl-note muted">Not opened yet.</p>;
    return (
      <ul class="tl-outcomes">
        {it.outcomes.map((o) => <li><span class={`badge outcome-${o.what}`}>{o.what}</span> <Time ms={o.at} /></li>)}
      </ul>
    );
  }
  if (it.kind === "session") {
    const from = [it.utm, it.referrer].filter(Boolean).join(" · ");
    return (
      <p class="tl-note">
        {it.pageViews} page {it.pageViews === 1 ? "view" : "views"}, last activity <Time ms={it.lastSeenAt} />{from ? ` · from ${from}` : ""}
      </p>
    );
  }
  return it.title && it.url ? <p class="tl-note">{it.url}</p> : null;
}

/** "Load older activity": swaps itself for the next page of entries (and its own successor). */
export function TimelineMore(props: { contactId: string; before?: string | undefined }) {
  if (!props.before) return null;
  const url = `/contacts/${props.contactId}/timeline?before=${encodeURIComponent(props.before)}`;
  return (
    <li class="tl-more" id="timeline-more">
      <a class="btn btn-small" href={url} hx-get={url} hx-target="#timeline-more" hx-swap="outerHTML">Load older activity</a>
    </li>
  );
}

/** A page of older entries (the answer to "Load older activity"). */
export function TimelinePage(props: { contactId: string; items: TimelineItem[]; before?: string | undefined }) {
  return (
    <>
      {props.items.map((item) => <TimelineEntry item={item} />)}
      <TimelineMore contactId={props.contactId} before={props.before} />
    </>
  );
}

/**
 * The activity timeline. The profile around it holds the SSE connection (`/contacts/:id/stream`): each `timeline`
 * message carries new entries, which htmx-ext-sse inserts at the top of the list.
 */
export function Timeline(props: { contactId: string; items: TimelineItem[]; before?: string | undefined }) {
  return (
    <section class="card timeline" aria-labelledby="timeline-title">
      <div class="section-head">
        <h2 id="timeline-title">Activity</h2>
        <span class="live-badge" title="New activity appears here as it happens">Live</span>
      </div>
      <ol id="timeline-items" class="tl" sse-swap="timeline" hx-swap="afterbegin" aria-live="polite">
        {props.items.map((item) => <TimelineEntry item={item} />)}
        <TimelineMore contactId={props.contactId} before={props.before} />
      </ol>
      {props.items.length === 0 && (
        <p class="muted" id="timeline-empty">No activity yet. Events sent with <code>track</code>, page views, sessions, conversations and messages show up here as they happen.</p>
      )}
    </section>
  );
}
