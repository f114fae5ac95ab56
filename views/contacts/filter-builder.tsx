import { opChoice, opsFor, type FilterField, type FilterRow, type OpChoice } from "./filter-ops.js";
import type { ListView } from "./list-url.js";

export interface BuilderProps {
  view: ListView;
  rows: FilterRow[];
  fields: FilterField[];
  tags: { id: string; name: string }[];
  segments: { id: string; name: string }[];
  /** Rows skipped because their value is still empty. */
  incomplete: number[];
  error?: { message: string; row?: number | undefined } | undefined;
}

const JSON_FIELD: FilterField = { key: "json", label: "Advanced condition", group: "", kind: "json" };

/**
 * The no-code filter: a plain GET form (works without scripts), enhanced by htmx so every change re-renders the
 * builder and the results with a live count. Inputs keep stable ids, so htmx puts the focus back after a swap.
 */
export function FilterBuilder(p: BuilderProps) {
  const byKey = new Map(p.fields.map((f) => [f.key, f]));
  return (
    <form id="contact-filter" class="filter card" method="get" action="/contacts" role="search" aria-label="Filter contacts"
      hx-get="/contacts" hx-trigger="submit" hx-target="#contacts-page" hx-swap="outerHTML" hx-push-url="true" hx-sync="this:replace">
      {/* Enter in a field submits with the form's first submit button: make that "Apply", not a row's "Remove". */}
      <button type="submit" class="sr-only" tabindex={-1} aria-hidden="true">Apply</button>
      <input type="hidden" name="tab" value={p.view.tab} />
      <input type="hidden" name="sort" value={p.view.sort.key} />
      <input type="hidden" name="dir" value={p.view.sort.dir} />
      <FilterTop view={p.view} />
      {p.rows.length > 0 && (
        <ol class="filter-rows">
          {p.rows.map((row, i) => (
            <Row row={row} index={i} field={row.field === "json" ? JSON_FIELD : byKey.get(row.field)} props={p} />
          ))}
        </ol>
      )}
      {p.error && <p class="form-error" role="alert" id="filter-error">{p.error.message}</p>}
      <div class="filter-actions">
        <label class="sr-only" for="filter-add">Add a condition</label>
        <select id="filter-add" name="add" class="filter-add" {...rebuild()}>
          <option value="">+ Add condition…</option>
          {groups(p.fields).map(([group, fields]) => (
            <optgroup label={group}>{fields.map((f) => <option value={f.key}>{f.label}</option>)}</optgroup>
          ))}
        </select>
        <button type="submit" class="btn btn-small">Apply</button>
        {(p.rows.length > 0 || p.view.q) && <a class="btn btn-ghost btn-small" href={p.view.tab === "leads" ? "/contacts?tab=leads" : "/contacts"}>Clear</a>}
      </div>
    </form>
  );
}

/** Quick search and the all/any switch. */
function FilterTop(props: { view: ListView }) {
  return (
    <div class="filter-top">
      <label class="sr-only" for="contact-q">Search by name, email or user ID</label>
      <input id="contact-q" class="filter-search" type="search" name="q" value={props.view.q} placeholder="Search name, email or user ID"
        autocomplete="off" maxlength={200} {...live()} />
      <label class="filter-match">
        <span>Match</span>
        <select id="filter-match" name="match" {...rebuild()}>
          <option value="all" selected={props.view.match === "all"}>all conditions</option>
          <option value="any" selected={props.view.match === "any"}>any condition</option>
        </select>
      </label>
    </div>
  );
}

/** Structural changes (field, operator, match, add) re-render the builder and results. */
function rebuild() {
  return { "hx-get": "/contacts", "hx-trigger": "change", "hx-include": "closest form", "hx-target": "#contacts-page" };
}

/** Typing only refreshes the results and count, so the text being typed is never replaced under the cursor. */
function live() {
  return {
    "hx-get": "/contacts", "hx-trigger": "input changed delay:400ms, search", "hx-include": "closest form",
    "hx-target": "#contacts-results", "hx-select": "#contacts-results", "hx-swap": "outerHTML",
  };
}

