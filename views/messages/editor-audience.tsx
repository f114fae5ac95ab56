import { Area, In, Pick, Section, val, type FormState } from "./editor-parts.js";
import { filterUrl } from "./filter.js";

export interface SegmentOption {
  id: string;
  name: string;
}

/** The live "who gets it" count, re-fetched by htmx whenever an audience field changes. */
export function AudienceCount(p: { count?: number | undefined; error?: string | undefined }) {
  return (
    <p id="audience-count" class="msg-count" aria-live="polite">
      {p.error ? <span class="field-error">{p.error}</span>
        : p.count === undefined ? <span class="muted">Counting…</span>
        : <><strong>{p.count.toLocaleString("en-US")}</strong> {p.count === 1 ? "contact matches" : "contacts match"} right now.</>}
    </p>
  );
}

/** Audience: a segment, an ad-hoc filter, one contact, a percentage, exclusions; with the live count. */
export function AudienceSection(p: { s: FormState; segments: SegmentOption[]; count?: number | undefined; locked: boolean; messageId?: string | undefined }) {
  const s = p.s;
  const segs: [string, string][] = p.segments.map((x) => [x.id, x.name]);
  const filter = val(s, "aud_filter");
  const contactsHref = filter ? `/contacts?f=${Buffer.from(filter).toString("base64url")}` : "/contacts";
  return (
    <Section id="msg-audience" title="Audience" lead={p.locked ? "Sending has started: the audience can no longer change." : "Everyone matching all of these. Leave everything empty to reach every contact."}>
      <fieldset id="audience-fields" disabled={p.locked} hx-post="/messages/audience-count" hx-trigger="change, keyup changed delay:600ms from:#f-aud_percent"
        hx-target="#audience-count" hx-swap="outerHTML" hx-include="#audience-fields">
        <div class="msg-grid">
          <Pick s={s} name="aud_segment" label="Segment" options={[["", "Any contact"], ...segs]} errorKey="aud" />
          <In s={s} name="aud_contact" label="Or one contact" placeholder="Email, user ID or contact ID" hint="For a one-to-one message." />
          <In s={s} name="aud_percent" type="number" min={1} max={100} label="Percentage of them" placeholder="100"
            hint="A stable random share, e.g. 10 for a first wave." />
          <Pick s={s} name="aud_exclude" label="Except members of" options={segs} multiple
            hint="Hold Ctrl (⌘ on a Mac) to pick several." />
        </div>
        <div class="field audience-filter">
          <span>Ad-hoc filter: {filterSummary(filter)}</span>{" "}
          {p.messageId
            ? !p.locked && <a class="btn btn-small" id="audience-filter-edit" href={filterUrl(p.messageId)}>{filter ? "Edit the filter" : "Build a filter"}</a>
            : <span class="hint">Save the draft, then build the filter with the visual builder.</span>}
        </div>
        <details class="json-fallback" open={s.errors.aud_filter ? true : undefined}>
          <summary>Edit the filter as JSON</summary>
          <Area s={s} name="aud_filter" label="Filter (segment definition as JSON)" rows={5} errorKey="aud_filter"
            placeholder={'{"match":"all","conditions":[{"attribute":"plan","op":"eq","value":"trial"}]}'}
            hint={<>For definitions the builder cannot show (nested groups). Try one out in <a href={contactsHref} target="_blank" rel="noopener">Contacts</a>.</>} />
        </details>
      </fieldset>
      <AudienceCount count={p.count} />
    </Section>
  );
}

/** "none", or how many conditions the filter holds (the JSON as typed when it does not parse). */
function filterSummary(text: string): string {
  if (!text.trim()) return "none";
  try {
    const def = JSON.parse(text) as { match?: string; conditions?: unknown[] };
    const n = Array.isArray(def.conditions) ? def.conditions.length : 0;
    return `${n} ${n === 1 ? "condition" : "conditions"}${n > 1 ? ` (${def.match === "any" ? "any" : "all"} must match)` : ""}`;
  } catch {
    return "not valid JSON (see below)";
  }
}
