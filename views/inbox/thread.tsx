import { raw } from "hono/html";
import { AuthFields, capitalize, type FormAuth } from "../components/form.js";
import { Time } from "../components/time.js";
import { StateFields, type InboxQuery } from "./list-url.js";

/** A part as the thread shows it; `body` is the stored HTML (see PartView). */
export interface ThreadPart {
  id: number;
  type: string;
  public: boolean;
  authorType: "contact" | "operator" | "system";
  authorName: string;
  body: string | null;
  /** Files attached to a message (http(s) URLs or absolute paths: the domain refuses anything else); images are shown. */
  attachments: { name: string; url: string; image?: boolean; width?: number | null; height?: number | null }[];
  assignedToName: string | null;
  snoozedUntil: number | null;
  createdAt: number;
}

export interface ThreadHeadProps {
  id: number;
  contactName: string;
  state: "open" | "snoozed" | "closed";
  snoozedUntil: number | null;
  assigneeId: number | null;
  operators: { id: number; name: string }[];
  auth: FormAuth;
  q: InboxQuery;
}

/**
 * The live part of the open conversation: header (state, assignee, actions) and the parts. htmx re-fetches it on
 * each `part` message of the stream, and actions answer with it, so it is always what the database holds.
 */
export function ThreadLive(p: { head: ThreadHeadProps; parts: ThreadPart[] }) {
  return (
    <>
      <ThreadHead {...p.head} />
      <ol class="thread-parts" id="thread-parts" aria-live="polite">
        {p.parts.map((part) => <PartView part={part} />)}
      </ol>
    </>
  );
}

const postTo = (id: number, path: string) =>
  ({ method: "post" as const, action: `/inbox/${id}/${path}`, "hx-post": `/inbox/${id}/${path}`, "hx-target": "#thread-live", "hx-swap": "innerHTML" });

function ThreadHead(p: ThreadHeadProps) {
  const post = (path: string) => postTo(p.id, path);
  return (
    <header class="thread-head">
      <h2>{p.contactName}</h2>
      <span class={`state-badge state-${p.state}`} id="thread-state">
        {capitalize(p.state)}{p.state === "snoozed" && p.snoozedUntil !== null && <> until <Time ms={p.snoozedUntil} /></>}
      </span>
      <div class="thread-actions">
        <form {...post("assign")} class="inline-form">
          <AuthFields auth={p.auth} /><StateFields q={p.q} />
          <label class="sr-only" for="assignee">Assignee</label>
          <select id="assignee" name="assignee">
            <option value="">Unassigned</option>
            {p.operators.map((o) => <option value={String(o.id)} selected={o.id === p.assigneeId}>{o.name}</option>)}
            <option value="rr">Next teammate (round-robin)</option>
          </select>
          <button type="submit" class="btn btn-small">Assign</button>
        </form>
        <SnoozeForm head={p} />
        {p.state === "closed" ? (
          <form {...post("open")} class="inline-form">
            <AuthFields auth={p.auth} /><StateFields q={p.q} />
            <button type="submit" class="btn btn-small" id="reopen-btn">Reopen</button>
          </form>
        ) : (
          <form {...post("close")} class="inline-form">
            <AuthFields auth={p.auth} /><StateFields q={p.q} />
            <button type="submit" class="btn btn-small" id="close-btn">Close</button>
          </form>
        )}
      </div>
    </header>
  );
}

/** Snooze for a preset time, or until a date and time typed in UTC (the admin shows every time in UTC). */
function SnoozeForm(props: { head: ThreadHeadProps }) {
  const p = props.head;
  const post = (path: string) => postTo(p.id, path);
  return (
    <form {...post("snooze")} class="inline-form">
      <AuthFields auth={p.auth} /><StateFields q={p.q} />
      <label class="sr-only" for="snooze-for">Snooze for</label>
      <select id="snooze-for" name="for">
        <option value="1h">1 hour</option>
        <option value="4h">4 hours</option>
        <option value="1d">1 day</option>
        <option value="7d">1 week</option>
        <option value="until">Until (UTC) →</option>
      </select>
      <label class="sr-only" for="snooze-until">Snooze until (UTC)</label>
      <input id="snooze-until" type="datetime-local" name="until" />
      <button type="submit" class="btn btn-small">Snooze</button>
    </form>
  );
}

const EVENT_TEXT: Record<string, string> = { open: "reopened the conversation", close: "closed the conversation", timer_unsnooze: "Snooze ended" };

/**
 * One part. Message bodies are rendered with raw(): the conversations domain stores them only as HTML it made
 * itself (src/conversations/html.ts: text escaped into paragraphs, operator HTML through sanitize-html), so
 * nothing a contact typed reaches the page unescaped. Names and every other value go through JSX escaping.
 */
function PartView(props: { part: ThreadPart }) {
  const p = props.part;
  if (p.type === "comment" || p.type === "note" || p.type === "quick_reply") {
    const cls = `part part-${p.type} part-by-${p.authorType}`;
    return (
      <li class={cls} id={`part-${p.id}`} data-part={String(p.id)}>
        <div class="part-meta">
          <strong>{p.authorName}</strong>{p.type === "note" && <span class="badge badge-note">Note</span>} <span class="muted"><Time ms={p.createdAt} /></span>
        </div>
        <div class="part-body">{raw(p.body ?? "")}</div>
        {p.attachments.length > 0 && (
          <ul class="part-attachments">
            {p.attachments.map((a) => (
              <li>
                <a href={a.url} target="_blank" rel="noopener noreferrer">
                  {a.image ? <img src={a.url} alt={a.name} loading="lazy" class="part-image" width={a.width ?? undefined} height={a.height ?? undefined} /> : a.name}
                </a>
              </li>
            ))}
          </ul>
        )}
      </li>
    );
  }
  return (
    <li class="part part-event" id={`part-${p.id}`} data-part={String(p.id)}>
      <span class="muted">
        {p.authorType === "system" ? "" : `${p.authorName} `}{eventText(p)} · <Time ms={p.createdAt} />
      </span>
      {p.body && <div class="part-body">{raw(p.body)}</div>}
    </li>
  );
}

function eventText(p: ThreadPart) {
  if (p.type === "assignment") return p.assignedToName ? `assigned the conversation to ${p.assignedToName}` : "unassigned the conversation";
  if (p.type === "snoozed") return <>snoozed the conversation until <Time ms={p.snoozedUntil} /></>;
  return EVENT_TEXT[p.type] ?? p.type;
}
