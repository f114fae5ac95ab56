import type { Contact } from "../../src/contacts/queries.js";
import { displayName } from "../contacts/cells.js";
import { FilterBuilder } from "../contacts/filter-builder.js";
import type { FilterField, FilterRow } from "../contacts/filter-ops.js";
import { Time } from "../components/time.js";

export interface EditorProps {
  /** Segment being edited; undefined while creating one. */
  id?: string | undefined;
  name: string;
  person: "users" | "leads" | "all";
  match: "all" | "any";
  rows: FilterRow[];
  incomplete: number[];
  catalog: { fields: FilterField[]; tags: { id: string; name: string }[]; segments: { id: string; name: string }[] };
  error?: { message: string; row?: number | undefined } | undefined;
  /** A refused save: which field (`name` or the definition) and why. */
  saveError?: { field: string; message: string } | undefined;
  preview?: { count: number; sample: Contact[] } | undefined;
  /** Members stored now (existing segments), to compare with the live count. */
  savedCount?: number | undefined;
  /** Sent only by the Save button (name/value), so a save works without scripts and the token never enters builder URLs. */
  csrf?: string | undefined;
}

export const EDITOR_URL = "/segments/editor";

/** The segment builder: name, person type and the contacts filter builder, with a live count and sample beside it. */
export function SegmentEditor(p: EditorProps) {
  const saveUrl = p.id ? `/segments/${p.id}` : "/segments";
  const host = {
    url: EDITOR_URL, page: "#segment-editor", results: "#segment-preview", pushUrl: false,
    clearHref: p.id ? `/segments/${p.id}` : "/segments/new",
    top: <Identity p={p} />,
    actions: (
      <button type="submit" class="btn btn-primary btn-small" id="segment-save" name="_csrf" value={p.csrf} formmethod="post" formaction={saveUrl}
        hx-post={saveUrl} hx-target="#segment-editor" hx-swap="outerHTML">
        {p.id ? "Save changes" : "Create segment"}
      </button>
    ),
  };
  const view = { tab: "users" as const, q: "", sort: { key: "last_seen_at", dir: "desc" as const }, match: p.match };
  return (
    <div id="segment-editor" class="segment-editor">
      <FilterBuilder view={view} rows={p.rows} fields={p.catalog.fields} tags={p.catalog.tags} segments={p.catalog.segments}
        incomplete={p.incomplete} error={p.error} host={host} />
      <SegmentPreview p={p} />
    </div>
  );
}

/** Name, person type and (when editing) the segment id, at the top of the builder form. */
function Identity(props: { p: EditorProps }) {
  const { p } = props;
  const nameError = p.saveError?.field === "name" ? p.saveError.message : undefined;
  const rebuild = { "hx-get": EDITOR_URL, "hx-trigger": "change", "hx-include": "closest form", "hx-target": "#segment-editor", "hx-swap": "outerHTML" };
  return (
    <>
      {p.id && <input type="hidden" name="id" value={p.id} />}
      <span class={nameError ? "field has-error segment-name" : "field segment-name"}>
        <label for="segment-name">Name</label>
        <input id="segment-name" name="name" type="text" value={p.name} maxlength={255} required placeholder="e.g. Active trial users"
          aria-invalid={nameError ? "true" : undefined} aria-describedby={nameError ? "segment-name-error" : undefined} />
        {nameError && <span class="field-error" id="segment-name-error">{nameError}</span>}
      </span>
      <label class="filter-match">
        <span>People</span>
        <select id="segment-person" name="person" {...rebuild}>
          <option value="users" selected={p.person === "users"}>Users</option>
          <option value="leads" selected={p.person === "leads"}>Leads</option>
          <option value="all" selected={p.person === "all"}>Users and leads</option>
        </select>
      </label>
    </>
  );
}

/** The live count and a sample of matching contacts; refreshed (debounced) while typing. */
function SegmentPreview(props: { p: EditorProps }) {
  const { p } = props;
  const saveProblem = p.saveError && p.saveError.field !== "name" ? p.saveError.message : undefined;
  return (
    <aside id="segment-preview" class="card segment-preview" aria-label="Matching contacts">
      {saveProblem && <p class="form-error" role="alert">{saveProblem}</p>}
      {p.error || !p.preview ? (
        <p class="form-error" role="alert">{p.error ? `Definition problem: ${p.error.message}` : "Fix the definition to see who matches."}</p>
      ) : (
        <>
          <p class="result-count" id="segment-count" aria-live="polite">
            <strong>{p.preview.count.toLocaleString("en-US")}</strong> {p.preview.count === 1 ? "contact matches" : "contacts match"}
            {p.incomplete.length > 0 && <span class="hint"> (unfinished conditions are left out)</span>}
          </p>
          {p.savedCount !== undefined && <p class="muted">Saved segment: {p.savedCount.toLocaleString("en-US")} members.</p>}
          {p.preview.sample.length > 0 && (
            <ul class="segment-sample">
              {p.preview.sample.map((c) => (
                <li>
                  <a href={`/contacts/${c.id}`}>{displayName(c)}</a>
                  {c.email && c.name && <span class="muted"> {c.email}</span>}
                  <span class="muted"> · seen <Time ms={c.lastSeenAt} /></span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </aside>
  );
}
