import { sql } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { prepared } from "../db/prepared.js";
import { contactAliases } from "../db/schema/index.js";
import { invalid } from "../lib/errors.js";
import type { ApplyOpts, IdentityClaims, ProfileInput } from "./inputs.js";
import { mergeContactRows } from "./merge.js";
import { insertContact, LAST_SEEN_RESOLUTION, updateContactRow } from "./profile.js";
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

/** The profile keys a message's visit carries (ingest's `visitProfile`); anything else takes the full path. */
const VISIT_KEYS = new Set<string>(["lastSeenAt", "ip", "userAgent", "utm", "browserLanguage"]);

interface VisitorRow {
  id: string;
  role: string;
  lastSeenAt: number | null;
  lastSeenIp: string | null;
  lastSeenUserAgent: string | null;
  browserLanguage: string | null;
  lastUtm: string | null;
  /** The contact the message's anonymous id points to (user lookups only). */
  anon: string | null;
}

/**
 * The contact a message names when applying it would change nothing: a known user (by user id, its anonymous id
 * already pointing at it) or a known anonymous lead, whose stored visit facts already match `profile` (same ip,
 * user agent, language and UTM; last-seen moved by less than its resolution). This is most events, and it needs
 * one narrow read instead of a full row. Undefined when anything would change: `identifyContact` then decides.
 */
export function findUnchangedContact(ctx: Ctx, workspaceId: string, claims: IdentityClaims, profile: ProfileInput): string | undefined {
  const { userId, anonymousId } = claims;
  if (claims.email !== undefined) return undefined;
  for (const k in profile) if (!VISIT_KEYS.has(k) && profile[k as keyof ProfileInput] !== undefined) return undefined;
  const q = visitorReads(ctx);
  let row: VisitorRow | undefined;
  if (userId) {
    row = q.user.get(anonymousId ?? null, workspaceId, userId);
    if (!row || row.role !== "user" || (anonymousId && row.anon !== row.id)) return undefined;
  } else if (anonymousId) row = q.lead.get(workspaceId, anonymousId);
  return row && visitUnchanged(row, profile) ? row.id : undefined;
}

/** True when `buildPatch` would write nothing for these visit facts (the same comparisons, read from narrow columns). */
function visitUnchanged(row: VisitorRow, p: ProfileInput): boolean {
  const seen = p.lastSeenAt;
  if (seen !== undefined && seen !== row.lastSeenAt && (seen === null || row.lastSeenAt === null || seen >= row.lastSeenAt + LAST_SEEN_RESOLUTION)) return false;
  if (p.browserLanguage !== undefined && p.browserLanguage !== row.browserLanguage) return false;
  if (p.userAgent && p.userAgent !== row.lastSeenUserAgent) return false;
  if (p.ip && p.ip !== row.lastSeenIp) return false;
  const u = p.utm;
  // The column holds drizzle's JSON.stringify of the object, so equal text means an equal object.
  if (u && (u.source || u.medium || u.campaign || u.term || u.content || u.referrer) && JSON.stringify(u) !== row.lastUtm) return false;
  return true;
}

const VISITOR_COLUMNS = `c.id, c.role, c.last_seen_at AS lastSeenAt, c.last_seen_ip AS lastSeenIp, c.last_seen_user_agent AS lastSeenUserAgent,
  c.browser_language AS browserLanguage, c.last_utm AS lastUtm`;

function visitorReads(ctx: Ctx) {
  return prepared(ctx.db, "contacts.visitor", (db) => ({
    user: db.$client.prepare<[string | null, string, string], VisitorRow>(`SELECT ${VISITOR_COLUMNS},
      (SELECT a.contact_id FROM contact_aliases a WHERE a.workspace_id = c.workspace_id AND a.alias = ?) AS anon
      FROM contacts c WHERE c.workspace_id = ? AND c.external_id = ?`),
    lead: db.$client.prepare<[string, string], VisitorRow>(`SELECT ${VISITOR_COLUMNS}, NULL AS anon
      FROM contact_aliases a JOIN contacts c ON c.id = a.contact_id WHERE a.workspace_id = ? AND a.alias = ?`),
  }));
}
