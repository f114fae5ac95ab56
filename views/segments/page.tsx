import type { Segment } from "../../src/segments/index.js";
import { AuthFields, type FormAuth } from "../components/form.js";
import { PageHeader } from "../components/page-header.js";
import { Time } from "../components/time.js";
import { SizeChart } from "./chart.js";
import { SegmentEditor, type EditorProps } from "./editor.js";
import { ExplainPanel, type ExplainProps } from "./explain.js";
import { MemberList, type MemberListProps } from "./members.js";

export interface SegmentPageProps {
  segment: Segment;
  members: number;
  editor: EditorProps;
  sizes: { points: { bucketStart: number; count: number }[]; granularity: "hour" | "day" };
  memberList: MemberListProps;
  explain: ExplainProps;
  auth: FormAuth;
}

/** `/segments/:id`: the builder, size history, members (with export) and the explainer. */
export function SegmentPage(p: SegmentPageProps) {
  const s = p.segment;
  return (
    <section id="segment-page">
      <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/segments">Segments</a></nav>
      <PageHeader title={s.name}
        lead={<><strong id="segment-members">{p.members.toLocaleString("en-US")}</strong> {p.members === 1 ? "member" : "members"} · edited <Time ms={s.updatedAt} /></>}
        actions={<Actions p={p} />} />
      <SegmentEditor {...p.editor} />
      <section class="card segment-history" aria-labelledby="history-title">
        <SizeHistory id={s.id} {...p.sizes} />
      </section>
      <section class="segment-members" aria-labelledby="members-title">
        <h2 id="members-title">Members</h2>
        <MemberList {...p.memberList} />
      </section>
      <section class="card segment-explain" aria-labelledby="explain-title">
        <h2 id="explain-title">Why is a contact in (or out)?</h2>
        <ExplainPanel {...p.explain} />
      </section>
    </section>
  );
}

function Actions(props: { p: SegmentPageProps }) {
  const s = props.p.segment;
  return (
    <>
      <a class="btn btn-primary" href={`/messages/new?segment=${encodeURIComponent(s.id)}`}>Message them</a>
      <a class="btn" href={`/segments/${s.id}/members.csv`} download>Export CSV</a>
      <form method="post" action={`/segments/${s.id}/delete`} class="inline-form" hx-post={`/segments/${s.id}/delete`}
        hx-confirm={`Delete the segment “${s.name}”? Its membership history goes with it; messages aimed at it stop matching anyone.`}>
        <AuthFields auth={props.p.auth} />
        <button type="submit" class="btn btn-danger">Delete</button>
      </form>
    </>
  );
}

/** The size chart with an hourly/daily switch (the switch swaps only this block). */
export function SizeHistory(p: { id: string; points: { bucketStart: number; count: number }[]; granularity: "hour" | "day" }) {
  const link = (g: "hour" | "day", label: string) => (
    <a href={`/segments/${p.id}?sizes=${g}`} hx-get={`/segments/${p.id}/sizes?g=${g}`} hx-target="#size-history" hx-swap="outerHTML"
      aria-current={p.granularity === g ? "true" : undefined}>{label}</a>
  );
  return (
    <div id="size-history">
      <div class="section-head">
        <h2 id="history-title">Size history</h2>
        <nav class="tabs tabs-small" aria-label="Granularity">{link("hour", "Hourly")}{link("day", "Daily")}</nav>
      </div>
      <SizeChart points={p.points} granularity={p.granularity} />
    </div>
  );
}
