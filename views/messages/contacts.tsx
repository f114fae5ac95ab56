import type { OutcomeContact } from "../../src/outbound/index.js";
import { PageHeader } from "../components/page-header.js";
import { Time } from "../components/time.js";
import { n } from "./format.js";

export const METRIC_TITLES: Record<string, string> = {
  audience: "Audience", queued: "Waiting to be sent", sent: "Sent", delivered: "Delivered / seen", opened: "Opened", clicked: "Clicked",
  replied: "Replied", answered: "Answered", dismissed: "Dismissed", goal: "Reached the goal", unsubscribed: "Unsubscribed",
  bounced: "Bounced", failed: "Failed", skipped: "Skipped", cancelled: "Cancelled", control: "Control group",
};

export interface OutcomeContactsProps {
  messageId: string;
  messageName: string;
  metric: string;
  arm?: string | undefined;
  arms: { id: string; label: string }[];
  total: number;
  rows: OutcomeContact[];
  page: number;
  pageSize: number;
}

const href = (p: OutcomeContactsProps, extra: Record<string, string>) =>
  `/messages/${p.messageId}/contacts?${new URLSearchParams({ metric: p.metric, ...(p.arm ? { arm: p.arm } : {}), ...extra })}`;

/** The contacts behind one figure of a message, paged, with the CSV export of all of them. */
export function OutcomeContacts(p: OutcomeContactsProps) {
  const title = METRIC_TITLES[p.metric] ?? p.metric;
  const csv = `/messages/${p.messageId}/contacts.csv?${new URLSearchParams({ metric: p.metric, ...(p.arm ? { arm: p.arm } : {}) })}`;
  const last = Math.max(0, Math.ceil(p.total / p.pageSize) - 1);
  return (
    <section id="outcome-contacts">
      <p><a href={`/messages/${p.messageId}`}>← {p.messageName}</a></p>
      <PageHeader title={`${title}: ${n(p.total)} ${p.total === 1 ? "contact" : "contacts"}`} lead={p.messageName}
        actions={<a class="btn" href={csv} download>Export CSV</a>} />
      {p.arms.length > 1 && (
        <nav class="tabs" aria-label="Variant">
          <a href={`/messages/${p.messageId}/contacts?metric=${p.metric}`} aria-current={!p.arm ? "page" : undefined}>All</a>
          {p.arms.map((a) => <a href={href({ ...p, arm: a.id }, {})} aria-current={p.arm === a.id ? "page" : undefined}>{a.label}</a>)}
        </nav>
      )}
      {p.rows.length === 0 ? <p class="muted">Nobody yet.</p> : (
        <div class="table-wrap">
          <table class="table" id="outcome-contact-list">
            <thead><tr><th scope="col">Contact</th><th scope="col">Email</th><th scope="col">Variant</th><th scope="col">Status</th><th scope="col">When</th><th scope="col">Detail</th></tr></thead>
            <tbody>
              {p.rows.map((r) => (
                <tr data-contact={r.contactId}>
                  <td><a href={`/contacts/${r.contactId}`}>{r.name ?? r.email ?? r.externalId ?? r.contactId}</a></td>
                  <td>{r.email ?? ""}</td>
                  <td>{r.variantLabel ?? (r.status === "control" ? "Control" : "")}</td>
                  <td>{r.status}</td>
                  <td><Time ms={r.at} empty="–" /></td>
                  <td class="small">{r.answer ?? r.error ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {last > 0 && (
        <nav class="pager" aria-label="Pages">
          {p.page > 0 && <a class="btn btn-small" rel="prev" href={href(p, { page: String(p.page) })}>Previous</a>}
          <span class="muted small">Page {p.page + 1} of {last + 1}</span>
          {p.page < last && <a class="btn btn-small" rel="next" href={href(p, { page: String(p.page + 2) })}>Next</a>}
        </nav>
      )}
    </section>
  );
}
