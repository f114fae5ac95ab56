import type { Company } from "../../src/companies/queries.js";
import { EmptyState } from "../components/empty-state.js";
import { PageHeader } from "../components/page-header.js";
import { Time } from "../components/time.js";

export interface CompanyListProps {
  q: string;
  sort: { key: string; dir: "asc" | "desc" };
  rows: Company[];
  total: number;
  next?: string | undefined;
  firstPage: boolean;
  hasCompanies: boolean;
}

const COLUMNS: { key: string; label: string; numeric?: boolean }[] = [
  { key: "name", label: "Name" }, { key: "company_id", label: "Company ID" }, { key: "plan", label: "Plan" },
  { key: "user_count", label: "People", numeric: true }, { key: "monthly_spend", label: "Monthly spend", numeric: true },
  { key: "last_request_at", label: "Last seen", numeric: true }, { key: "created_at", label: "Created", numeric: true },
];

function url(p: Pick<CompanyListProps, "q" | "sort">, over: { sort?: CompanyListProps["sort"]; after?: string } = {}): string {
  const params = new URLSearchParams();
  if (p.q) params.set("q", p.q);
  const sort = over.sort ?? p.sort;
  if (sort.key !== "created_at" || sort.dir !== "desc") {
    params.set("sort", sort.key);
    params.set("dir", sort.dir);
  }
  if (over.after) params.set("after", over.after);
  const s = params.toString();
  return `/companies${s ? `?${s}` : ""}`;
}

/** `/companies`: search, sortable columns, keyset pages. */
export function CompanyList(p: CompanyListProps) {
  return (
    <section id="companies-page">
      <PageHeader title="Companies" lead="Organisations your contacts belong to." />
      <form class="filter card" method="get" action="/companies" role="search" hx-get="/companies" hx-target="#companies-page"
        hx-swap="outerHTML" hx-push-url="true">
        <input type="hidden" name="sort" value={p.sort.key} />
        <input type="hidden" name="dir" value={p.sort.dir} />
        <label class="sr-only" for="company-q">Search companies</label>
        <input id="company-q" class="filter-search" type="search" name="q" value={p.q} placeholder="Search name or company ID" maxlength={200} autocomplete="off"
          hx-get="/companies" hx-trigger="input changed delay:400ms, search" hx-include="closest form" hx-target="#companies-results" hx-select="#companies-results" />
      </form>
      <div id="companies-results">
      <p class="result-count"><strong>{p.total.toLocaleString("en-US")}</strong> {p.total === 1 ? "company" : "companies"}</p>
      {p.rows.length === 0 ? <Empty p={p} /> : (
        <>
          <CompanyTable p={p} />
          <nav class="pager" aria-label="Pages">
            {!p.firstPage && <a class="btn btn-small" href={url(p)}>← First page</a>}
            {p.next && <a class="btn btn-small" rel="next" href={url(p, { after: p.next })}>Next page →</a>}
          </nav>
        </>
      )}
      </div>
    </section>
  );
}

function CompanyTable(props: { p: CompanyListProps }) {
  const { p } = props;
  return (
    <div class="table-wrap">
      <table class="table">
        <thead><tr>{COLUMNS.map((col) => <Header col={col} p={p} />)}</tr></thead>
        <tbody>
          {p.rows.map((co) => (
            <tr>
              <td><a href={`/companies/${co.id}`}>{co.name || co.companyId}</a></td>
              <td><code>{co.companyId}</code></td>
              <td>{co.plan ?? <span class="muted">—</span>}</td>
              <td>{co.userCount.toLocaleString("en-US")}</td>
              <td>{co.monthlySpend === null ? <span class="muted">—</span> : co.monthlySpend.toLocaleString("en-US")}</td>
              <td><Time ms={co.lastRequestAt} /></td>
              <td><Time ms={co.createdAt} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Header(props: { col: (typeof COLUMNS)[number]; p: CompanyListProps }) {
  const { col, p } = props;
  const active = p.sort.key === col.key;
  const dir = active ? (p.sort.dir === "asc" ? "desc" : "asc") : col.numeric ? "desc" : "asc";
  return (
    <th scope="col" aria-sort={active ? (p.sort.dir === "asc" ? "ascending" : "descending") : undefined}>
      <a class="sort-link" href={url(p, { sort: { key: col.key, dir } })}>{col.label}{active ? (p.sort.dir === "asc" ? " ↑" : " ↓") : ""}</a>
    </th>
  );
}

function Empty(props: { p: CompanyListProps }) {
  if (props.p.hasCompanies) {
    return <EmptyState title="No companies match" action={<a class="btn" href="/companies">Clear the search</a>}><p>Try part of the name or the company ID.</p></EmptyState>;
  }
  return (
    <EmptyState title="No companies yet" action={<a class="btn btn-primary" href="/settings/install">See install options</a>}>
      <p>Companies appear when your product sends a Segment <code>group</code> call, a <code>company</code> trait, or uses the companies API.</p>
    </EmptyState>
  );
}
