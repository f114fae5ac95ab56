import type { FormAuth } from "../components/form.js";
import { FilterBuilder } from "../contacts/filter-builder.js";
import type { FilterField, FilterRow } from "../contacts/filter-ops.js";

export interface WhereEditorProps {
  messageId: string;
  eventName: string;
  rows: FilterRow[];
  incomplete: number[];
  fields: FilterField[];
  /** The conditions the rows make, as stored (shown beside the builder). */
  where: unknown[];
  auth: FormAuth;
  error?: { message: string; row?: number | undefined } | undefined;
}

export const whereUrl = (messageId: string) => `/messages/${messageId}/trigger-where`;

/** The event trigger's metadata conditions in the visual filter builder (every condition must hold). */
export function WhereEditor(p: WhereEditorProps) {
  const url = whereUrl(p.messageId);
  const host = {
    url, page: "#where-editor", results: "#where-preview", pushUrl: false, clearHref: `${url}?match=all`,
    top: <span class="field"><strong>Fire when “{p.eventName}” has metadata that matches</strong></span>,
    actions: (
      <>
        <button type="submit" class="btn btn-primary btn-small" id="where-save" name="_csrf" value={p.auth.csrf} formmethod="post" formaction={url}
          hx-post={url} hx-target="#where-editor" hx-swap="outerHTML">Save conditions</button>
        <a class="btn btn-ghost btn-small" href={`/messages/${p.messageId}/edit`}>Back to the message</a>
      </>
    ),
  };
  const view = { tab: "users" as const, q: "", sort: { key: "last_seen_at", dir: "desc" as const }, match: "all" as const };
  return (
    <div id="where-editor" class="segment-editor">
      <FilterBuilder view={view} rows={p.rows} fields={p.fields} tags={[]} segments={[]} incomplete={p.incomplete} error={p.error} host={host} />
      <aside id="where-preview" class="card segment-preview" aria-label="Conditions">
        {p.error
          ? <p class="form-error" role="alert">Condition problem: {p.error.message}</p>
          : p.where.length === 0
            ? <p id="where-summary">No conditions: every “{p.eventName}” fires the message.</p>
            : <p id="where-summary"><strong>{p.where.length}</strong> {p.where.length === 1 ? "condition" : "conditions"}, all must hold.</p>}
        <pre class="small" id="where-json">{JSON.stringify(p.where)}</pre>
        <p class="hint">Keys come from the latest “{p.eventName}” events. For another key, add “Another key (JSON)”. “Match any” is not available here: every condition must hold.</p>
      </aside>
    </div>
  );
}
