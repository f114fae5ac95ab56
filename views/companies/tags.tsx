import { AuthFields, type FormAuth } from "../components/form.js";

export interface CompanyTagsProps {
  companyId: string;
  tags: { id: string; name: string }[];
  /** Every tag of the workspace, suggested while typing. */
  allTags: string[];
  error?: string | undefined;
  value?: string | undefined;
  auth: FormAuth;
}

/** The company's tags with remove buttons, and a box to add one (a new name creates the tag). */
export function CompanyTags(p: CompanyTagsProps) {
  const base = `/companies/${p.companyId}/tags`;
  const hx = { "hx-target": "#company-tags", "hx-swap": "outerHTML" };
  return (
    <section id="company-tags" class="card">
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
          <label for="company-tag-name">Add a tag</label>
          <input id="company-tag-name" name="name" type="text" list="company-tag-suggestions" maxlength={190} value={p.value} required
            aria-invalid={p.error ? "true" : undefined} aria-describedby={p.error ? "company-tag-error" : undefined} />
          <datalist id="company-tag-suggestions">{p.allTags.map((n) => <option value={n} />)}</datalist>
          {p.error && <p class="field-error" id="company-tag-error">{p.error}</p>}
        </div>
        <button type="submit" class="btn btn-small">Add tag</button>
      </form>
    </section>
  );
}
