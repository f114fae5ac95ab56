import type { FunnelContact } from "../../src/analytics/index.js";
import { AuthFields, type FormAuth } from "../components/form.js";
import { PageHeader } from "../components/page-header.js";
import { Time } from "../components/time.js";

export interface FunnelContactsProps {
  title: string;
  total: number;
  contacts: FunnelContact[];
  /** Hidden fields that say which funnel, range and pick to save. */
  pick: Record<string, string>;
  backHref: string;
  suggestedName: string;
  auth: FormAuth;
  error?: string | undefined;
}

/** The contacts of a funnel step or drop-off, with "save as segment" and the messaging hook. */
export function FunnelContacts(p: FunnelContactsProps) {
  return (
    <section id="funnel-contacts">
      <PageHeader title={p.title} lead={`${p.total.toLocaleString("en-US")} contacts`} actions={<a class="btn" href={p.backHref}>Back to the funnel</a>} />
      <form method="post" action="/reports/funnels/segment" class="card inline-form" id="save-segment">
        <AuthFields auth={p.auth} />
        {Object.entries(p.pick).map(([k, v]) => <input type="hidden" name={k} value={v} />)}
        <div class={p.error ? "field has-error" : "field"}>
          <label for="f-segment-name">Save these contacts as a segment</label>
          <input id="f-segment-name" name="name" type="text" value={p.suggestedName} maxlength={150} required />
          {p.error && <p class="field-error">{p.error}</p>}
        </div>
        <button type="submit" class="btn btn-primary">Save as segment</button>
        {/* Saves the segment, then opens a new message aimed at it. */}
        <button type="submit" class="btn" name="then" value="message" id="message-hook">Save and message them</button>
      </form>
      <div class="table-wrap">
        <table class="table" id="funnel-contact-list">
          <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">User id</th><th scope="col">At</th></tr></thead>
          <tbody>
            {p.contacts.map((c) => (
              <tr data-contact={c.id}>
                <td><a href={`/contacts/${c.id}`}>{c.name ?? c.email ?? c.externalId ?? c.id}</a></td>
                <td>{c.email ?? ""}</td>
                <td>{c.externalId ?? ""}</td>
                <td><Time ms={c.at} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {p.total > p.contacts.length && <p class="muted small">Showing the first {p.contacts.length} of {p.total.toLocaleString("en-US")}; the segment gets all of them.</p>}
    </section>
  );
}
