import type { Child } from "hono/jsx";
import type { Company } from "../../src/companies/queries.js";
import type { MergeEntry } from "../../src/contacts/presence.js";
import type { Contact } from "../../src/contacts/queries.js";
import type { EventSummary } from "../../src/events/list.js";
import { Time } from "../components/time.js";
import { displayName, OnlineDot } from "./cells.js";
import { AcquisitionCard, DetailsCard, LocationCard } from "./profile-details.js";

export interface ProfileProps {
  contact: Contact;
  online: boolean;
  companies: Company[];
  segments: { id: string; name: string; enteredAt: number }[];
  /** Every stay in a segment, newest first (entered/exited). */
  segmentHistory: { segmentId: string; segmentName: string; enteredAt: number; exitedAt: number | null }[];
  merges: MergeEntry[];
  events: EventSummary[];
  /** The custom attributes form and tags box: their own components, so htmx can swap them alone. */
  attributes: Child;
  tags: Child;
  timeline: Child;
}

/**
 * A contact's profile. The article holds the live connection (htmx-ext-sse): `timeline` messages add entries to
 * the activity list and `presence` messages refresh the online dot, while the page stays open.
 */
export function ContactProfile(p: ProfileProps) {
  const c = p.contact;
  return (
    <article id="contact-profile" class="profile" hx-ext="sse" sse-connect={`/contacts/${c.id}/stream`}>
      <script src="/vendor/htmx-ext-sse.min.js" defer></script>
      <p class="crumbs"><a href={c.role === "lead" ? "/contacts?tab=leads" : "/contacts"}>← {c.role === "lead" ? "Leads" : "Users"}</a></p>
      <header class="profile-head">
        <span class="avatar" aria-hidden="true">{displayName(c).charAt(0).toUpperCase()}</span>
        <div>
          <h1>
            {displayName(c)} <span id="presence" sse-swap="presence"><OnlineDot online={p.online} /></span>
          </h1>
          <p class="lead">
            <span class={`badge role-${c.role}`}>{c.role === "lead" ? "Lead" : "User"}</span>
            {c.email && <> · {c.email}</>} · last seen <Time ms={c.lastSeenAt} />
          </p>
        </div>
      </header>
      <div class="profile-grid">
        <div class="profile-side">
          <DetailsCard contact={c} />
          {p.attributes}
          <LocationCard contact={c} />
          <AcquisitionCard contact={c} />
          <Related p={p} />
        </div>
        <div class="profile-main">
          {p.tags}
          {p.timeline}
          <EventsCard events={p.events} />
        </div>
      </div>
    </article>
  );
}

function Related(props: { p: ProfileProps }) {
  const { p } = props;
  return (
    <>
      <section class="card">
        <h2>Companies</h2>
        {p.companies.length === 0 ? <p class="muted">Not in any company. Send a <code>group</code> call or <code>company</code> trait to link one.</p> : (
          <ul class="plain-list link-list">{p.companies.map((co) => <li><a href={`/companies/${co.id}`}>{co.name || co.companyId}</a></li>)}</ul>
        )}
      </section>
      <section class="card">
        <h2>Segments</h2>
        {p.segments.length === 0 ? <p class="muted">In no segment right now.</p> : (
          <ul class="plain-list">{p.segments.map((s) => <li><a href={`/segments/${s.id}`}>{s.name}</a> <span class="muted small">since <Time ms={s.enteredAt} /></span></li>)}</ul>
        )}
        {p.segmentHistory.some((h) => h.exitedAt !== null) && (
          <details class="chart-table">
            <summary>Membership history</summary>
            <ul class="plain-list small">
              {p.segmentHistory.map((h) => (
                <li><a href={`/segments/${h.segmentId}?contact=${encodeURIComponent(p.contact.id)}#explain-title`}>{h.segmentName}</a>: <Time ms={h.enteredAt} /> → {h.exitedAt === null ? "now" : <Time ms={h.exitedAt} />}</li>
              ))}
            </ul>
          </details>
        )}
      </section>
      {p.merges.length > 0 && (
        <section class="card">
          <h2>Merge history</h2>
          <ul class="plain-list">
            {p.merges.map((m) => (
              <li>Merged {m.name || m.email || "a lead"} <code>{m.fromContactId}</code> <span class="muted small">({m.reason}, <Time ms={m.at} />)</span></li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function EventsCard(props: { events: EventSummary[] }) {
  if (props.events.length === 0) return null;
  return (
    <section class="card">
      <h2>Events</h2>
      <div class="table-wrap">
        <table class="table">
          <thead><tr><th scope="col">Event</th><th scope="col">Count</th><th scope="col">First</th><th scope="col">Last</th></tr></thead>
          <tbody>
            {props.events.map((e) => (
              <tr><td>{e.name}</td><td>{e.count.toLocaleString("en-US")}</td><td><Time ms={e.firstAt} /></td><td><Time ms={e.lastAt} /></td></tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
