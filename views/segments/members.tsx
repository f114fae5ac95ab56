import type { MemberRow } from "../../src/segments/index.js";
import { displayName } from "../contacts/cells.js";
import { Time } from "../components/time.js";

export interface MemberListProps {
  segmentId: string;
  rows: MemberRow[];
  /** Cursor of the next page (a contact id), when there is one. */
  next?: string | undefined;
  firstPage: boolean;
}

/** A page of current members; paging swaps only this list. */
export function MemberList(p: MemberListProps) {
  const base = `/segments/${p.segmentId}/members`;
  const page = `/segments/${p.segmentId}`;
  if (p.rows.length === 0) {
    return (
      <div id="segment-member-list">
        <p class="muted">{p.firstPage ? "Nobody is in this segment right now. Members appear as soon as contacts match the definition." : "No more members."}</p>
      </div>
    );
  }
  return (
    <div id="segment-member-list">
      <div class="table-wrap">
        <table class="table">
          <thead><tr><th scope="col">Contact</th><th scope="col">Email</th><th scope="col">Type</th><th scope="col">Last seen</th><th scope="col">Entered</th><th scope="col" class="actions">Explain</th></tr></thead>
          <tbody>
            {p.rows.map((r) => (
              <tr>
                <td><a href={`/contacts/${r.contact.id}`}>{displayName(r.contact)}</a></td>
                <td>{r.contact.email ?? <span class="muted">—</span>}</td>
                <td>{r.contact.role === "lead" ? "Lead" : "User"}</td>
                <td><Time ms={r.contact.lastSeenAt} /></td>
                <td><Time ms={r.enteredAt} /></td>
                <td class="actions">
                  <a class="btn btn-ghost btn-small" href={`/segments/${p.segmentId}?contact=${encodeURIComponent(r.contact.id)}#explain-title`}
                    hx-get={`/segments/${p.segmentId}/explain?contact=${encodeURIComponent(r.contact.id)}`} hx-target="#segment-explain-body" hx-swap="outerHTML">Why?</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav class="pager" aria-label="Member pages">
        {!p.firstPage && <a class="btn btn-small" href={`${page}#members-title`} hx-get={base} hx-target="#segment-member-list" hx-swap="outerHTML">← First page</a>}
        {p.next && (
          <a class="btn btn-small" rel="next" href={`${page}?after=${encodeURIComponent(p.next)}#members-title`}
            hx-get={`${base}?after=${encodeURIComponent(p.next)}`} hx-target="#segment-member-list" hx-swap="outerHTML">Next page →</a>
        )}
      </nav>
    </div>
  );
}
