import { expect } from "vitest";
import { findContactByExternalId, type Contact } from "../../src/contacts/index.js";
import { get, HX, makeTestApp, owner, post, T0, type Browser, type TestApp } from "../admin/support.js";

export { get, HX, makeTestApp, owner, post, T0, type Browser, type TestApp };

const iso = (ms: number) => new Date(ms).toISOString();

/** Segment `identify` for a user (traits become attributes; unknown ones are registered as custom attributes). */
export function identify(userId: string, traits: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return { type: "identify", userId, traits, ...extra };
}

/** Segment `track`; `at` (ms) backdates it. */
export function track(userId: string, event: string, properties: Record<string, unknown> = {}, at?: number) {
  return { type: "track", userId, event, properties, ...(at !== undefined ? { timestamp: iso(at) } : {}) };
}

/** Sends messages through the real Segment endpoint and waits for the bus to settle. */
export async function send(t: TestApp, ...batch: Record<string, unknown>[]): Promise<void> {
  const res = await t.segment("/v1/batch", { batch });
  const body = (await res.json()) as { dropped?: unknown[] };
  expect(res.status).toBe(200);
  expect(body.dropped ?? []).toEqual([]);
  await t.ctx.bus.settled();
}

/** The contact with this user id. */
export function user(t: TestApp, userId: string): Contact {
  const c = findContactByExternalId(t.ctx, t.workspace.id, userId);
  if (!c) throw new Error(`no contact ${userId}`);
  return c;
}

/** `?f=` value for a definition. */
export function f(def: unknown): string {
  return Buffer.from(JSON.stringify(def)).toString("base64url");
}

/** Contact ids listed in a contacts list response, in order. */
export function listedIds(html: string): string[] {
  return [...html.matchAll(/name="ids" value="([^"]+)"/g)].map((m) => m[1]!);
}

/** The "Next page" link of a list response, if any. */
export function nextLink(html: string): string | undefined {
  return /<a class="btn btn-small" rel="next" href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, "&");
}

/** The live count shown above the table. */
export function shownCount(html: string): number | undefined {
  const m = /id="contact-count"[^>]*><strong>([\d,]+)<\/strong>/.exec(html);
  return m ? Number(m[1]!.replace(/,/g, "")) : undefined;
}
