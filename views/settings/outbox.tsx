import type { OutboxMessage, OutboxSummary } from "../../src/email/index.js";
import { EmptyState } from "../components/empty-state.js";
import { PageHeader } from "../components/page-header.js";
import { Time } from "../components/time.js";

const LEAD = "Emails Parley would have sent. SMTP_URL is not set, so mail is kept here instead of leaving the server.";
const LEAD_SMTP = "SMTP_URL is set, so new mail is sent; messages kept before that are still listed here.";

/** Kept mail, newest first, with a link to older messages. */
export function OutboxList(p: { messages: OutboxSummary[]; smtp: boolean; olderHref?: string | undefined }) {
  return (
    <section id="outbox">
      <PageHeader title="Outbox" lead={p.smtp ? LEAD_SMTP : LEAD} />
      {p.messages.length === 0 ? (
        <EmptyState title="No mail yet">Emails to contacts and teammates will appear here until SMTP is configured.</EmptyState>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr><th scope="col">When</th><th scope="col">To</th><th scope="col">Subject</th></tr>
            </thead>
            <tbody>
              {p.messages.map((m) => (
                <tr>
                  <td><Time ms={m.createdAt} /></td>
                  <td>{m.toAddress}</td>
                  <td><a href={`/settings/outbox/${encodeURIComponent(m.id)}`}>{m.subject || "(no subject)"}</a></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {p.olderHref && <p><a class="btn" href={p.olderHref}>Older messages</a></p>}
    </section>
  );
}

/**
 * One kept message: its headers, the plain-text part, and the HTML part inside a sandboxed frame.
 * The HTML travels in `srcdoc`, an attribute (escaped like any attribute), so it never becomes part of
 * the admin page; `sandbox=""` runs it without scripts, forms or same-origin access.
 */
export function OutboxMessageView(p: { message: OutboxMessage; previewHtml: string }) {
  const m = p.message;
  return (
    <section id="outbox-message">
      <p><a href="/settings/outbox">← Outbox</a></p>
      <PageHeader title={m.subject || "(no subject)"} lead={<>To {m.toAddress} · <Time ms={m.createdAt} /></>} />
      <h2>HTML</h2>
      <p class="muted">Remote images are not loaded, and links go straight to their targets (not through click tracking).</p>
      <iframe
        class="email-preview" title="Email preview" sandbox="" referrerpolicy="no-referrer" srcdoc={p.previewHtml}
        style="width: 100%; height: 640px; border: 1px solid #e3e6ea; border-radius: 6px; background: #fff;"
      ></iframe>
      <h2>Text</h2>
      <pre style="white-space: pre-wrap; background: #fff; border: 1px solid #e3e6ea; border-radius: 6px; padding: 1rem;">{m.text}</pre>
      <h2>Headers</h2>
      <div class="table-wrap">
        <table class="table">
          <tbody>
            {m.headers.map(([k, v]) => (
              <tr><th scope="row" style="width: 12rem;">{k}</th><td style="word-break: break-all;">{v}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
