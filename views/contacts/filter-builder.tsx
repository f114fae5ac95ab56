import type { Child } from "hono/jsx";
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
  /** Where the builder lives; the contacts list unless given (the segment editor reuses it). */
  host?: BuilderHost | undefined;
}

/** A page hosting the builder: its re-render endpoint, what htmx swaps, and its own fields and actions. */
export interface BuilderHost {
  /** GET endpoint answering with the page section (`page`) built from the form's fields. */
  url: string;
  /** Selector swapped on structural changes. */
  page: string;
  /** Selector refreshed while typing (the count and results). */
  results: string;
  pushUrl: boolean;
  clearHref: string;
  /** Fields shown instead of the quick search, and buttons after "Apply". */
  top?: Child;
  actions?: Child;
}

const CONTACTS_HOST: BuilderHost = { url: "/contacts", page: "#contacts-page", results: "#contacts-results", pushUrl: true, clearHref: "/contacts" };

const JSON_FIELD: FilterField = { key: "json", label: "Advanced condition", group: "", kind: "json" };

/**
 * The no-code filter: a plain GET form (works without scripts), enhanced by htmx so every change re-renders the
 * builder and the results with a live count. Inputs keep stable ids, so htmx puts the focus back after a swap.
 */
export function FilterBuilder(p: BuilderProps) {
  const byKey = new Map(p.fields.map((f) => [f.key, f]));
  const host = p.host ?? CONTACTS_HOST;
  return (
    <form id="contact-filter" class="filter card" method="get" action={host.url} role="search" aria-label="Filter contacts"
      hx-get={host.url} hx-trigger="submit" hx-target={host.page} hx-swap="outerHTML" hx-push-url={host.pushUrl ? "true" : "false"} hx-sync="this:replace">
      {/* Enter in a field submits with the form's first submit button: make that "Apply", not a row's "Remove". */}
      <button type="submit" class="sr-only" tabindex={-1} aria-hidden="true">Apply</button>
      <input type="hidden" name="tab" value={p.view.tab} />
      <input type="hidden" name="sort" value={p.view.sort.key} />
      <input type="hidden" name="dir" value={p.view.sort.dir} />
      {p.host ? <FilterTop view={p.view} host={host} search={false}>{host.top}</FilterTop> : <FilterTop view={p.view} host={host} search />}
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
        <select id="filter-add" name="add" class="filter-add" {...rebuild(host)}>
          <option value="">+ Add condition…</option>
          {groups(p.fields).map(([group, fields]) => (
            <optgroup label={group}>{fields.map((f) => <option value={f.key}>{f.label}</option>)}</optgroup>
          ))}
        </select>
        <button type="submit" class="btn btn-small">Apply</button>
        {p.host
          ? p.rows.length > 0 && <a class="btn btn-ghost btn-small" href={host.clearHref}>Clear</a>
          : (p.rows.length > 0 || p.view.q) && <a class="btn btn-ghost btn-small" href={p.view.tab === "leads" ? "/contacts?tab=leads" : "/contacts"}>Clear</a>}
        {host.actions}
      </div>
    </form>
  );
}

/** Quick search (or the host's own fields) and the all/any switch. */
function FilterTop(props: { view: ListView; host: BuilderHost; search: boolean; children?: Child }) {
  return (
    <div class="filter-top">
      {props.search ? (
        <>
          <label class="sr-only" for="contact-q">Search by name, email or user ID</label>
          <input id="contact-q" class="filter-search" type="search" name="q" value={props.view.q} placeholder="Search name, email or user ID"
            autocomplete="off" maxlength={200} {...live(props.host)} />
        </>
      ) : props.children}
      <label class="filter-match">
        <span>Match</span>
        <select id="filter-match" name="match" {...rebuild(props.host)}>
          <option value="all" selected={props.view.match === "all"}>all conditions</option>
          <option value="any" selected={props.view.match === "any"}>any condition</option>
        </select>
      </label>
    </div>
  );
}

/** Structural changes (field, operator, match, add) re-render the builder and results. */
function rebuild(host: BuilderHost) {
  return { "hx-get": host.url, "hx-trigger": "change", "hx-include": "closest form", "hx-target": host.page };
}

/** Typing only refreshes the results and count, so the text being typed is never replaced under the cursor. */
function live(host: BuilderHost) {
  return {
    "hx-get": host.url, "hx-trigger": "input changed delay:400ms, search", "hx-include": "closest form",
    "hx-target": host.results, "hx-select": host.results, "hx-swap": "outerHTML",
  };
}

function Row(r: { row: FilterRow; index: number; field: FilterField | undefined; props: BuilderProps }) {
  const { row, index: i, field } = r;
  const host = r.props.host ?? CONTACTS_HOST;
  const choice = opChoice(field, row.op);
  const bad = r.props.error?.row === i;
  const unfinished = r.props.incomplete.includes(i);
  return (
    <li class={`filter-row${bad ? " has-error" : ""}`}>
      {/* What this row was rendered with: a changed field or kind of value starts the value afresh. */}
      <input type="hidden" name="pf" value={row.field} />
      <input type="hidden" name="po" value={choice.op} />
      <label class="sr-only" for={`cf-${i}`}>Condition {i + 1}: field</label>
      <select id={`cf-${i}`} name="cf" {...rebuild(host)}>
        {field?.kind === "json" && <option value="json" selected>Advanced condition</option>}
        {!field && <option value={row.field} selected>Unknown: {row.field}</option>}
        {groups(r.props.fields).map(([group, fields]) => (
          <optgroup label={group}>{fields.map((f) => <option value={f.key} selected={f.key === row.field}>{f.label}</option>)}</optgroup>
        ))}
      </select>
      <label class="sr-only" for={`co-${i}`}>Condition {i + 1}: operator</label>
      <select id={`co-${i}`} name="co" {...rebuild(host)}>
        {opsFor(field).map((o) => <option value={o.op} selected={o.op === choice.op}>{o.label}</option>)}
      </select>
      <ValueBox row={row} index={i} choice={choice} props={r.props} />
      {choice.window ? (
        <span class="filter-window">
          <label for={`cd-${i}`}>in the last</label>
          <input id={`cd-${i}`} name="cd" type="number" min={1} max={3650} value={row.days} placeholder="any" class="num" {...live(host)} />
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
  const host = v.props.host ?? CONTACTS_HOST;
  const common = { id, name: "cv", value: v.row.value, ...live(host) };
  switch (v.choice.input) {
    case "none":
      return <input type="hidden" name="cv" value="" />;
    case "boolean":
      return <>{label}<select id={id} name="cv" {...rebuild(host)}>{["", "true", "false"].map((o) => <option value={o} selected={o === v.row.value}>{o === "" ? "choose…" : o}</option>)}</select></>;
    case "tag":
    case "segment": {
      const list = v.choice.input === "tag" ? v.props.tags : v.props.segments;
      return (
        <>{label}<select id={id} name="cv" {...rebuild(host)}>
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
