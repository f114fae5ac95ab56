import { Hono, type Context } from "hono";
import { z } from "zod";
import type { Ctx } from "../../context.js";
import { getContact } from "../../contacts/index.js";
import { invalid } from "../../lib/errors.js";
import {
  countMembersOffThread, createSegmentOffThread, deleteSegment, explainMembership, getSegment, listContactSegments, listMembers, listSegments,
  listSizes, updateSegmentOffThread, type ExplainedNode, type Segment, type ValueKind,
} from "../../segments/index.js";
import type { ApiEnv } from "../middleware/api-auth.js";
import { cursorParams, decodeCursor, encodeCursor, readJson } from "./body.js";
import { contactView } from "./contact-json.js";
import { seconds } from "./serialize.js";

/** The definition is checked by the segments domain, which names the failing path (`conditions[2].op`). */
const anyObject = z.record(z.string(), z.unknown());
const cursorShape = z.object({ i: z.string().min(1), p: z.number().int().min(2) });

/** Intercom's segment object; `count` only when asked for, the definition only on single-segment answers. */
function segmentJson(s: Segment, opts: { count?: number | undefined; definition?: boolean } = {}) {
  const def = s.definition as { match: string; conditions: unknown[] };
  return {
    type: "segment", id: s.id, name: s.name, created_at: seconds(s.createdAt), updated_at: seconds(s.updatedAt), person_type: s.personType,
    ...(opts.count !== undefined ? { count: opts.count } : {}),
    ...(opts.definition ? { match: def.match, conditions: def.conditions } : {}),
  };
}

const wantsCount = (c: Context) => c.req.query("include_count") === "true";

/** API values: dates (ms in the domain) become unix seconds, as everywhere in the Intercom API. */
function publicValue(v: unknown, kind: ValueKind | undefined, item?: ValueKind): unknown {
  if (kind === "date" && typeof v === "number") return seconds(v);
  if (kind === "list" && Array.isArray(v)) return v.map((x) => publicValue(x, item));
  return v;
}

function explainedJson(n: ExplainedNode): Record<string, unknown> {
  return {
    path: n.path || "(root)", kind: n.kind, condition: n.condition, pass: n.pass,
    ...(n.actualKind ? { actual: publicValue(n.actual, n.actualKind, n.itemKind), actual_type: n.actualKind } : {}),
    ...(n.children ? { children: n.children.map(explainedJson) } : {}),
  };
}

/** A page of members in Intercom's list shape, with the cursor in `pages.next.starting_after`. */
async function membersJson(ctx: Ctx, c: Context<ApiEnv>) {
  const seg = getSegment(ctx, c.var.workspace.id, c.req.param("id")!);
  const { perPage, startingAfter } = cursorParams(c);
  const cursor = startingAfter ? decodeCursor(startingAfter, cursorShape) : undefined;
  const rows = listMembers(ctx, seg.id, { after: cursor?.i, limit: perPage + 1 });
  const page = rows.slice(0, perPage);
  const total = (await countMembersOffThread(ctx, [seg.id])).get(seg.id) ?? 0;
  const pageNo = cursor?.p ?? 1;
  const next = rows.length > perPage ? { page: pageNo + 1, starting_after: encodeCursor({ i: page.at(-1)!.id, p: pageNo + 1 }) } : undefined;
  return {
    type: "list", data: page.map(contactView(ctx, c.var.workspace)), total_count: total,
    pages: { type: "pages", page: pageNo, per_page: perPage, total_pages: Math.ceil(total / perPage), ...(next ? { next } : {}) },
  };
}

/** Size history (`?granularity=hour|day`, default day), bucket starts in unix seconds. */
function historyJson(ctx: Ctx, c: Context<ApiEnv>) {
  const seg = getSegment(ctx, c.var.workspace.id, c.req.param("id")!);
  const granularity = c.req.query("granularity") ?? "day";
  if (granularity !== "hour" && granularity !== "day") throw invalid("granularity", "granularity must be hour or day", "parameter_invalid");
  const data = listSizes(ctx, seg.id, granularity).map((b) => ({ at: seconds(b.bucketStart), count: b.count }));
  return { type: "segment.history", id: seg.id, granularity, data };
}

/** Segments (`/segments`), their members, explain and size history, and a contact's segments. */
export function segmentsApp(ctx: Ctx): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const ws = (c: Context<ApiEnv>) => c.var.workspace.id;

  // Counts are read off the main thread (large segments take milliseconds each), after the recompute they follow.
  const counted = async (ids: string[], wanted = true) => (wanted ? await countMembersOffThread(ctx, ids) : new Map<string, number>());

  app.get("/segments", async (c) => {
    const list = listSegments(ctx, ws(c));
    const counts = await counted(list.map((s) => s.id), wantsCount(c));
    return c.json({ type: "segment.list", segments: list.map((s) => segmentJson(s, { count: counts.get(s.id) })) });
  });

  app.post("/segments", async (c) => {
    const seg = await createSegmentOffThread(ctx, ws(c), await readJson(c, anyObject));
    return c.json(segmentJson(seg, { count: (await counted([seg.id])).get(seg.id) ?? 0, definition: true }));
  });

  app.get("/segments/:id", async (c) => {
    const seg = getSegment(ctx, ws(c), c.req.param("id"));
    return c.json(segmentJson(seg, { count: (await counted([seg.id], wantsCount(c))).get(seg.id), definition: true }));
  });

  app.put("/segments/:id", async (c) => {
    const seg = await updateSegmentOffThread(ctx, ws(c), c.req.param("id"), await readJson(c, anyObject));
    return c.json(segmentJson(seg, { count: (await counted([seg.id])).get(seg.id) ?? 0, definition: true }));
  });

  app.delete("/segments/:id", (c) => {
    const seg = deleteSegment(ctx, ws(c), c.req.param("id"));
    return c.json({ type: "segment", id: seg.id, deleted: true });
  });

  app.get("/segments/:id/contacts", async (c) => c.json(await membersJson(ctx, c)));

  app.get("/segments/:id/explain/:contactId", (c) => {
    const e = explainMembership(ctx, ws(c), c.req.param("id"), c.req.param("contactId"));
    return c.json({
      type: "segment.explanation", segment_id: e.segmentId, contact_id: e.contactId, member: e.member, archived: e.archived,
      stored: { member: e.stored.member, entered_at: seconds(e.stored.enteredAt) }, root: explainedJson(e.root),
    });
  });

  app.get("/segments/:id/history", (c) => c.json(historyJson(ctx, c)));

  app.get("/contacts/:id/segments", (c) => {
    const contact = getContact(ctx, ws(c), c.req.param("id"));
    return c.json({ type: "list", data: listContactSegments(ctx, ws(c), contact.id).map((s) => segmentJson(s)) });
  });

  return app;
}
