import { Hono, type Context } from "hono";
import { z } from "zod";
import type { Ctx } from "../../context.js";
import { findContactByEmail, findContactByExternalId, getContact, type Contact } from "../../contacts/index.js";
import { listContactEvents, listEventSummaries, publicMetadata, submitEvent, type EventRow } from "../../events/index.js";
import { AppError } from "../../lib/errors.js";
import type { ApiEnv } from "../middleware/api-auth.js";
import { decodeCursor, encodeCursor, parseWith, readJson } from "./body.js";
import { idString, unixTime } from "./schemas.js";
import { seconds } from "./serialize.js";

const eventBody = z.object({
  event_name: z.string().min(1).max(255),
  created_at: unixTime.optional(),
  user_id: idString.optional(),
  id: idString.optional(),
  email: z.string().max(255).optional(),
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
});

const listQuery = z.object({
  type: z.literal("user", { error: "type must be user" }),
  user_id: z.string().min(1).optional(),
  email: z.string().min(1).optional(),
  intercom_user_id: z.string().min(1).optional(),
  per_page: z.coerce.number().int().min(1).optional(),
  summary: z.enum(["true", "false"]).optional(),
  before: z.string().optional(),
});

const cursorShape = z.object({ c: z.number().int(), i: z.string().min(1) });
const DEFAULT_PER_PAGE = 15;
const MAX_PER_PAGE = 150;

/** The contact a `GET /events` names with exactly one of user_id, email or intercom_user_id. */
function listedContact(ctx: Ctx, workspaceId: string, q: z.output<typeof listQuery>): Contact {
  const given = [q.user_id, q.email, q.intercom_user_id].filter((v) => v !== undefined).length;
  if (given !== 1) throw new AppError("VALIDATION", "Exactly one of user_id, email or intercom_user_id is required", { field: "user_id", publicCode: "parameter_not_found" });
  if (q.intercom_user_id) return getContact(ctx, workspaceId, q.intercom_user_id);
  const found = q.user_id ? findContactByExternalId(ctx, workspaceId, q.user_id) : findContactByEmail(ctx, workspaceId, q.email ?? "");
  if (!found) throw new AppError("NOT_FOUND", "User Not Found");
  return found;
}

function eventJson(e: EventRow, contact: Contact) {
  return {
    type: "event", id: e.id, event_name: e.name, created_at: seconds(e.createdAt), user_id: contact.externalId, email: contact.email,
    intercom_user_id: contact.id, metadata: publicMetadata(e.metadata),
  };
}

/** `pages.next` is an absolute URL (older clients follow it literally), on the public base URL. */
function nextUrl(c: Context<ApiEnv>, ctx: Ctx, perPage: number, cursor: string): string {
  const query = new URLSearchParams({ ...c.req.query(), per_page: String(perPage), before: cursor });
  return `${ctx.config.PUBLIC_URL}${c.req.path}?${query.toString()}`;
}

/** Data events: submit (`POST /events`, 202 with no body) and a contact's list or summary (`GET /events`). */
export function eventsApp(ctx: Ctx): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.post("/events", async (c) => {
    const b = await readJson(c, eventBody);
    submitEvent(ctx, c.var.workspace.id, {
      name: b.event_name, createdAt: b.created_at ?? ctx.clock.now(), contact: { id: b.id, externalId: b.user_id, email: b.email },
      metadata: b.metadata ?? undefined,
    });
    return c.body(null, 202);
  });

  app.get("/events", (c) => {
    const q = parseWith(listQuery, c.req.query(), "query");
    const contact = listedContact(ctx, c.var.workspace.id, q);
    if (q.summary === "true") {
      return c.json({
        type: "event.summary", email: contact.email, intercom_user_id: contact.id, user_id: contact.externalId,
        events: listEventSummaries(ctx, contact.id).map((s) => ({
          name: s.name, first: seconds(s.firstAt), last: seconds(s.lastAt), count: s.count, description: s.description ?? "",
        })),
      });
    }
    const perPage = Math.min(q.per_page ?? DEFAULT_PER_PAGE, MAX_PER_PAGE);
    const raw = q.before ? decodeCursor(q.before, cursorShape, "before") : undefined;
    const page = listContactEvents(ctx, contact.id, { perPage, before: raw && { createdAt: raw.c, id: raw.i } });
    const next = page.next && nextUrl(c, ctx, perPage, encodeCursor({ c: page.next.createdAt, i: page.next.id }));
    return c.json({ type: "event.list", events: page.rows.map((e) => eventJson(e, contact)), pages: next ? { next } : {} });
  });

  return app;
}
