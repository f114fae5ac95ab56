import { and, eq, sql } from "drizzle-orm";
import { prepared } from "../db/prepared.js";
import type { Ctx } from "../context.js";
import { contactAliases, contacts } from "../db/schema/index.js";
import { notFound } from "../lib/errors.js";

export type Contact = typeof contacts.$inferSelect;

/** A way callers name a contact: our id, the product's user id, an email, or an anonymous/visitor id. */
export interface ContactRef {
  id?: string | undefined;
  externalId?: string | undefined;
  email?: string | undefined;
  anonymousId?: string | undefined;
}

/** Contact by our id within a workspace, or undefined. Follows merge aliases. */
export function findContact(ctx: Ctx, workspaceId: string, id: string): Contact | undefined {
  const q = prepared(ctx.db, "contacts.byId", (db) =>
    db.select().from(contacts).where(and(eq(contacts.workspaceId, sql.placeholder("ws")), eq(contacts.id, sql.placeholder("id")))).prepare());
  const row = q.get({ ws: workspaceId, id });
  return row ?? findContactByAlias(ctx, workspaceId, id);
}

/** Contact by our id; throws NOT_FOUND ("User Not Found", as Intercom says). */
export function getContact(ctx: Ctx, workspaceId: string, id: string): Contact {
  const row = findContact(ctx, workspaceId, id);
  if (!row) throw notFound("User Not Found");
  return row;
}

export function findContactByExternalId(ctx: Ctx, workspaceId: string, externalId: string): Contact | undefined {
  const q = prepared(ctx.db, "contacts.byExternalId", (db) =>
    db.select().from(contacts).where(and(eq(contacts.workspaceId, sql.placeholder("ws")), eq(contacts.externalId, sql.placeholder("ext")))).prepare());
  return q.get({ ws: workspaceId, ext: externalId });
}

/** The oldest contact with this email, users before leads. */
export function findContactByEmail(ctx: Ctx, workspaceId: string, email: string, role?: "user" | "lead"): Contact | undefined {
  const q = prepared(ctx.db, `contacts.byEmail:${role ?? "any"}`, (db) => {
    const conds = [eq(contacts.workspaceId, sql.placeholder("ws")), sql`lower(${contacts.email}) = ${sql.placeholder("email")}`];
    if (role) conds.push(eq(contacts.role, role));
    return db
      .select()
      .from(contacts)
      .where(and(...conds))
      .orderBy(sql`case ${contacts.role} when 'user' then 0 else 1 end`, contacts.createdAt)
      .limit(1)
      .prepare();
  });
  return q.get({ ws: workspaceId, email: email.toLowerCase() });
}

/** Contact an alias (anonymous id, visitor id, merged-away id) points to. */
export function findContactByAlias(ctx: Ctx, workspaceId: string, alias: string): Contact | undefined {
  const q = prepared(ctx.db, "contacts.byAlias", (db) =>
    db
      .select({ c: contacts })
      .from(contactAliases)
      .innerJoin(contacts, eq(contacts.id, contactAliases.contactId))
      .where(and(eq(contactAliases.workspaceId, sql.placeholder("ws")), eq(contactAliases.alias, sql.placeholder("alias"))))
      .prepare());
  return q.get({ ws: workspaceId, alias })?.c;
}

/** First match by id, then external id, then email, then anonymous id. */
export function findContactByRef(ctx: Ctx, workspaceId: string, ref: ContactRef): Contact | undefined {
  if (ref.id) return findContact(ctx, workspaceId, ref.id);
  if (ref.externalId) return findContactByExternalId(ctx, workspaceId, ref.externalId);
  if (ref.email) return findContactByEmail(ctx, workspaceId, ref.email);
  if (ref.anonymousId) return findContactByAlias(ctx, workspaceId, ref.anonymousId);
  return undefined;
}
