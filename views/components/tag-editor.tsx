import { AuthFields, type FormAuth } from "./form.js";

export interface TagEditorProps {
  tags: { id: string; name: string }[];
  /** Every tag of the workspace, suggested while typing. */
  allTags: string[];
  error?: string | undefined;
  value?: string | undefined;
  auth: FormAuth;
}

/**
 * Tags with remove buttons and a box to add one (a new name creates the tag), posting to `base` and
 * `base/<tag id>/remove`; htmx swaps the whole section (`sectionId`). `idPrefix` keeps element ids unique per page.
 */
export function TagEditor(p: TagEditorProps & { base: string; sectionId: string; idPrefix: string }) {
  const hx = { "hx-target": `#${p.sectionId}`, "hx-swap": "outerHTML" };
  const id = (s: string) => `${p.idPrefix}${s}`;
  return (
    <section id={p.sectionId} class="card">
      <h2>Tags</h2>
      {p.tags.length === 0 ? <p class="muted">No tags yet.</p> : (
        <ul class="tag-list">
          {p.tags.map((t) => (
            <li class="tag">
              <span>{t.name}</span>
              <form method="post" action={`${p.base}/${t.id}/remove`} hx-post={`${p.base}/${t.id}/remove`} {...hx}>
                <AuthFields auth={p.auth} />
                <button type="submit" class="tag-remove" aria-label={`Remove tag ${t.name}`}>✕</button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <form method="post" action={p.base} class="inline-form tag-add" hx-post={p.base} {...hx}>
        <AuthFields auth={p.auth} />
        <div class={p.error ? "field has-error" : "field"}>
          <label for={id("tag-name")}>Add a tag</label>
          <input id={id("tag-name")} name="name" type="text" list={id("tag-suggestions")} maxlength={190} value={p.value} required
            aria-invalid={p.error ? "true" : undefined} aria-describedby={p.error ? id("tag-name-error") : undefined} />
          <datalist id={id("tag-suggestions")}>{p.allTags.map((n) => <option value={n} />)}</datalist>
          {p.error && <p class="field-error" id={id("tag-name-error")}>{p.error}</p>}
        </div>
        <button type="submit" class="btn btn-small">Add tag</button>
      </form>
    </section>
  );
}
