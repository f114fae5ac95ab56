import type { Contact } from "../../src/contacts/queries.js";
import { OnlineDot, displayName } from "../contacts/cells.js";
import { Time } from "../components/time.js";

export interface SidebarProps {
  contact: Contact;
  online: boolean;
  tags: string[];
  segments: { id: string; name: string }[];
  events: { name: string; count: number; lastAt: number }[];
  /** The contact's other conversations, newest activity first. */
  others: { id: number; state: string; updatedAt: number; href: string }[];
}

/** The contact next to the thread: who they are, tags, segments, recent events and other conversations. */
export function ContactSidebar(p: SidebarProps) {
  const c = p.contact;
  const custom = Object.entries(c.customAttributes ?? {}).filter(([, v]) => v !== null && typeof v !== "object").slice(0, 20);
  return (
    <div class="inbox-contact-card">
      <h2>
        <a href={`/contacts/${c.id}`}>{displayName(c)}</a> <OnlineDot online={p.online} />
      </h2>
      <dl class="kv">
        <dt>Role</dt><dd>{c.role === "lead" ? "Lead" : "User"}</dd>
        {c.email && <><dt>Email</dt><dd>{c.email}</dd></>}
        {c.externalId && <><dt>User id</dt><dd>{c.externalId}</dd></>}
        <dt>Last seen</dt><dd><Time ms={c.lastSeenAt} /></dd>
        {custom.map(([k, v]) => <><dt>{k}</dt><dd>{String(v)}</dd></>)}
      </dl>
      <h3>Tags</h3>
      {p.tags.length ? <ul class="tag-list">{p.tags.map((t) => <li class="tag">{t}</li>)}</ul> : <p class="muted">No tags</p>}
      <h3>Segments</h3>
      {p.segments.length ? <ul class="plain-list">{p.segments.map((s) => <li>{s.name}</li>)}</ul> : <p class="muted">In no segment</p>}
      <h3>Recent events</h3>
      {p.events.length ? (
        <ul class="plain-list">
          {p.events.slice(0, 8).map((e) => <li>{e.name} <span class="muted">×{String(e.count)} · <Time ms={e.lastAt} /></span></li>)}
        </ul>
      ) : <p class="muted">No events yet</p>}
      <h3>Other conversations</h3>
      {p.others.length ? (
        <ul class="plain-list" id="other-conversations">
          {p.others.map((o) => <li><a href={o.href}>{`#${o.id}`}</a> <span class="muted">{o.state} · <Time ms={o.updatedAt} /></span></li>)}
        </ul>
      ) : <p class="muted">None</p>}
    </div>
  );
}
