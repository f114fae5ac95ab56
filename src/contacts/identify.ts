import { sql } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { prepared } from "../db/prepared.js";
import { contactAliases } from "../db/schema/index.js";
import { invalid } from "../lib/errors.js";
import type { ApplyOpts, IdentityClaims, ProfileInput } from "./inputs.js";
import { mergeContactRows } from "./merge.js";
import { insertContact, updateContactRow } from "./profile.js";
import { findContactByAlias, findContactByEmail, findContactByExternalId, type Contact } from "./queries.js";

export interface IdentifyResult {
  contact: Contact;
  created: boolean;
  /** Id of a lead merged into the contact by this call. */
  mergedFrom?: string;
}

/**
 * Finds or creates the contact named by `claims` and applies `profile`, inside the caller's transaction.
 * Order (Segment's Intercom mapping): external id → anonymous id → email. A known anonymous lead seen
 * with a user id becomes that user, or is merged into the existing user. Two user ids are never merged.
 */
export function identifyContact(ctx: Ctx, workspaceId: string, claims: IdentityClaims, profile: ProfileInput, opts: ApplyOpts): IdentifyResult {
  const { userId, anonymousId } = claims;
  if (!userId && !anonymousId && !claims.email) throw invalid("userId", "userId or anonymousId is required");
  const byAnon = anonymousId ? findContactByAlias(ctx, workspaceId, anonymousId) : undefined;
  if (userId) return identifyUser(ctx, workspaceId, userId, byAnon, anonymousId, claims.email, profile, opts);
  let contact = byAnon ?? (claims.email ? findContactByEmail(ctx, workspaceId, claims.email) : undefined);
  const created = !contact;
  contact = contact ? updateContactRow(ctx, workspaceId, contact, profile, opts) : insertContact(ctx, workspaceId, { role: "lead", ...profile }, opts);
  if (anonymousId && !byAnon) addAlias(ctx, workspaceId, anonymousId, contact.id);
  return { contact, created };
}

function identifyUser(
  ctx: Ctx, workspaceId: string, userId: string, byAnon: Contact | undefined, anonymousId: string | undefined,
  email: string | undefined, profile: ProfileInput, opts: ApplyOpts,
): IdentifyResult {
  const user = findContactByExternalId(ctx, workspaceId, userId);
  const upgrade: ProfileInput = { ...profile, role: "user", externalId: userId };
  if (user) {
    let contact = user;
    let mergedFrom: string | undefined;
    if (byAnon && byAnon.id !== user.id) {
      if (!byAnon.externalId) {
        contact = mergeContactRows(ctx, byAnon, user, "identify");
        mergedFrom = byAnon.id;
      } else if (anonymousId) {
        // The device now belongs to another user: point the anonymous id at the latest one, merge nothing.
        repointAlias(ctx, workspaceId, anonymousId, user.id);
      }
    } else if (anonymousId && !byAnon) addAlias(ctx, workspaceId, anonymousId, user.id);
    contact = updateContactRow(ctx, workspaceId, contact, upgrade, opts);
    return mergedFrom ? { contact, created: false, mergedFrom } : { contact, created: false };
  }
  // A lead known by this device, or an id-less user/lead with this email, becomes the user.
  const adoptable = byAnon && !byAnon.externalId ? byAnon : email ? adoptableByEmail(ctx, workspaceId, email) : undefined;
  if (adoptable) {
    if (anonymousId && !byAnon) addAlias(ctx, workspaceId, anonymousId, adoptable.id);
    return { contact: updateContactRow(ctx, workspaceId, adoptable, upgrade, opts), created: false };
  }
  const contact = insertContact(ctx, workspaceId, upgrade, opts);
  if (anonymousId) repointAlias(ctx, workspaceId, anonymousId, contact.id);
  return { contact, created: true };
}

function adoptableByEmail(ctx: Ctx, workspaceId: string, email: string): Contact | undefined {
  const c = findContactByEmail(ctx, workspaceId, email);
  return c && !c.externalId ? c : undefined;
}

/** Records another id (anonymous id, visitor id) the contact answers to. */
export function addAlias(ctx: Ctx, workspaceId: string, alias: string, contactId: string): void {
  aliasWrites(ctx).add.run({ ws: workspaceId, alias, contact: contactId, at: ctx.clock.now() });
}

function repointAlias(ctx: Ctx, workspaceId: string, alias: string, contactId: string): void {
  aliasWrites(ctx).repoint.run({ ws: workspaceId, alias, contact: contactId, at: ctx.clock.now() });
}

/** Every browser's first message adds an alias: prepared once per connection. */
function aliasWrites(ctx: Ctx) {
  const p = (name: string) => sql.placeholder(name);
  return prepared(ctx.db, "contacts.aliases", (db) => {
    const row = { workspaceId: p("ws"), alias: p("alias"), contactId: p("contact"), createdAt: p("at") };
    return {
      add: db.insert(contactAliases).values(row).onConflictDoNothing().prepare(),
      repoint: db.insert(contactAliases).values(row)
        .onConflictDoUpdate({ target: [contactAliases.workspaceId, contactAliases.alias], set: { contactId: sql`excluded.contact_id` } }).prepare(),
    };
  });
}
