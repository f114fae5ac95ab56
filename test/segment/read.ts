import { count, eq } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { findCompanyByCompanyId, listContactCompanies } from "../../src/companies/index.js";
import { findContactByAlias, findContactByExternalId } from "../../src/contacts/index.js";
import { contacts, eventSummaries, events, mergeLog, pageViews, sessions } from "../../src/db/schema/index.js";
import type { TestApp } from "../helpers/app.js";

/** Read-backs for Segment tests: what ended up stored, through domain lookups where they exist. */

export const findUser = (t: TestApp, userId: string) => findContactByExternalId(t.ctx, t.workspace.id, userId);
export const findByAnon = (t: TestApp, anonymousId: string) => findContactByAlias(t.ctx, t.workspace.id, anonymousId);
export const findCompany = (t: TestApp, companyId: string) => findCompanyByCompanyId(t.ctx, t.workspace.id, companyId);
export const companiesOf = (t: TestApp, contactId: string) => listContactCompanies(t.ctx, contactId);

export const countEvents = (t: TestApp) => t.ctx.db.select({ n: count() }).from(events).get()!.n;
export const eventsOf = (t: TestApp, contactId: string) =>
  t.ctx.db.select().from(events).where(eq(events.contactId, contactId)).orderBy(events.createdAt).all();
export const summariesOf = (t: TestApp, contactId: string) =>
  t.ctx.db.select().from(eventSummaries).where(eq(eventSummaries.contactId, contactId)).all();
export const pageViewsOf = (t: TestApp, contactId: string) =>
  t.ctx.db.select().from(pageViews).where(eq(pageViews.contactId, contactId)).orderBy(pageViews.createdAt).all();
export const sessionsOf = (t: TestApp, contactId: string) =>
  t.ctx.db.select().from(sessions).where(eq(sessions.contactId, contactId)).orderBy(sessions.startedAt).all();
export const merges = (t: TestApp) => t.ctx.db.select().from(mergeLog).all();

/** Row counts of everything a Segment message can write: equal snapshots mean a repeat changed nothing. */
export function snapshot(t: TestApp): Record<string, unknown> {
  const n = (table: SQLiteTable) => t.ctx.db.select({ n: count() }).from(table).get()!.n;
  return {
    contacts: n(contacts),
    events: n(events),
    pageViews: n(pageViews),
    sessions: n(sessions),
    merges: n(mergeLog),
    sessionCounts: t.ctx.db.select({ id: contacts.id, s: contacts.sessionCount }).from(contacts).orderBy(contacts.id).all(),
    summaries: t.ctx.db.select().from(eventSummaries).orderBy(eventSummaries.contactId, eventSummaries.name).all(),
  };
}
