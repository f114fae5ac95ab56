import { startConversation } from "../../src/conversations/index.js";
import { makeContact } from "../api/factories.js";
import { addOperator, as, get, HX, makeTestApp, owner, post, type Browser, type TestApp } from "../admin/support.js";

export { addOperator, as, get, HX, makeContact, makeTestApp, owner, post, type Browser, type TestApp };

/** A conversation started by a new contact (through the domain verb, as the messenger and the API do). */
export function contactWrites(t: TestApp, body: string, contactOver: Parameters<typeof makeContact>[1] = {}) {
  const contact = makeContact(t, contactOver);
  const { conversation } = startConversation(t.ctx, contact.workspaceId, { contactId: contact.id, body });
  return { contact, conversation };
}

/** Conversation ids listed in an inbox response, in order. */
export function listedIds(html: string): number[] {
  return [...html.matchAll(/<li class="inbox-row[^"]*" data-conversation="(\d+)"/g)].map((m) => Number(m[1]));
}

/** An htmx form POST to the inbox carrying the page's CSRF header and workspace, as the shell sends them. */
export function hxPost(t: TestApp, path: string, fields: Record<string, string>, who: Browser): Promise<Response> {
  return post(t, path, fields, who, { csrf: false, headers: { ...HX, "x-csrf-token": who.csrf, "x-parley-workspace": t.workspace.id } });
}
