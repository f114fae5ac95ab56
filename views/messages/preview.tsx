import type { MessageWithVariants } from "../../src/outbound/index.js";
import { AuthFields, type FormAuth } from "../components/form.js";

/** What a preview shows: the rendered message for one contact and variant, or why it could not render. */
export interface PreviewResult {
  contactLabel: string;
  variantLabel: string;
  subject?: string | undefined;
  html?: string | undefined;
  error?: string | undefined;
}

/**
 * The rendered message inside a sandboxed frame. The HTML travels in `srcdoc` (an escaped attribute), so it never
 * becomes part of the admin page, and `sandbox=""` runs it without scripts, forms or same-origin access.
 */
export function PreviewFrame(p: { result?: PreviewResult | undefined }) {
  const r = p.result;
  return (
    <div id="preview-frame" aria-live="polite">
      {!r ? <p class="muted">Pick a contact to see the message as they would.</p>
        : r.error ? <p class="form-error" role="alert">{r.error}</p>
        : (
          <>
            <p class="small">As <strong>{r.contactLabel}</strong> · variant {r.variantLabel}{r.subject !== undefined && <> · subject: <strong id="preview-subject">{r.subject}</strong></>}</p>
            <iframe class="email-preview msg-preview" title="Message preview" sandbox="" referrerpolicy="no-referrer" srcdoc={r.html ?? ""}></iframe>
          </>
        )}
    </div>
  );
}

/** Preview as a chosen contact, and a test send to the operator's own address (email). */
export function PreviewPanel(p: { message: MessageWithVariants; operatorEmail: string; auth: FormAuth; result?: PreviewResult | undefined }) {
  const m = p.message;
  const variants = m.variants.map((v) => <option value={v.id}>Variant {v.label}</option>);
  return (
    <section class="card" id="message-preview" aria-labelledby="preview-title">
      <h2 id="preview-title">Preview</h2>
      <form method="get" action={`/messages/${m.id}/preview`} class="inline-form" hx-get={`/messages/${m.id}/preview`} hx-target="#preview-frame" hx-swap="outerHTML">
        <div class="field">
          <label for="f-preview-contact">Contact</label>
          <input id="f-preview-contact" name="contact" type="text" placeholder="Email, user ID or contact ID" required />
        </div>
        {m.variants.length > 1 && <div class="field"><label for="f-preview-variant">Variant</label><select id="f-preview-variant" name="variant">{variants}</select></div>}
        <button type="submit" class="btn" id="preview-go">Preview</button>
      </form>
      {m.channel === "email" && (
        <form method="post" action={`/messages/${m.id}/test`} class="inline-form" id="test-send" hx-post={`/messages/${m.id}/test`} hx-target="#test-result" hx-swap="innerHTML"
          hx-include="#f-preview-contact, #f-preview-variant">
          <AuthFields auth={p.auth} />
          <button type="submit" class="btn">Send a test to {p.operatorEmail}</button>
          <span class="muted small">personalized as the contact above, or as you when empty</span>
          <span id="test-result" class="small" aria-live="polite"></span>
        </form>
      )}
      <PreviewFrame result={p.result} />
    </section>
  );
}
