/** Where the inbox list is: which view, which state tab, what search text, and the open conversation. */
export interface InboxQuery {
  /** `mine`, `unassigned`, `all`, or `op-<operator id>` for one teammate. */
  view: string;
  state: "open" | "snoozed" | "closed";
  q: string;
  /** The conversation shown next to the list, if any. */
  open?: number | undefined;
}

export const STATES = ["open", "snoozed", "closed"] as const;

/** Query string of a list state (defaults left out, so links stay short). */
export function inboxSearch(q: InboxQuery, over: Partial<InboxQuery> = {}): string {
  const s = { ...q, ...over };
  const p = new URLSearchParams();
  if (s.view !== "mine") p.set("v", s.view);
  if (s.state !== "open") p.set("s", s.state);
  if (s.q) p.set("q", s.q);
  const str = p.toString();
  return str ? `?${str}` : "";
}

/** Link to a conversation (or to the bare list) keeping the list state. */
export function inboxHref(q: InboxQuery, conversationId?: number): string {
  return `/inbox${conversationId ? `/${conversationId}` : ""}${inboxSearch(q)}`;
}

/** Hidden inputs that carry the list state through a form post. */
export function StateFields(props: { q: InboxQuery }) {
  return (
    <>
      <input type="hidden" name="v" value={props.q.view} />
      <input type="hidden" name="s" value={props.q.state} />
      <input type="hidden" name="q" value={props.q.q} />
      {props.q.open !== undefined && <input type="hidden" name="c" value={String(props.q.open)} />}
    </>
  );
}
