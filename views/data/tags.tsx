import type { TagUsage } from "../../src/tags/counts.js";
import { EmptyState } from "../components/empty-state.js";
import { AuthFields, type FormAuth } from "../components/form.js";
import { PageHeader } from "../components/page-header.js";
import { AreaNav } from "../contacts/area-nav.js";
import { listUrl } from "../contacts/list-url.js";

export interface TagsPageProps {
  tags: TagUsage[];
  auth: FormAuth;
  /** A refused rename: which tag, the name tried, and why. */
  error?: { tagId: string; name: string; message: string } | undefined;
}

/** Contacts carrying a tag, as a contacts list link. */
function taggedUrl(tagId: string): string {
  return listUrl({ tab: "users", q: "", sort: { key: "last_seen_at", dir: "desc" }, match: "all", definition: { match: "all", conditions: [{ tag: tagId, op: "has" }] } });
}

/** `/tags`: every tag with its counts; rename in place, delete with confirmation. */
export function TagsPage(p: TagsPageProps) {
  return (
    <section id="tags-page">
      <PageHeader title="Tags" lead="Labels on contacts and companies. Renaming keeps every application; deleting removes the tag everywhere." />
      <AreaNav active="tags" />
      {p.tags.length === 0 ? (
        <EmptyState title="No tags yet" action={<a class="btn btn-primary" href="/contacts">Go to contacts</a>}>
          <p>Tag people from a contact profile, or select contacts in the list and use “Add tag”. The API's <code>POST /tags</code> works too.</p>
        </EmptyState>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead><tr><th scope="col">Name</th><th scope="col">Contacts</th><th scope="col">Companies</th><th scope="col" class="actions">Actions</th></tr></thead>
            <tbody>{p.tags.map((t) => <TagRow tag={t} p={p} />)}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function TagRow(props: { tag: TagUsage; p: TagsPageProps }) {
  const { tag: t, p } = props;
  const err = p.error?.tagId === t.id ? p.error : undefined;
  const hx = { "hx-target": "#tags-page", "hx-swap": "outerHTML" };
  return (
    <tr id={`tag-${t.id}`}>
      <td>
        <form method="post" action={`/tags/${t.id}/rename`} class="rename-form" hx-post={`/tags/${t.id}/rename`} {...hx}>
          <AuthFields auth={p.auth} />
          <label class="sr-only" for={`tag-name-${t.id}`}>Name of tag {t.name}</label>
          <span class={err ? "field has-error" : "field"}>
            <input id={`tag-name-${t.id}`} name="name" type="text" value={err ? err.name : t.name} maxlength={190} required
              aria-invalid={err ? "true" : undefined} aria-describedby={err ? `tag-error-${t.id}` : undefined} />
            {err && <span class="field-error" id={`tag-error-${t.id}`}>{err.message}</span>}
          </span>
          <button type="submit" class="btn btn-small">Rename</button>
        </form>
      </td>
      <td><a href={taggedUrl(t.id)}>{t.contacts.toLocaleString("en-US")}</a></td>
      <td>{t.companies.toLocaleString("en-US")}</td>
      <td class="actions">
        <form method="post" action={`/tags/${t.id}/delete`} hx-post={`/tags/${t.id}/delete`} {...hx}
          hx-confirm={`Delete the tag “${t.name}”? It is removed from ${t.contacts} contacts and ${t.companies} companies.`}>
          <AuthFields auth={p.auth} />
          <button type="submit" class="btn btn-danger btn-small">Delete</button>
        </form>
      </td>
    </tr>
  );
}
