import { AuthFields, type FormAuth } from "../components/form.js";
import { StateFields, type InboxQuery } from "./list-url.js";

export interface ComposerProps {
  conversationId: number;
  auth: FormAuth;
  q: InboxQuery;
  savedReplies: { id: string; name: string }[];
  kind?: "comment" | "note";
  /** Prefilled text (a rendered saved reply, or what was typed when sending failed). */
  body?: string;
  error?: string | undefined;
}

/**
 * Reply / private note composer. A posted message comes back as a fresh composer plus the thread, swapped
 * out-of-band. Picking a saved reply re-renders the composer with its text rendered for this contact.
 */
export function Composer(p: ComposerProps) {
  const kind = p.kind ?? "comment";
  const base = `/inbox/${p.conversationId}`;
  return (
    <div id="composer" class={`composer composer-${kind}`} data-conversation={String(p.conversationId)}>
      <form method="post" action={`${base}/reply`} hx-post={`${base}/reply`} hx-target="#composer" hx-swap="outerHTML" enctype="multipart/form-data" hx-encoding="multipart/form-data">
        <AuthFields auth={p.auth} /><StateFields q={p.q} />
        <fieldset class="composer-kind">
          <legend class="sr-only">Message kind</legend>
          <label><input type="radio" name="kind" value="comment" checked={kind === "comment"} id="kind-comment" /> Reply</label>
          <label><input type="radio" name="kind" value="note" checked={kind === "note"} id="kind-note" /> Private note</label>
        </fieldset>
        <label class="sr-only" for="composer-body">Message</label>
        <textarea id="composer-body" name="body" rows={4} placeholder="Write a reply… (Ctrl+Enter sends)" aria-invalid={p.error ? "true" : undefined}>{p.body ?? ""}</textarea>
        {p.error && <p class="field-error" role="alert">{p.error}</p>}
        <div class="composer-actions">
          <button type="submit" class="btn btn-primary" id="composer-send">Send</button>
          <label class="composer-attach">
            <span class="sr-only">Attach an image</span>
            <input type="file" name="file" id="composer-file" accept="image/png,image/jpeg,image/gif,image/webp" />
          </label>
          {p.savedReplies.length > 0 && (
            <>
              <label class="sr-only" for="saved-reply">Insert a saved reply</label>
              <select id="saved-reply" name="saved" hx-get={`${base}/composer`} hx-trigger="change" hx-target="#composer" hx-swap="outerHTML" hx-include="#saved-reply, [name=kind]:checked">
                <option value="">Saved reply…</option>
                {p.savedReplies.map((r) => <option value={r.id}>{r.name}</option>)}
              </select>
            </>
          )}
        </div>
      </form>
    </div>
  );
}
