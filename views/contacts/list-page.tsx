import type { ContactColumn } from "../../src/contacts/columns.js";
import { AuthFields, type FieldErrors } from "../components/form.js";
import { PageHeader } from "../components/page-header.js";
import { AreaNav } from "./area-nav.js";
import { FilterBuilder, type BuilderProps } from "./filter-builder.js";
import { listQuery, listUrl } from "./list-url.js";
import { ContactResults, StateFields, type ResultsProps } from "./results.js";

export interface ContactListProps extends ResultsProps {
  builder: Omit<BuilderProps, "view">;
  allColumns: ContactColumn[];
  /** Shown on the "Save as segment" form after a failed save. */
  segmentErrors?: FieldErrors | undefined;
  segmentName?: string | undefined;
  canSaveSegment: boolean;
}

/** `/contacts`: tabs, filter builder, results; htmx swaps this whole section (or just the results while typing). */
export function ContactList(p: ContactListProps) {
  return (
    <section id="contacts-page">
      <script src="/static/contacts.js" defer></script>
      <PageHeader title="Contacts" lead="Everyone your product and messenger know about." actions={<HeaderActions p={p} />} />
      <AreaNav active="people" />
      <nav class="tabs" aria-label="Contact type">
        <a href={listUrl({ ...p.view, tab: "users" })} aria-current={p.view.tab === "users" ? "page" : undefined}>Users</a>
        <a href={listUrl({ ...p.view, tab: "leads" })} aria-current={p.view.tab === "leads" ? "page" : undefined}>Leads</a>
      </nav>
      <FilterBuilder view={p.view} {...p.builder} />
      <ContactResults {...p} />
    </section>
  );
}

function HeaderActions(props: { p: ContactListProps }) {
  const { p } = props;
  return (
    <>
      <a class="btn" href={`/contacts/export.csv${listQuery(p.view)}`} download>Export CSV</a>
      <ColumnPicker p={p} />
      {p.canSaveSegment && <SaveSegment p={p} />}
    </>
  );
}

/** Which columns to show; remembered for this teammate (a plain form: it reloads the page). */
function ColumnPicker(props: { p: ContactListProps }) {
  const { p } = props;
  const chosen = new Set(p.columns.map((c) => c.key));
  return (
    <details class="popover">
      <summary class="btn">Columns</summary>
      <form method="post" action="/contacts/columns" class="popover-body column-picker">
        <AuthFields auth={p.auth} />
        <StateFields view={p.view} />
        <fieldset>
          <legend>Show columns</legend>
          {p.allColumns.map((c) => (
            <label class="check-row">
              <input type="checkbox" name="col" value={c.key} checked={chosen.has(c.key)} /> {c.label}{c.custom ? <span class="muted"> (custom)</span> : null}
            </label>
          ))}
        </fieldset>
        <button type="submit" class="btn btn-primary btn-small">Save columns</button>
      </form>
    </details>
  );
}

/** Saves the current tab + filter as a segment (the same definition, plus the tab's role). */
function SaveSegment(props: { p: ContactListProps }) {
  const { p } = props;
  const err = p.segmentErrors;
  return (
    <details class="popover" open={err ? true : undefined}>
      <summary class="btn btn-primary">Save as segment</summary>
      <form method="post" action="/contacts/segments" class="popover-body" hx-post="/contacts/segments" hx-target="#contacts-page" hx-swap="outerHTML">
        <AuthFields auth={p.auth} />
        <StateFields view={p.view} />
        <div class={err?.name ? "field has-error" : "field"}>
          <label for="segment-name">Segment name</label>
          <input id="segment-name" name="name" type="text" value={p.segmentName} maxlength={255} required
            aria-invalid={err?.name ? "true" : undefined} aria-describedby={err?.name ? "segment-name-error" : undefined} />
          {err?.name && <p class="field-error" id="segment-name-error">{err.name}</p>}
        </div>
        {err?._form && <p class="form-error" role="alert">{err._form}</p>}
        <p class="hint">Keeps the {p.view.tab === "leads" ? "Leads" : "Users"} tab and every condition; members update live.</p>
        <button type="submit" class="btn btn-primary btn-small">Save segment</button>
      </form>
    </details>
  );
}
