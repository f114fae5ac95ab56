import type { FormAuth } from "../components/form.js";
import { FilterBuilder } from "../contacts/filter-builder.js";
import type { FilterField, FilterRow } from "../contacts/filter-ops.js";

export interface ConditionEditorProps {
  seriesId: string;
  seriesName: string;
  /** Where the builder re-renders and saves. */
  url: string;
  /** What the condition decides, e.g. Branch “Active” takes contacts who match. */
  heading: string;
  match: "all" | "any";
  rows: FilterRow[];
  incomplete: number[];
  catalog: { fields: FilterField[]; tags: { id: string; name: string }[]; segments: { id: string; name: string }[] };
  auth: FormAuth;
  error?: { message: string; row?: number | undefined } | undefined;
  /** Contacts matching the condition now, when it compiles. */
  count?: number | undefined;
}

export const conditionUrl = (seriesId: string, stepId: string, branch: number) => `/series/${seriesId}/steps/${stepId}/condition/${branch}`;
/** The goal (`goal`) or an exit rule (`exits/N`; N = the count adds one) as a condition. */
export const ruleUrl = (seriesId: string, which: "goal" | number) => `/series/${seriesId}/${which === "goal" ? "goal" : `exits/${which}`}/condition`;

/** A split branch's condition in the contacts filter builder (the same segment definition the engine reads). */
export function ConditionEditor(p: ConditionEditorProps) {
  const url = p.url;
  const host = {
    url, page: "#condition-editor", results: "#condition-preview", pushUrl: false, clearHref: `${url}?match=all`,
    top: (
      <>
        
        <span class="field"><strong>{p.heading}</strong></span>
      </>
    ),
    actions: (
      <>
        <button type="submit" class="btn btn-primary btn-small" id="condition-save" name="_csrf" value={p.auth.csrf} formmethod="post" formaction={url}
          hx-post={url} hx-target="#condition-editor" hx-swap="outerHTML">Save condition</button>
        <a class="btn btn-ghost btn-small" href={`/series/${p.seriesId}`}>Cancel</a>
      </>
    ),
  };
  const view = { tab: "users" as const, q: "", sort: { key: "last_seen_at", dir: "desc" as const }, match: p.match };
  return (
    <div id="condition-editor" class="segment-editor">
      <FilterBuilder view={view} rows={p.rows} fields={p.catalog.fields} tags={p.catalog.tags} segments={p.catalog.segments}
        incomplete={p.incomplete} error={p.error} host={host} />
      <aside id="condition-preview" class="card segment-preview" aria-label="Matching contacts">
        {p.error || p.count === undefined
          ? <p class="form-error" role="alert">{p.error ? `Condition problem: ${p.error.message}` : "No conditions yet: every contact matches."}</p>
          : <p class="result-count" id="condition-count" aria-live="polite"><strong>{p.count.toLocaleString("en-US")}</strong> {p.count === 1 ? "contact matches" : "contacts match"} now.</p>}
        <p class="hint">To match a saved segment, add the condition “Segment” (Tags &amp; segments).</p>
      </aside>
    </div>
  );
}
