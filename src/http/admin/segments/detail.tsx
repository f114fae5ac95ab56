import type { Context, Hono } from "hono";
import { findContact, findContactByEmail, findContactByExternalId, type Contact } from "../../../contacts/index.js";
import type { Ctx } from "../../../context.js";
import { DAY } from "../../../lib/clock.js";
import { explainMembership, getSegment, listMemberPage, listSegments, listSizes, membersCsv, type Segment } from "../../../segments/index.js";
import { listTags } from "../../../tags/index.js";
import { ExplainPanel, type ExplainProps } from "../../../../views/segments/explain.js";
import { MemberList, type MemberListProps } from "../../../../views/segments/members.js";
import { SegmentPage, SizeHistory } from "../../../../views/segments/page.js";
import { filterCatalog } from "../contacts/filter-fields.js";
import type { AdminEnv } from "../env.js";
import { formAuth, page } from "../render.js";
import { editorProps } from "./editor.js";
import { stateOfSegment } from "./editor-state.js";

const MEMBERS_PAGE = 25;
/** How far back each chart looks: a week of hours, a quarter of days. */
const RANGE = { hour: 7 * DAY, day: 90 * DAY } as const;

type Granularity = "hour" | "day";

function sizes(ctx: Ctx, seg: Segment, asked: string | undefined): { granularity: Granularity; points: { bucketStart: number; count: number }[] } {
  const now = ctx.clock.now();
  const read = (g: Granularity) => listSizes(ctx, seg.id, g, now - RANGE[g]);
  if (asked === "hour" || asked === "day") return { granularity: asked, points: read(asked) };
  // Default to days once there are a few; a young segment only has hours to show.
  const days = read("day");
  return days.length >= 3 ? { granularity: "day" as const, points: days } : { granularity: "hour" as const, points: read("hour") };
}

function members(ctx: Ctx, seg: Segment, after: string | undefined): MemberListProps {
  const res = listMemberPage(ctx, seg.id, { after, limit: MEMBERS_PAGE });
  return { segmentId: seg.id, rows: res.rows, next: res.next, firstPage: !after };
}

/** A contact by Parley id, email or user id (what someone would paste). */
function lookupContact(ctx: Ctx, ws: string, ref: string): Contact | undefined {
  return findContact(ctx, ws, ref) ?? (ref.includes("@") ? findContactByEmail(ctx, ws, ref) : undefined) ?? findContactByExternalId(ctx, ws, ref);
}

function explain(ctx: Ctx, ws: string, seg: Segment, query: string | undefined): ExplainProps {
  const ref = (query ?? "").trim().slice(0, 255);
  if (!ref) return { segmentId: seg.id, query: "" };
  const contact = lookupContact(ctx, ws, ref);
  if (!contact) return { segmentId: seg.id, query: ref, error: `No contact has the id, email or user ID “${ref}”.` };
  const names = new Map([...listTags(ctx, ws), ...listSegments(ctx, ws)].map((x) => [x.id, x.name]));
  return { segmentId: seg.id, query: ref, contact, explanation: explainMembership(ctx, ws, seg.id, contact.id), names };
}

/** `GET /segments/:id` and its parts: sizes, members, CSV export, explain. */
export function detailRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  app.get("/:id", async (c) => {
    const ws = c.var.workspace.id;
    const seg = getSegment(ctx, ws, c.req.param("id"));
    const catalog = filterCatalog(ctx, ws);
    const editor = await editorProps(ctx, ws, stateOfSegment(seg, catalog), catalog);
    const fragment = (
      <SegmentPage
        segment={seg} members={editor.savedCount ?? 0} auth={formAuth(c)}
        editor={{ ...editor, csrf: formAuth(c).csrf }}
        sizes={sizes(ctx, seg, c.req.query("sizes"))}
        memberList={members(ctx, seg, c.req.query("after") || undefined)}
        explain={explain(ctx, ws, seg, c.req.query("contact"))}
      />
    );
    return page(c, { title: seg.name, active: "segments", fragment });
  });

  app.get("/:id/sizes", (c) => {
    const seg = getSegment(ctx, c.var.workspace.id, c.req.param("id"));
    return page(c, { title: seg.name, active: "segments", fragment: <SizeHistory id={seg.id} {...sizes(ctx, seg, c.req.query("g"))} /> });
  });

  app.get("/:id/members", (c) => {
    const seg = getSegment(ctx, c.var.workspace.id, c.req.param("id"));
    return page(c, { title: seg.name, active: "segments", fragment: <MemberList {...members(ctx, seg, c.req.query("after") || undefined)} /> });
  });

  app.get("/:id/explain", (c) => {
    const ws = c.var.workspace.id;
    const seg = getSegment(ctx, ws, c.req.param("id"));
    const props = explain(ctx, ws, seg, c.req.query("contact"));
    return page(c, { title: seg.name, active: "segments", fragment: <ExplainPanel {...props} />, status: props.error ? 404 : 200 });
  });

  app.get("/:id/members.csv", (c) => exportMembers(c, ctx));
}

/** `GET /segments/:id/members.csv`: current members, streamed 500 at a time (a slow download holds one chunk). */
function exportMembers(c: Context<AdminEnv>, ctx: Ctx): Response {
  const ws = c.var.workspace.id;
  const seg = getSegment(ctx, ws, c.req.param("id") ?? "");
  const chunks = membersCsv(ctx, ws, seg.id);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start: (controller) => controller.enqueue(encoder.encode("\uFEFF")),
    pull: (controller) => {
      const next = chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    cancel: () => void chunks.return(undefined),
  });
  const slug = seg.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "segment";
  const day = new Date(ctx.clock.now()).toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="parley-${slug}-${day}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
