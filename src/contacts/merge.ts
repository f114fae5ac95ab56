import { and, eq, inArray, sql } from "drizzle-orm";
import type { Ctx } from "../context.js";
import {
  contactAliases, contactCompanies, contactTags, contacts, eventSummaries, events, mergeLog, pageViews, sessions, companies,
} from "../db/schema/index.js";
import { writeDeferred } from "../db/batcher.js";
import { newId } from "../lib/ids.js";
import { AppError } from "../lib/errors.js";
import { mergeAttrs } from "./profile.js";
import type { Contact } from "./queries.js";

/** Other domains (conversations, deliveries…) move their rows here, inside the merge transaction. */
export type MergeHook = (ctx: Ctx, from: Contact, into: Contact) => void;
const hooks: MergeHook[] = [];

/** Registers a synchronous step run inside every merge transaction. */
export function onContactMerge(hook: MergeHook): void {
  hooks.push(hook);
}

/**
 * Merges a lead into another contact, keeping the lead's events, sessions, page views, tags and companies.
 * Two users (two external ids) are never merged. Runs inside the caller's transaction.
 */
export function mergeContactRows(ctx: Ctx, from: Contact, into: Contact, reason: string): Contact {
  if (from.id === into.id) return into;
  if (from.role === "user" && from.externalId && into.externalId && from.externalId !== into.externalId) {
    throw new AppError("CONFLICT", "Two users with different user ids are never merged");
  }
  const now = ctx.clock.now();
  // Event counts a running group commit still holds for the lead must land before its rows move.
  writeDeferred(ctx.db.$client);
  ctx.db.update(events).set({ contactId: into.id }).where(eq(events.contactId, from.id)).run();
  mergeSummaries(ctx, from.id, into.id);
  ctx.db.update(sessions).set({ contactId: into.id }).where(eq(sessions.contactId, from.id)).run();
  ctx.db.update(pageViews).set({ contactId: into.id }).where(eq(pageViews.contactId, from.id)).run();
  ctx.db.run(sql`INSERT OR IGNORE INTO contact_tags (contact_id, tag_id, applied_at, applied_by)
    SELECT ${into.id}, tag_id, applied_at, applied_by FROM contact_tags WHERE contact_id = ${from.id}`);
  const companyIds = ctx.db.select({ id: contactCompanies.companyId }).from(contactCompanies).where(eq(contactCompanies.contactId, from.id)).all();
  ctx.db.run(sql`INSERT OR IGNORE INTO contact_companies (contact_id, company_id, created_at)
    SELECT ${into.id}, company_id, created_at FROM contact_companies WHERE contact_id = ${from.id}`);
  ctx.db.update(contactAliases).set({ contactId: into.id }).where(eq(contactAliases.contactId, from.id)).run();
  for (const hook of hooks) hook(ctx, from, into);
  ctx.db.insert(mergeLog).values({
    id: newId("mrg", now), workspaceId: into.workspaceId, fromContactId: from.id, intoContactId: into.id, reason,
    snapshot: from as unknown as Record<string, unknown>, createdAt: now,
  }).run();
  ctx.db.delete(contactTags).where(eq(contactTags.contactId, from.id)).run();
  ctx.db.delete(contacts).where(eq(contacts.id, from.id)).run();
  // The old id keeps resolving (links, widget cookies) to the surviving contact.
  ctx.db.insert(contactAliases).values({ workspaceId: into.workspaceId, alias: from.id, contactId: into.id, createdAt: now }).onConflictDoNothing().run();
  recountUsers(ctx, companyIds.map((c) => c.id));
  return ctx.db.update(contacts).set({ ...fillGaps(from, into), updatedAt: now }).where(eq(contacts.id, into.id)).returning().get();
}

/** Fields the surviving contact lacks are taken from the merged one. */
function fillGaps(from: Contact, into: Contact): Partial<Contact> {
  const max = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
  return {
    email: into.email ?? from.email,
    emailDomain: into.emailDomain ?? from.emailDomain,
    name: into.name ?? from.name,
    phone: into.phone ?? from.phone,
    avatar: into.avatar ?? from.avatar,
    customAttributes: mergeAttrs(from.customAttributes, into.customAttributes),
    firstUtm: from.createdAt < into.createdAt ? (from.firstUtm ?? into.firstUtm) : (into.firstUtm ?? from.firstUtm),
    lastUtm: into.lastUtm ?? from.lastUtm,
    lastSeenAt: max(into.lastSeenAt, from.lastSeenAt),
    sessionCount: into.sessionCount + from.sessionCount,
    browser: into.browser ?? from.browser,
    os: into.os ?? from.os,
    city: into.city ?? from.city,
    country: into.country ?? from.country,
    countryCode: into.countryCode ?? from.countryCode,
    timezone: into.timezone ?? from.timezone,
    // Coordinates go with the kept city.
    latitude: into.latitude ?? from.latitude,
    longitude: into.latitude !== null ? into.longitude : from.longitude,
  };
}

/** Adds the merged contact's per-event counts into the survivor's. */
function mergeSummaries(ctx: Ctx, fromId: string, intoId: string): void {
  ctx.db.run(sql`INSERT INTO event_summaries (contact_id, name, workspace_id, count, first_at, last_at)
    SELECT ${intoId}, name, workspace_id, count, first_at, last_at FROM event_summaries WHERE contact_id = ${fromId}
    ON CONFLICT (contact_id, name) DO UPDATE SET count = count + excluded.count,
      first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at)`);
  ctx.db.delete(eventSummaries).where(eq(eventSummaries.contactId, fromId)).run();
}

/** Recomputes companies.user_count for the given companies. */
export function recountUsers(ctx: Ctx, companyIds: string[]): void {
  if (companyIds.length === 0) return;
  ctx.db
    .update(companies)
    .set({ userCount: sql`(SELECT count(*) FROM contact_companies cc WHERE cc.company_id = ${companies.id})` })
    .where(and(inArray(companies.id, companyIds)))
    .run();
}
