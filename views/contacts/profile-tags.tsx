import { AuthFields, type FormAuth } from "../components/form.js";

export interface ProfileTagsProps {
  contactId: string;
  tags: { id: string; name: string }[];
  /** Every tag of the workspace, suggested while typing. */
  allTags: string[];
  error?: string | undefined;
  value?: string | undefined;
  auth: FormAuth;
}

/** The contact's tags with remove buttons, and a box to add one (a new name creates the tag). */
export function ProfileTags(p: ProfileTagsProps) {
  const base = `/contacts/${p.contactId}/tags`;
  const hx = { "hx-target": "#contact-tags", "hx-swap": "outerHTML" };
  return (
    <section id="contact-tags" class="card">
      <h2>Tags</h2>
      {p.tags.length === 0 ? <p class="muted">No tags yet.</p> : (
        <ul class="tag-list">
          {p.tags.map((t) => (
            <li class="tag">
              <span>{t.name}</span>
              <form method="post" action={`${base}/${t.id}/remove`} hx-post={`${base}/${t.id}/remove`} {...hx}>
                <AuthFields auth={p.auth} />
                <button type="submit" class="tag-remove" aria-label={`Remove tag ${t.name}`}>✕</button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <form method="post" action={base} class="inline-form tag-add" hx-post={base} {...hx}>
        <AuthFields auth={p.auth} />
        <div class={p.error ? "field has-error" : "field"}>
          <label for="tag-name">Add a tag</label>
          <input id="tag-name" name="name" type="text" list="tag-suggestions" maxlength={190} value={p.value} required
            aria-invalid={p.error ? "true" : undefined} aria-describedby={p.error ? "tag-name-error" : undefined} />
          <datalist id="tag-suggestions">{p.allTags.map((n) => <option value={n} />)}</datalist>
          {p.error && <p class="field-error" id="tag-name-error">{p.error}</p>}
        </div>
        <button type="submit" class="btn btn-small">Add tag</button>
      </form>
    </section>
  );
}
