import type { Child } from "hono/jsx";
import type { Contact } from "../../src/contacts/queries.js";
import type { Utm } from "../../src/db/schema/index.js";
import { Time } from "../components/time.js";

type Row = [label: string, value: Child | string | number | null | undefined];

/** A definition list that leaves out unknown values (and says so when nothing is known). */
function Facts(props: { rows: Row[]; empty: string }) {
  const known = props.rows.filter(([, v]) => v !== null && v !== undefined && v !== "");
  if (known.length === 0) return <p class="muted">{props.empty}</p>;
  return (
    <dl class="kv">
      {known.map(([label, v]) => (
        <>
          <dt>{label}</dt>
          <dd>{v}</dd>
        </>
      ))}
    </dl>
  );
}

/** Built-in attributes (read-only: they come from the product and the messenger). */
export function DetailsCard(props: { contact: Contact }) {
  const c = props.contact;
  return (
    <section class="card">
      <h2>Details</h2>
      <Facts
        empty="Nothing known yet."
        rows={[
          ["Email", c.email], ["User ID", c.externalId], ["Phone", c.phone], ["Parley ID", <code>{c.id}</code>],
          ["Signed up", c.signedUpAt === null ? null : <Time ms={c.signedUpAt} />], ["First seen", <Time ms={c.createdAt} />],
          ["Last seen", <Time ms={c.lastSeenAt} />], ["Sessions", c.sessionCount], ["Unsubscribed", c.unsubscribedFromEmails ? "Yes" : null],
        ]}
      />
    </section>
  );
}

/** Where the contact was last seen from and with what. */
export function LocationCard(props: { contact: Contact }) {
  const c = props.contact;
  const browser = [c.browser, c.browserVersion].filter(Boolean).join(" ");
  return (
    <section class="card">
      <h2>Location and device</h2>
      <Facts
        empty="No location or device yet: it comes from the messenger or requests that carry an IP and user agent."
        rows={[
          ["City", c.city], ["Region", c.region], ["Country", c.country], ["Time zone", c.timezone], ["Browser", browser],
          ["OS", c.os], ["Device", c.device], ["Language", c.browserLanguage], ["Last IP", c.lastSeenIp],
        ]}
      />
    </section>
  );
}

function utmRows(u: Utm | null): Row[] {
  return [["Source", u?.source], ["Medium", u?.medium], ["Campaign", u?.campaign], ["Term", u?.term], ["Content", u?.content], ["Referrer", u?.referrer]];
}

/** First- and last-touch UTM data. */
export function AcquisitionCard(props: { contact: Contact }) {
  const c = props.contact;
  return (
    <section class="card">
      <h2>Acquisition</h2>
      <h3 class="small muted">First touch</h3>
      <Facts rows={utmRows(c.firstUtm)} empty="No campaign data." />
      <h3 class="small muted">Last touch</h3>
      <Facts rows={utmRows(c.lastUtm)} empty="No campaign data." />
    </section>
  );
}
