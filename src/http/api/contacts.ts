import { Hono, type Context } from "hono";
import { z } from "zod";
import type { Ctx } from "../../context.js";
import {
  compileContactSearch, createContact, deleteContact, getContact, getContactByExternalId, listContacts, mergeLeadInUser,
  setContactArchived, updateContact, type Contact, type ContactCursor, type ContactPage, type ProfileInput,
} from "../../contacts/index.js";
import type { ApiEnv } from "../middleware/api-auth.js";
import { cursorParams, decodeCursor, encodeCursor, readJson } from "./body.js";
import { contactStub, contactView } from "./contact-json.js";
import { idString, unixTime } from "./schemas.js";

const text = (max: number) => z.string().max(max).nullable().optional();
const time = unixTime.nullable().optional();

const contactBody = z.object({
  role: z.enum(["user", "lead"]).optional(),
  external_id: idString.nullable().optional(),
  email: text(255),
  phone: text(64),
  name: text(255),
  avatar: text(2048),
  signed_up_at: time,
  last_seen_at: time,
  owner_id: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]).nullable().optional(),
  unsubscribed_from_emails: z.boolean().optional(),
  language_override: text(32),
  custom_attributes: z.record(z.string(), z.unknown()).nullable().optional(),
});

const searchBody = z.object({
  query: z.unknown().refine((q) => q !== undefined, "query is required"),
  pagination: z
    .object({ per_page: z.number().int().min(1).optional(), starting_after: z.string().max(512).nullable().optional() })
    .nullable()
    .optional(),
});

const mergeBody = z.object({ from: idString, into: idString });

const cursorShape = z.object({ c: z.number().int(), i: z.string().min(1), p: z.number().int().min(2) });
const MAX_PER_PAGE = 150;

/** Maps the wire body (unix seconds, snake_case) to the domain's profile input (ms). */
function toProfile(b: z.output<typeof contactBody>): ProfileInput {
  return {
    role: b.role, externalId: b.external_id, email: b.email, phone: b.phone, name: b.name, avatar: b.avatar,
    signedUpAt: b.signed_up_at, lastSeenAt: b.last_seen_at, ownerId: b.owner_id, unsubscribedFromEmails: b.unsubscribed_from_emails,
    languageOverride: b.language_override, customAttributes: b.custom_attributes ?? undefined,
  };
}

function decodeContactCursor(cursor: string | null | undefined, field: string): ContactCursor | undefined {
  if (!cursor) return undefined;
  const raw = decodeCursor(cursor, cursorShape, field);
  return { createdAt: raw.c, id: raw.i, page: raw.p };
}

/** `{type:'list', data, total_count, pages}` with a cursor in `pages.next.starting_after` (COMPAT §2.9). */
function listJson(c: Context<ApiEnv>, ctx: Ctx, page: ContactPage, perPage: number) {
  const next = page.next;
  return {
    type: "list",
    data: page.rows.map(contactView(ctx, c.var.workspace)),
    total_count: page.total,
    pages: {
      type: "pages", page: page.page, per_page: perPage, total_pages: page.totalPages,
      ...(next ? { next: { page: next.page, starting_after: encodeCursor({ c: next.createdAt, i: next.id, p: next.page }) } } : {}),
    },
  };
}

/** Contacts: create, list, search, find, update, delete, archive, merge. Register before `/contacts/:id/…` sub-apps. */
export function contactsApp(ctx: Ctx): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const ws = (c: Context<ApiEnv>) => c.var.workspace.id;
  const one = (c: Context<ApiEnv>, contact: Contact) => c.json(contactView(ctx, c.var.workspace)(contact));

  app.post("/contacts", async (c) => one(c, createContact(ctx, ws(c), toProfile(await readJson(c, contactBody)))));

  app.get("/contacts", (c) => {
    const { perPage, startingAfter } = cursorParams(c, { defaultPerPage: 50, maxPerPage: MAX_PER_PAGE });
    const page = listContacts(ctx, ws(c), { perPage, after: decodeContactCursor(startingAfter, "starting_after") });
    return c.json(listJson(c, ctx, page, perPage));
  });

  app.post("/contacts/search", async (c) => {
    const body = await readJson(c, searchBody);
    const perPage = Math.min(body.pagination?.per_page ?? 50, MAX_PER_PAGE);
    const after = decodeContactCursor(body.pagination?.starting_after, "pagination.starting_after");
    const where = compileContactSearch(ctx, { workspaceId: ws(c), timeZone: c.var.workspace.timezone }, body.query);
    return c.json(listJson(c, ctx, listContacts(ctx, ws(c), { perPage, after, where }), perPage));
  });

  app.post("/contacts/merge", async (c) => {
    const body = await readJson(c, mergeBody);
    return one(c, mergeLeadInUser(ctx, ws(c), body.from, body.into));
  });

  app.get("/contacts/find_by_external_id/:external_id", (c) => one(c, getContactByExternalId(ctx, ws(c), c.req.param("external_id"))));

  app.get("/contacts/:id", (c) => one(c, getContact(ctx, ws(c), c.req.param("id"))));

  app.put("/contacts/:id", async (c) => one(c, updateContact(ctx, ws(c), c.req.param("id"), toProfile(await readJson(c, contactBody)))));

  app.delete("/contacts/:id", (c) => c.json(contactStub(deleteContact(ctx, ws(c), c.req.param("id")), { deleted: true })));

  for (const [action, archived] of [["archive", true], ["unarchive", false]] as const) {
    app.post(`/contacts/:id/${action}`, (c) => {
      const contact = setContactArchived(ctx, ws(c), c.req.param("id"), archived);
      ctx.bus.publish("contact.updated", { workspaceId: ws(c), contactId: contact.id });
      return c.json(contactStub(contact, { archived }));
    });
  }
  return app;
}
