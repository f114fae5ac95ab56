import { expect } from "vitest";
import { findContactByExternalId, type Contact } from "../../src/contacts/index.js";
import type { Config } from "../../src/config.js";
import { runJob } from "../../src/jobs/index.js";
import type { BusPayload } from "../../src/lib/bus.js";
import { createSegment, listMembershipHistory, openMemberIds, watchSegments, type Segment } from "../../src/segments/index.js";
import { makeTestApp, type TestApp } from "../helpers/app.js";

export interface SegmentEvent {
  kind: "entered" | "exited";
  segmentId: string;
  contactId: string;
  at: number;
  reason: string;
}

export interface SegTest extends TestApp {
  /** Every segment.entered / segment.exited published, in order. */
  published: SegmentEvent[];
}

/** A test app whose segments follow ingestion (as the server wires it) and that records published segment events. */
export function segTest(opts: { now?: number; config?: Partial<Config> } = {}): SegTest {
  const t = makeTestApp(opts);
  const stop = watchSegments(t.ctx);
  const published: SegmentEvent[] = [];
  const record = (kind: SegmentEvent["kind"]) => (p: BusPayload) =>
    published.push({ kind, segmentId: String(p.segmentId), contactId: p.contactId!, at: Number(p.at), reason: String(p.reason) });
  t.ctx.bus.on("segment.entered", record("entered"));
  t.ctx.bus.on("segment.exited", record("exited"));
  const close = t.close;
  return Object.assign(t, { published, close: () => (stop(), close()) });
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Segment `identify` message for a user (or an anonymous lead when `userId` is undefined). */
export function identify(userId: string | undefined, traits: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return { type: "identify", ...(userId ? { userId } : {}), traits, ...extra };
}

/** Segment `track` message; `at` (ms) backdates it. */
export function track(userId: string, event: string, properties: Record<string, unknown> = {}, at?: number, extra: Record<string, unknown> = {}) {
  return { type: "track", userId, event, properties, ...(at !== undefined ? { timestamp: iso(at) } : {}), ...extra };
}

/** Sends messages through the real Segment endpoint and waits until segment evaluation has run. */
export async function send(t: SegTest, ...batch: Record<string, unknown>[]): Promise<void> {
  const res = await t.segment("/v1/batch", { batch });
  const body = (await res.json()) as { success: boolean; dropped?: unknown[] };
  expect(res.status).toBe(200);
  expect(body.dropped ?? []).toEqual([]);
  await t.ctx.bus.settled();
}

/** Runs the refresh job now (as croner would) and waits for its events. */
export async function refresh(t: SegTest): Promise<void> {
  await runJob(t.ctx, "segments.refresh");
  await t.ctx.bus.settled();
}

/** The contact with this user id. */
export function user(t: SegTest, userId: string): Contact {
  const c = findContactByExternalId(t.ctx, t.workspace.id, userId);
  if (!c) throw new Error(`no contact with user id ${userId}`);
  return c;
}

/** Creates a segment from a definition through the domain verb. */
export async function makeSegment(t: SegTest, def: Record<string, unknown>, name = "Segment"): Promise<Segment> {
  const seg = createSegment(t.ctx, t.workspace.id, { name, ...def });
  await t.ctx.bus.settled();
  return seg;
}

/** User ids (external ids) of the segment's current members, sorted. */
export function members(t: SegTest, segmentId: string): string[] {
  const ids = openMemberIds(t.ctx, segmentId);
  const rows = t.ctx.db.$client.prepare("SELECT coalesce(external_id, id) AS u FROM contacts WHERE id IN (SELECT value FROM json_each(?))").all(JSON.stringify([...ids])) as { u: string }[];
  return rows.map((r) => r.u).sort();
}

/** A contact's stays in one segment as [entered, exited] pairs, oldest first. */
export function stays(t: SegTest, contactId: string, segmentId: string): [number, number | null][] {
  return listMembershipHistory(t.ctx, t.workspace.id, contactId)
    .filter((s) => s.segmentId === segmentId)
    .map((s): [number, number | null] => [s.enteredAt, s.exitedAt])
    .reverse();
}
