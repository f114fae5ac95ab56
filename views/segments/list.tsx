import type { SegmentSummary } from "../../src/segments/index.js";
import { EmptyState } from "../components/empty-state.js";
import { PageHeader } from "../components/page-header.js";
import { Time } from "../components/time.js";
import { Sparkline } from "./chart.js";

const PERSON: Record<string, string> = { user: "Users", contact: "Leads", all: "Everyone" };

/** `/segments`: every segment with its size, trend and last change. */
export function SegmentList(props: { segments: SegmentSummary[] }) {
  return (
    <section id="segments-page">
      <PageHeader title="Segments" lead="Saved audiences that stay up to date as contacts act, for messages, series and reports."
        actions={<a class="btn btn-primary" href="/segments/new">New segment</a>} />
      {props.segments.length === 0 ? (
        <EmptyState title="No segments yet" action={<><a class="btn btn-primary" href="/segments/new">Build a segment</a> <a class="btn" href="/contacts">Filter contacts</a></>}>
          <p>A segment is a filter that keeps itself current: contacts enter and leave as their attributes and events change.
            Build one here, or filter the contacts list and use “Save as segment”.</p>
        </EmptyState>
      ) : (
        <div class="table-wrap">
          <table class="table segments-table">
            <thead><tr>
              <th scope="col">Name</th><th scope="col">Person type</th><th scope="col" class="num">Members</th>
              <th scope="col">Last 30 days</th><th scope="col">Last change</th>
            </tr></thead>
            <tbody>
              {props.segments.map((s) => (
                <tr id={`segment-${s.segment.id}`}>
                  <td><a href={`/segments/${s.segment.id}`}>{s.segment.name}</a></td>
                  <td>{PERSON[s.segment.personType] ?? s.segment.personType}</td>
                  <td class="num" data-members>{s.members.toLocaleString("en-US")}</td>
                  <td><Sparkline values={s.trend} label={`Daily size of ${s.segment.name} over the last 30 days`} /></td>
                  <td><Time ms={s.lastChange} empty="No members yet" /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
