import type { DataAttribute } from "../../src/attributes/registry.js";
import type { CatalogEntry } from "../../src/events/catalog.js";
import { EmptyState } from "../components/empty-state.js";
import { AuthFields, type FormAuth } from "../components/form.js";
import { PageHeader } from "../components/page-header.js";
import { Time } from "../components/time.js";
import { AreaNav } from "../contacts/area-nav.js";
import { NewAttributeForm, type NewAttributeProps } from "./new-attribute.js";

export interface DataPageProps {
  contactAttributes: DataAttribute[];
  companyAttributes: DataAttribute[];
  events: CatalogEntry[];
  /** Holders per attribute name; undefined until counted (the page asks for them after it loads). */
  usage?: { contact: Map<string, number>; company: Map<string, number> } | undefined;
  auth: FormAuth;
  /** The create form's state after a refused submission. */
  create?: Omit<NewAttributeProps, "auth"> | undefined;
}

/** `/data`: the attribute registry (type, holders, archive) and the event catalogue. */
export function DataPage(p: DataPageProps) {
  return (
    <section id="data-page">
      <PageHeader title="Data" lead="The attributes and events Parley has seen. Archived attributes stop accepting new values and leave the filters." />
      <AreaNav active="data" />
      <NewAttributeForm auth={p.auth} {...p.create} />
      <AttributeTable title="People data" model="contact" rows={p.contactAttributes} usage={p.usage?.contact} auth={p.auth} />
      <AttributeTable title="Company data" model="company" rows={p.companyAttributes} usage={p.usage?.company} auth={p.auth} />
      <EventTable events={p.events} />
    </section>
  );
}

/** The attribute tables; counting holders scans every contact, so the page loads first and counts after (htmx). */
export function AttributeTable(p: { title: string; model: "contact" | "company"; rows: DataAttribute[]; usage: Map<string, number> | undefined; auth: FormAuth }) {
  const id = `attributes-${p.model}`;
  const lazy = p.usage === undefined ? { "hx-get": `/data/attributes/${p.model}`, "hx-trigger": "load", "hx-swap": "outerHTML" } : {};
  return (
    <section class="card" id={id} {...lazy}>
      <h2>{p.title}</h2>
      {p.rows.length === 0 ? (
        <EmptyState title="No custom attributes yet">
          <p>They are created from the first value your product sends: Segment <code>identify</code> traits, <code>group</code> traits, or <code>custom_attributes</code> through the API.</p>
        </EmptyState>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">{p.model === "contact" ? "Contacts" : "Companies"} with a value</th><th scope="col">Created</th><th scope="col" class="actions">Status</th></tr></thead>
            <tbody>
              {p.rows.map((a) => (
                <tr class={a.archived ? "is-revoked" : undefined}>
                  <td><code>{a.name}</code>{a.description && <div class="details">{a.description}</div>}</td>
                  <td>{a.dataType}{a.options ? <span class="muted small"> ({a.options.join(", ")})</span> : null}</td>
                  <td>{p.usage === undefined ? <span class="muted">counting…</span> : (p.usage.get(a.name) ?? 0).toLocaleString("en-US")}</td>
                  <td><span class="muted small">{a.createdBy === "auto" ? "from data" : a.createdBy}, </span><Time ms={a.createdAt} /></td>
                  <td class="actions">
                    <form method="post" action={`/data/attributes/${a.id}/archive`} hx-post={`/data/attributes/${a.id}/archive`} hx-target={`#${id}`} hx-swap="outerHTML">
                      <AuthFields auth={p.auth} />
                      <input type="hidden" name="archived" value={a.archived ? "false" : "true"} />
                      {a.archived && <span class="badge">Archived</span>}{" "}
                      <button type="submit" class="btn btn-small">{a.archived ? "Unarchive" : "Archive"}</button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function EventTable(props: { events: CatalogEntry[] }) {
  return (
    <section class="card" id="event-catalog">
      <h2>Events</h2>
      {props.events.length === 0 ? (
        <EmptyState title="No events yet">
          <p>Send <code>track</code> calls (Segment) or <code>POST /api/events</code>; each new event name is listed here with its counts.</p>
        </EmptyState>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead><tr><th scope="col">Event</th><th scope="col">Count</th><th scope="col">First seen</th><th scope="col">Last seen</th></tr></thead>
            <tbody>
              {props.events.map((e) => (
                <tr><td><code>{e.name}</code>{e.description && <div class="details">{e.description}</div>}</td><td>{e.count.toLocaleString("en-US")}</td><td><Time ms={e.firstAt} /></td><td><Time ms={e.lastAt} /></td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
