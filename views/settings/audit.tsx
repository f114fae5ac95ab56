import type { AuditEntry } from "../../src/operators/audit.js";
import { EmptyState } from "../components/empty-state.js";
import { PageHeader } from "../components/page-header.js";
import { Time } from "../components/time.js";

const LABELS: Record<string, string> = {
  "operator.signed_in": "Signed in",
  "operator.signed_out": "Signed out",
  "operator.setup_completed": "Completed setup",
  "operator.role_changed": "Changed a role",
  "invite.created": "Invited a teammate",
  "invite.revoked": "Withdrew an invite",
  "invite.accepted": "Accepted an invite",
  "api_token.created": "Created an API token",
  "api_token.revoked": "Revoked an API token",
  "identity.enforcement_changed": "Changed identity enforcement",
  "identity.secret_revealed": "Revealed the identity secret",
  "segment.created": "Created a segment",
  "segment.updated": "Changed a segment",
  "segment.deleted": "Deleted a segment",
  "contacts.bulk_tagged": "Tagged contacts in bulk",
  "contacts.bulk_untagged": "Untagged contacts in bulk",
  "tag.renamed": "Renamed a tag",
  "tag.deleted": "Deleted a tag",
  "company.updated": "Edited a company",
  "company.tagged": "Tagged a company",
  "company.untagged": "Untagged a company",
  "attribute.created": "Created a custom attribute",
  "message.created": "Created a message",
  "message.updated": "Changed a message",
  "message.launched": "Launched a message",
  "message.paused": "Paused a message",
  "message.resumed": "Resumed a message",
  "message.cancelled": "Cancelled a message",
  "message.archived": "Archived a message",
  "message.variant_promoted": "Promoted an A/B variant",
  "message.test_sent": "Sent a test message",
};

/** Recent admin actions, newest first, with a link to older ones. */
export function AuditSection(p: { entries: AuditEntry[]; workspaceNames: Record<string, string>; olderHref?: string | undefined }) {
  return (
    <section id="audit">
      <PageHeader title="Audit log" lead="Who did what in the admin. Entries cannot be edited or deleted from here." />
      {p.entries.length === 0 ? (
        <EmptyState title="Nothing recorded yet">Sign-ins, invites, token and settings changes will appear here.</EmptyState>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Details</th><th scope="col">Workspace</th></tr>
            </thead>
            <tbody>
              {p.entries.map((e) => (
                <tr>
                  <td><Time ms={e.createdAt} /></td>
                  <td>{e.operatorName ?? <span class="muted">{e.operatorId === null ? "System" : `#${e.operatorId}`}</span>}</td>
                  <td>{LABELS[e.action] ?? e.action}</td>
                  <td class="details">{describe(e.details)}</td>
                  <td>{e.workspaceId ? (p.workspaceNames[e.workspaceId] ?? e.workspaceId) : <span class="muted">All</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {p.olderHref && <p><a class="btn" href={p.olderHref}>Older entries</a></p>}
    </section>
  );
}

/** `{email: "a", role: "agent"}` → "email: a · role: agent" (rendered escaped like any text). */
function describe(details: Record<string, unknown> | null): string {
  if (!details) return "";
  return Object.entries(details)
    .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" · ");
}
