import type { ContactColumn } from "../../src/contacts/columns.js";
import type { Contact } from "../../src/contacts/queries.js";
import { EmptyState } from "../components/empty-state.js";
import { AuthFields, type FormAuth } from "../components/form.js";
import { Cell, displayName } from "./cells.js";
import { encodeFilter, listUrl, type ListView } from "./list-url.js";

export interface ResultsProps {
  view: ListView;
  columns: ContactColumn[];
  contacts: Contact[];
  total: number;
  /** Cursor of the next page, when there is one. */
  next?: string | undefined;
  firstPage: boolean;
  error?: { message: string } | undefined;
  /** False while the workspace has no contacts at all (the empty state then explains how to get some). */
  hasContacts: boolean;
  auth: FormAuth;
  tagNames: string[];
}

/** The live count, the bulk-tag bar and the table. The same fragment answers the builder's live updates. */
export function ContactResults(p: ResultsProps) {
  const noun = p.view.tab === "leads" ? "lead" : "user";
  if (p.error) {
    return <div id="contacts-results" class="results"><p class="form-error" role="alert">Filter problem: {p.error.message}</p></div>;
  }
  return (
    <form id="contacts-results" class="results" method="post" action="/contacts/bulk-tag"
      hx-post="/contacts/bulk-tag" hx-target="#contacts-page" hx-swap="outerHTML">
      <AuthFields auth={p.auth} />
      <StateFields view={p.view} />
      <p class="result-count" id="contact-count" aria-live="polite">
        <strong>{p.total.toLocaleString("en-US")}</strong> {p.total === 1 ? noun : `${noun}s`} {p.view.definition !== undefined || p.view.q ? (p.total === 1 ? "matches" : "match") : "in total"}
      </p>
      {p.contacts.length === 0 ? <Empty p={p} noun={noun} /> : (
        <>
          <BulkBar p={p} noun={noun} />
          <ContactTable p={p} />
          <nav class="pager" aria-label="Pages">
            {!p.firstPage && <a class="btn btn-small" href={listUrl(p.view)}>← First page</a>}
            {p.next && <a class="btn btn-small" rel="next" href={listUrl(p.view, { after: p.next })}>Next page →</a>}
          </nav>
        </>
      )}
    </form>
  );
}

/** The rows with a checkbox each; the first column links to the profile. */
function ContactTable(props: { p: ResultsProps }) {
  const { p } = props;
  return (
    <div class="table-wrap">
      <table class="table contacts-table">
        <thead><tr>
          <th scope="col" class="check"><input type="checkbox" data-select-all="ids" aria-label="Select all on this page" /></th>
          {p.columns.map((col) => <SortHeader col={col} view={p.view} />)}
        </tr></thead>
        <tbody>
          {p.contacts.map((c) => (
            <tr>
              <td class="check"><input type="checkbox" name="ids" value={c.id} aria-label={`Select ${displayName(c)}`} /></td>
              {p.columns.map((col, i) => (
                <td>{i === 0 ? <a href={`/contacts/${c.id}`}>{col.get(c) === null ? displayName(c) : <Cell type={col.type} value={col.get(c)} />}</a> : <Cell type={col.type} value={col.get(c)} />}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The list's state, so a bulk action over "all matching" acts on exactly what is shown. */
export function StateFields(props: { view: ListView }) {
  const v = props.view;
  return (
    <>
      <input type="hidden" name="tab" value={v.tab} />
      <input type="hidden" name="q" value={v.q} />
      <input type="hidden" name="sort" value={v.sort.key} />
      <input type="hidden" name="dir" value={v.sort.dir} />
      {v.definition !== undefined && <input type="hidden" name="f" value={encodeFilter(v.definition)} />}
    </>
  );
}

function SortHeader(props: { col: ContactColumn; view: ListView }) {
  const { col, view } = props;
  const active = view.sort.key === col.key;
  const dir = active && view.sort.dir === "desc" ? "asc" : active ? "desc" : col.type === "string" ? "asc" : "desc";
  return (
    <th scope="col" aria-sort={active ? (view.sort.dir === "asc" ? "ascending" : "descending") : undefined}>
      <a class="sort-link" href={listUrl(view, { sort: { key: col.key, dir } })}>
        {col.label}{active ? (view.sort.dir === "asc" ? " ↑" : " ↓") : ""}
      </a>
    </th>
  );
}

function BulkBar(props: { p: ResultsProps; noun: string }) {
  const { p } = props;
  return (
    <fieldset class="bulk-bar">
      <legend class="sr-only">Tag contacts</legend>
      <select name="scope" aria-label="Which contacts">
        <option value="selected">Selected {props.noun}s</option>
        <option value="all">All {p.total.toLocaleString("en-US")} matching</option>
      </select>
      <label class="sr-only" for="bulk-tag-name">Tag name</label>
      <input id="bulk-tag-name" name="tag" type="text" list="bulk-tag-names" placeholder="Tag name" maxlength={190} required />
      <datalist id="bulk-tag-names">{p.tagNames.map((n) => <option value={n} />)}</datalist>
      <button type="submit" name="action" value="tag" class="btn btn-small">Add tag</button>
      <button type="submit" name="action" value="untag" class="btn btn-small">Remove tag</button>
    </fieldset>
  );
}

function Empty(props: { p: ResultsProps; noun: string }) {
  const { p } = props;
  if (!p.hasContacts) {
    return (
      <EmptyState title="No contacts yet" action={<a class="btn btn-primary" href="/settings/install">Install Parley</a>}>
        <p>Contacts appear as soon as your product identifies users (Segment <code>identify</code>, the Intercom API) or visitors open the messenger.</p>
      </EmptyState>
    );
  }
  if (p.view.definition !== undefined || p.view.q) {
    return (
      <EmptyState title={`No ${props.noun}s match`} action={<a class="btn" href={p.view.tab === "leads" ? "/contacts?tab=leads" : "/contacts"}>Clear the filter</a>}>
        <p>Loosen a condition, switch “Match” to any condition, or check the other tab.</p>
      </EmptyState>
    );
  }
  return (
    <EmptyState title={p.view.tab === "leads" ? "No leads yet" : "No users yet"}>
      <p>{p.view.tab === "leads" ? "Leads are visitors who use the messenger before signing in." : "Users are people your product has identified with a user id or email."}</p>
    </EmptyState>
  );
}
