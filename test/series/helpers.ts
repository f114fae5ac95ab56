import { and, asc, eq, inArray } from "drizzle-orm";
import { createContact } from "../../src/contacts/index.js";
import { deliveries, seriesEnrollments } from "../../src/db/schema/index.js";
import { submitEvent } from "../../src/events/index.js";
import { createSeries, currentVersion, findTemplate, getSeries, launchSeries, listVersions, watchSeries, type SeriesDefinition } from "../../src/series/index.js";
import { makeTestApp, type TestApp } from "../helpers/app.js";

export interface SeriesTest extends TestApp {
  ws: string;
}

/** A test app with the series engine listening to the bus (as the server does). */
export function seriesTest(now?: number): SeriesTest {
  const t = makeTestApp(now === undefined ? {} : { now });
  watchSeries(t.ctx);
  return Object.assign(t, { ws: t.workspace.id });
}

/** Creates and launches a series from a template key or a definition. */
export function liveSeries(t: SeriesTest, def: string | SeriesDefinition, name = "Series"): string {
  const definition = typeof def === "string" ? findTemplate(def)!.definition : def;
  const s = createSeries(t.ctx, t.ws, { name, definition });
  launchSeries(t.ctx, t.ws, s.id);
  return s.id;
}

let n = 0;
/** A new contact (user) with optional sign-up time. */
export function contact(t: SeriesTest, name: string, extra: { signedUpAt?: number; timezone?: string } = {}): string {
  n++;
  const c = createContact(t.ctx, t.ws, { email: `${name.toLowerCase()}${n}@example.com`, name, externalId: `u${n}`, ...(extra.signedUpAt !== undefined ? { signedUpAt: extra.signedUpAt } : {}) });
  return c.id;
}

/** Records an event now (as the API would) and lets the bus deliver. */
export async function track(t: SeriesTest, contactId: string, name: string, metadata: Record<string, unknown> = {}): Promise<void> {
  submitEvent(t.ctx, t.ws, { name, createdAt: t.clock.now(), contact: { id: contactId }, metadata });
  await t.ctx.bus.settled();
}

/** Send step id of every delivery the contact got from a series, with its time, in order. */
export function sends(t: SeriesTest, seriesId: string, contactId: string): { step: string; at: number; status: string }[] {
  const byMessage = new Map<string, string>();
  for (const v of listVersions(t.ctx, seriesId)) for (const [step, msg] of Object.entries(v.messageIds)) byMessage.set(msg, step);
  const enr = t.ctx.db.select({ id: seriesEnrollments.id }).from(seriesEnrollments)
    .where(and(eq(seriesEnrollments.seriesId, seriesId), eq(seriesEnrollments.contactId, contactId))).all().map((r) => r.id);
  if (enr.length === 0) return [];
  return t.ctx.db.select().from(deliveries).where(inArray(deliveries.enrollmentId, enr)).orderBy(asc(deliveries.createdAt), asc(deliveries.id)).all()
    .map((d) => ({ step: byMessage.get(d.messageId) ?? d.messageId, at: d.createdAt, status: d.status }));
}

/** The current version's send-step → message map. */
export function messageIds(t: SeriesTest, seriesId: string): Record<string, string> {
  return currentVersion(t.ctx, getSeries(t.ctx, t.ws, seriesId)).messageIds;
}
