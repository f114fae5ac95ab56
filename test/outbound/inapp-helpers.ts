import { createMessage, launchMessage, listContactDeliveries, parseMessageInput, type Delivery } from "../../src/outbound/index.js";
import type { TestApp } from "../helpers/app.js";
import { boot, call, visitor, type Json } from "../widget/helpers.js";

/** A booted widget session: its token and contact id. */
export async function session(t: TestApp, extra: Record<string, unknown> = {}): Promise<{ token: string; contactId: string; visitorId: string }> {
  const visitorId = typeof extra.anonymous_id === "string" ? extra.anonymous_id : visitor();
  const { json } = await boot(t, { anonymous_id: visitorId, ...extra });
  return { token: json.session as string, contactId: json.contact.id as string, visitorId };
}

/** Creates and launches an in-app message for one contact; returns the contact's delivery. */
export async function inApp(t: TestApp, contactId: string, input: Record<string, unknown>): Promise<Delivery> {
  const m = createMessage(t.ctx, t.workspace.id, parseMessageInput({ name: "In-app", channel: "post", audience: { contactId }, ...input }));
  await launchMessage(t.ctx, t.workspace.id, m.id);
  const d = listContactDeliveries(t.ctx, m.id, contactId)[0];
  if (!d) throw new Error("no delivery was queued");
  return d;
}

/** `GET /messenger/inapp` for a page. */
export async function due(t: TestApp, token: string, url: string): Promise<Json> {
  const res = await call(t, token, "GET", `/messenger/inapp?url=${encodeURIComponent(url)}`);
  if (res.status !== 200) throw new Error(`GET /messenger/inapp → ${res.status} ${JSON.stringify(res.json)}`);
  return res.json;
}

export const act = (t: TestApp, token: string, id: string, action: string, body: unknown = {}) =>
  call(t, token, "POST", `/messenger/inapp/${encodeURIComponent(id)}/${action}`, body);