function Row(r: { row: FilterRow; index: number; field: FilterField | undefined; props: BuilderProps }) {
  const { row, index: i, field } = r;
  const choice = opChoice(field, row.op);
  const bad = r.props.error?.row === i;
  const unfinished = r.props.incomplete.includes(i);
  return (
    <li class={`filter-row${bad ? " has-error" : ""}`}>
      {/* What this row was rendered with: a changed field or kind of value starts the value afresh. */}
      <input type="hidden" name="pf" value={row.field} />
      <input type="hidden" name="po" value={choice.op} />
      <label class="sr-only" for={`cf-${i}`}>Condition {i + 1}: field</label>
      <select id={`cf-${i}`} name="cf" {...rebuild()}>
        {field?.kind === "json" && <option value="json" selected>Advanced condition</option>}
        {!field && <option value={row.field} selected>Unknown: {row.field}</option>}
        {groups(r.props.fields).map(([group, fields]) => (
          <optgroup label={group}>{fields.map((f) => <option value={f.key} selected={f.key === row.field}>{f.label}</option>)}</optgroup>
        ))}
      </select>
      <label class="sr-only" for={`co-${i}`}>Condition {i + 1}: operator</label>
      <select id={`co-${i}`} name="co" {...rebuild()}>
        {opsFor(field).map((o) => <option value={o.op} selected={o.op === choice.op}>{o.label}</option>)}
      </select>
      <ValueBox row={row} index={i} choice={choice} props={r.props} />
      {choice.window ? (
        <span class="filter-window">
          <label for={`cd-${i}`}>in the last</label>
          <input id={`cd-${i}`} name="cd" type="number" min={1} max={3650} value={row.days} placeholder="any" class="num" {...live()} />
          <span>days</span>
        </span>
      ) : (
        <input type="hidden" name="cd" value="" />
      )}
      <button type="submit" name="remove" value={String(i)} class="btn btn-ghost btn-small" aria-label={`Remove condition ${i + 1}`}>✕</button>
      {unfinished && <span class="hint">Enter a value to apply this condition.</span>}
    </li>
  );
}

function ValueBox(v: { row: FilterRow; index: number; choice: OpChoice; props: BuilderProps }) {
  const id = `cv-${v.index}`;
  const label = <label class="sr-only" for={id}>Condition {v.index + 1}: value</label>;
  const common = { id, name: "cv", value: v.row.value, ...live() };
  switch (v.choice.input) {
    case "none":
      return <input type="hidden" name="cv" value="" />;
    case "boolean":
      return <>{label}<select id={id} name="cv" {...rebuild()}>{["", "true", "false"].map((o) => <option value={o} selected={o === v.row.value}>{o === "" ? "choose…" : o}</option>)}</select></>;
    case "tag":
    case "segment": {
      const list = v.choice.input === "tag" ? v.props.tags : v.props.segments;
      return (
        <>{label}<select id={id} name="cv" {...rebuild()}>
          <option value="">{v.choice.input === "tag" ? "choose a tag…" : "choose a segment…"}</option>
          {list.map((t) => <option value={t.id} selected={t.id === v.row.value}>{t.name}</option>)}
        </select></>
      );
    }
    case "json":
      return <>{label}<input {...common} type="text" class="filter-json" /></>;
    case "date":
      return <>{label}<input {...common} type="date" /></>;
    case "days":
    case "times":
      return <>{label}<input {...common} type="number" min={0} class="num" /><span>{v.choice.input === "days" ? "days ago" : "times"}</span></>;
    case "number":
      return <>{label}<input {...common} type="number" step="any" class="num" /></>;
    default:
      return <>{label}<input {...common} type="text" maxlength={1000} /></>;
  }
}

function groups(fields: FilterField[]): [string, FilterField[]][] {
  const out = new Map<string, FilterField[]>();
  for (const f of fields) out.set(f.group, [...(out.get(f.group) ?? []), f]);
  return [...out];
}
