import { Hono, type Context } from "hono";
import { z } from "zod";
import type { Ctx } from "../../context.js";
import { deleteContact, listContacts, type Contact, type ProfileInput } from "../../contacts/index.js";
import { findLegacyUser, upsertLegacyUser, type LegacyCompany } from "../../contacts/legacy-user.js";
import { invalid, notFound } from "../../lib/errors.js";
import type { ApiEnv } from "../middleware/api-auth.js";
import { nextPageUrl, pageParams, pagesFor, parseWith, readJson } from "./body.js";
import { legacyUserView } from "./contact-json.js";
import { idString, unixTime } from "./schemas.js";

const text = (max: number) => z.string().max(max).nullable().optional();
const time = unixTime.nullable().optional();
const attrs = z.record(z.string(), z.unknown()).nullable().optional();

const legacyCompany = z.object({
  company_id: idString.optional(),
  /** API 1.x: the product's own company id, not ours. */
  id: idString.optional(),
  name: text(255), plan: text(255), website: text(255), industry: text(255),
  monthly_spend: z.number().nullable().optional(),
  size: z.number().int().nullable().optional(),
  remote_created_at: time,
  created_at: time,
  custom_attributes: attrs,
  remove: z.boolean().optional(),
});

const userBody = z.object({
  id: idString.optional(),
  user_id: idString.optional(),
  email: text(255), name: text(255), phone: text(64), avatar: text(2048),
  signed_up_at: time, remote_created_at: time, created_at: time,
  last_request_at: time,
  update_last_request_at: z.boolean().optional(),
  new_session: z.boolean().optional(),
  last_seen_ip: z.string().max(64).optional(),
  last_seen_user_agent: z.string().max(1024).optional(),
  unsubscribed_from_emails: z.boolean().optional(),
  custom_attributes: attrs,
  custom_data: attrs,
  companies: z.array(legacyCompany).max(100).optional(),
});

const lookup = z.object({ id: z.string().min(1).optional(), user_id: z.string().min(1).optional(), email: z.string().min(1).optional() });

type UserBody = z.output<typeof userBody>;

/** API 1.x names → our profile: `created_at` means signed up, `custom_data` is custom attributes. */
function toProfile(ctx: Ctx, b: UserBody): ProfileInput {
  const signedUp = b.signed_up_at !== undefined ? b.signed_up_at : b.remote_created_at !== undefined ? b.remote_created_at : b.created_at;
  const custom = b.custom_data || b.custom_attributes ? { ...b.custom_data, ...b.custom_attributes } : undefined;
  return {
    externalId: b.user_id, email: b.email, name: b.name, phone: b.phone, avatar: b.avatar, signedUpAt: signedUp,
    lastSeenAt: b.update_last_request_at ? ctx.clock.now() : b.last_request_at, unsubscribedFromEmails: b.unsubscribed_from_emails,
    customAttributes: custom, ip: b.last_seen_ip, userAgent: b.last_seen_user_agent,
  };
}

function toCompanies(b: UserBody): LegacyCompany[] | undefined {
  return b.companies?.map((co) => ({
    companyId: co.company_id ?? co.id ?? "", name: co.name, plan: co.plan, website: co.website, industry: co.industry,
    monthlySpend: co.monthly_spend, size: co.size, remoteCreatedAt: co.remote_created_at !== undefined ? co.remote_created_at : co.created_at,
    customAttributes: co.custom_attributes ?? undefined, remove: co.remove,
  }));
}

/** The user named by `?id=|user_id=|email=` (or the same keys in a DELETE body); 404 when unknown. */
function namedUser(ctx: Ctx, workspaceId: string, q: z.output<typeof lookup>): Contact {
  if (!q.id && !q.user_id && !q.email) throw invalid("user_id", "One of id, user_id or email is required", "parameter_not_found");
  const user = findLegacyUser(ctx, workspaceId, q.id, q.user_id, q.email);
  if (!user) throw notFound("User Not Found");
  return user;
}

/** API 1.x `/users` for the `intercom.io` client: upsert, find, list (page numbers), delete. */
export function usersApp(ctx: Ctx): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const view = (c: Context<ApiEnv>) => legacyUserView(ctx, c.var.workspace);
  const ws = (c: Context<ApiEnv>) => c.var.workspace.id;

  app.post("/users", async (c) => {
    const b = await readJson(c, userBody);
    const { contact } = upsertLegacyUser(ctx, ws(c), { id: b.id, profile: toProfile(ctx, b), newSession: b.new_session, companies: toCompanies(b) });
    return c.json(view(c)(contact));
  });

  app.get("/users", (c) => {
    const q = parseWith(lookup, c.req.query(), "query");
    if (q.id || q.user_id || q.email) return c.json(view(c)(namedUser(ctx, ws(c), q)));
    const p = pageParams(c, { defaultPerPage: 50, maxPerPage: 60 });
    const page = listContacts(ctx, ws(c), { perPage: p.perPage, offset: p.offset, role: "user" });
    const pages = pagesFor(p, page.total, nextPageUrl(c, ctx.config.PUBLIC_URL, p));
    return c.json({ type: "user.list", total_count: page.total, users: page.rows.map(view(c)), pages });
  });

  app.get("/users/:id", (c) => c.json(view(c)(namedUser(ctx, ws(c), { id: c.req.param("id") }))));

  // The answer is the user as it was: serialize before its tags and companies go with it.
  const remove = (c: Context<ApiEnv>, user: Contact) => {
    const json = view(c)(user);
    deleteContact(ctx, ws(c), user.id);
    return c.json(json);
  };
  app.delete("/users/:id", (c) => remove(c, namedUser(ctx, ws(c), { id: c.req.param("id") })));
  app.delete("/users", async (c) => {
    const body = await readJson(c, lookup);
    const q = parseWith(lookup, c.req.query(), "query");
    return remove(c, namedUser(ctx, ws(c), { ...body, ...q }));
  });

  return app;
}
