import { PageHeader } from "../components/page-header.js";
import { AuthFields, type FieldErrors, type FormAuth } from "../components/form.js";

export interface SavedRepliesProps {
  replies: { id: string; name: string; body: string }[];
  auth: FormAuth;
  errors?: FieldErrors | undefined;
  values?: { name?: string; body?: string };
}

/** Saved replies of the workspace: the list and a form to add one (Liquid variables allowed). */
export function SavedRepliesPage(p: SavedRepliesProps) {
  return (
    <div id="saved-replies">
      <PageHeader title="Saved replies" lead={<>Canned answers for the inbox composer. Variables such as <code>{'{{ contact.name | default: "there" }}'}</code> are filled in for the conversation's contact.</>} actions={<a class="btn" href="/inbox">Back to the inbox</a>} />
      <ul class="plain-list saved-reply-list">
        {p.replies.map((r) => (
          <li>
            <strong>{r.name}</strong>
            <pre class="saved-reply-body">{r.body}</pre>
            <form method="post" action={`/inbox/saved-replies/${r.id}/delete`} hx-post={`/inbox/saved-replies/${r.id}/delete`} hx-target="#saved-replies" hx-swap="outerHTML">
              <AuthFields auth={p.auth} />
              <button type="submit" class="btn btn-small btn-ghost">Delete</button>
            </form>
          </li>
        ))}
      </ul>
      <form method="post" action="/inbox/saved-replies" hx-post="/inbox/saved-replies" hx-target="#saved-replies" hx-swap="outerHTML" class="card">
        <AuthFields auth={p.auth} />
        <div class={p.errors?.name ? "field has-error" : "field"}>
          <label for="sr-name">Name</label>
          <input id="sr-name" name="name" value={p.values?.name ?? ""} maxlength={120} required />
          {p.errors?.name && <p class="field-error">{p.errors.name}</p>}
        </div>
        <div class={p.errors?.body ? "field has-error" : "field"}>
          <label for="sr-body">Text</label>
          <textarea id="sr-body" name="body" rows={5} required>{p.values?.body ?? ""}</textarea>
          {p.errors?.body && <p class="field-error">{p.errors.body}</p>}
        </div>
        <button type="submit" class="btn btn-primary">Add saved reply</button>
      </form>
    </div>
  );
}
