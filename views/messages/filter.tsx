import type { FormAuth } from "../components/form.js";
import { FilterBuilder } from "../contacts/filter-builder.js";
import type { FilterField, FilterRow } from "../contacts/filter-ops.js";

export interface FilterEditorProps {
  messageId: string;
  messageName: string;
  match: "all" | "any";
  rows: FilterRow[];
  incomplete: number[];
  catalog: { fields: FilterField[]; tags: { id: string; name: string }[]; segments: { id: string; name: string }[] };
  auth: FormAuth;
  error?: { message: string; row?: number | undefined } | undefined;
  /** The message's whole audience (segment, filter, percentage, exclusions) with this filter, right now. */
  count?: number | undefined;
}

export const filterUrl = (messageId: string) => `/messages/${messageId}/filter`;

/** The message's ad-hoc audience filter in the contacts filter builder, with the live audience count. */
export function FilterEditor(p: FilterEditorProps) {
  const url = filterUrl(p.messageId);
  const host = {
    url, page: "#filter-editor", results: "#filter-preview", pushUrl: false, clearHref: `${url}?match=all`,
    top: <><span class="field"><strong>Send to contacts who match</strong></span></>,
    actions: (
      <>
        <button type="submit" class="btn btn-primary btn-small" id="filter-save" name="_csrf" value={p.auth.csrf} formmethod="post" formaction={url}
          hx-post={url} hx-target="#filter-editor" hx-swap="outerHTML">Save filter</button>
        <a class="btn btn-ghost btn-small" href={`/messages/${p.messageId}/edit`}>Back to the message</a>
      </>
    ),
  };
  const view = { tab: "users" as const, q: "", sort: { key: "last_seen_at", dir: "desc" as const }, match: p.match };
  return (
    <div id="filter-editor" class="segment-editor">
      <FilterBuilder view={view} rows={p.rows} fields={p.catalog.fields} tags={p.catalog.tags} segments={p.catalog.segments}
        incomplete={p.incomplete} error={p.error} host={host} />
      <aside id="filter-preview" class="card segment-preview" aria-label="Audience">
        {p.error || p.count === undefined
          ? <p class="form-error" role="alert">{p.error ? `Filter problem: ${p.error.message}` : "Fix the filter to see the audience."}</p>
          : <p class="result-count" id="filter-count" aria-live="polite"><strong>{p.count.toLocaleString("en-US")}</strong> {p.count === 1 ? "contact gets" : "contacts get"} this message now.</p>}
        <p class="hint">The message's segment, percentage and exclusions still apply. To match a saved segment, add the condition “Segment”.</p>
      </aside>
    </div>
  );
}
