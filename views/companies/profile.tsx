import type { Company } from "../../src/companies/queries.js";
import type { Contact } from "../../src/contacts/queries.js";
import { Time } from "../components/time.js";
import { Cell, displayName } from "../contacts/cells.js";
import { listUrl } from "../contacts/list-url.js";
import { CompanyAttributes, type CompanyEditProps } from "./edit.js";
import { CompanyTags, type CompanyTagsProps } from "./tags.js";

export interface CompanyProfileProps {
  company: Company;
  members: Contact[];
  memberTotal: number;
  /** The attributes card (editable) and the tags card. */
  edit: CompanyEditProps;
  tagCard: CompanyTagsProps;
}

/** `/companies/:id`: attributes, tags and the most recently seen members. */
export function CompanyProfile(p: CompanyProfileProps) {
  const co = p.company;
  return (
    <article class="profile">
      <p class="crumbs"><a href="/companies">← Companies</a></p>
      <header class="profile-head">
        <span class="avatar" aria-hidden="true">{(co.name || co.companyId).charAt(0).toUpperCase()}</span>
        <div>
          <h1>{co.name || co.companyId}</h1>
          <p class="lead">Company ID <code>{co.companyId}</code> · {co.userCount.toLocaleString("en-US")} {co.userCount === 1 ? "person" : "people"}</p>
        </div>
      </header>
      <div class="profile-grid">
        <div class="profile-side">
          <CompanyAttributes {...p.edit} />
          <CompanyTags {...p.tagCard} />
        </div>
        <div class="profile-main">
          <MembersCard p={p} />
        </div>
      </div>
    </article>
  );
}

function MembersCard(props: { p: CompanyProfileProps }) {
  const { p } = props;
  const filter = { match: "all", conditions: [{ company_attribute: "company_id", op: "eq", value: p.company.companyId }] };
  const all = listUrl({ tab: "users", q: "", sort: { key: "last_seen_at", dir: "desc" }, match: "all", definition: filter });
  return (
    <section class="card">
      <div class="section-head">
        <h2>People</h2>
        {p.memberTotal > 0 && <a href={all}>See all {p.memberTotal.toLocaleString("en-US")} in Contacts</a>}
      </div>
      {p.members.length === 0 ? <p class="muted">Nobody is linked to this company yet.</p> : (
        <div class="table-wrap">
          <table class="table">
            <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Last seen</th></tr></thead>
            <tbody>
              {p.members.map((m) => (
                <tr>
                  <td><a href={`/contacts/${m.id}`}>{displayName(m)}</a></td>
                  <td><Cell type="string" value={m.email} /></td>
                  <td>{m.role === "lead" ? "Lead" : "User"}</td>
                  <td><Time ms={m.lastSeenAt} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
