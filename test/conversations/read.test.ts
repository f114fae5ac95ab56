import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  addPart, assignConversation, countUnreadForContact, getConversation, inboxCounts, markRead, readMarker, setTeamRead, startConversation,
} from "../../src/conversations/index.js";
import type { BusPayload } from "../../src/lib/bus.js";
import { makeOperator, setup } from "./helpers.js";

let t: ReturnType<typeof setup>;
beforeEach(() => {
  t = setup();
});
afterEach(() => t.close());

describe("read markers and unread counts", () => {
  it("counts the team's public messages the contact has not read, across conversations", async () => {
    const ws = t.workspace.id;
    const op = { type: "operator" as const, operatorId: t.op.id };
    const a = startConversation(t.ctx, ws, { contactId: t.contact.id, body: "a" }).conversation;
    const b = startConversation(t.ctx, ws, { contactId: t.contact.id, body: "b" }).conversation;
    expect(countUnreadForContact(t.ctx, ws, t.contact.id)).toBe(0);
    addPart(t.ctx, ws, a.id, { author: op, body: "one" });
    const two = addPart(t.ctx, ws, a.id, { author: op, body: "two" }).part;
    addPart(t.ctx, ws, a.id, { author: op, kind: "note", body: "private" });
    addPart(t.ctx, ws, b.id, { author: op, body: "three" });
    expect(countUnreadForContact(t.ctx, ws, t.contact.id)).toBe(3);

    const reads: BusPayload[] = [];
    t.ctx.bus.on("conversation.read", (p) => reads.push(p));
    expect(markRead(t.ctx, ws, a.id, { type: "contact", contactId: t.contact.id }, two.id - 1).changed).toBe(true);
    expect(countUnreadForContact(t.ctx, ws, t.contact.id)).toBe(2);
    expect(markRead(t.ctx, ws, a.id, { type: "contact", contactId: t.contact.id }).changed).toBe(true);
    expect(countUnreadForContact(t.ctx, ws, t.contact.id)).toBe(1);
    expect(readMarker(t.ctx, a.id, { type: "contact", contactId: t.contact.id })).toBe(getConversation(t.ctx, ws, a.id).lastPartId);
    // Never moves back, and an unchanged marker publishes nothing.
    expect(markRead(t.ctx, ws, a.id, { type: "contact", contactId: t.contact.id }, 1).changed).toBe(false);
    await t.ctx.bus.settled();
    expect(reads).toHaveLength(2);
    expect(reads[1]).toMatchObject({ reader: { type: "contact", id: t.contact.id }, conversationId: String(a.id) });
    // Writing implies having read: the contact's own reply clears b.
    addPart(t.ctx, ws, b.id, { author: { type: "contact", contactId: t.contact.id }, body: "ok" });
    expect(countUnreadForContact(t.ctx, ws, t.contact.id)).toBe(0);
  });

  it("gives each operator its own unread state and view counts", () => {
    const ws = t.workspace.id;
    const other = makeOperator(t);
    const mine = startConversation(t.ctx, ws, { contactId: t.contact.id, body: "mine" }).conversation;
    startConversation(t.ctx, ws, { contactId: t.contact.id, body: "nobody's" });
    addPart(t.ctx, ws, mine.id, { author: { type: "operator", operatorId: t.op.id }, kind: "note", body: "taking it" });
    const assigned = { type: "operator" as const, operatorId: t.op.id };
    assignConversation(t.ctx, ws, mine.id, { by: assigned, assigneeId: t.op.id });
    expect(inboxCounts(t.ctx, ws, t.op.id)).toEqual({ mine: { open: 1, unread: 0 }, unassigned: { open: 1, unread: 1 }, all: { open: 2, unread: 1 } });
    expect(inboxCounts(t.ctx, ws, other.id)).toEqual({ mine: { open: 0, unread: 0 }, unassigned: { open: 1, unread: 1 }, all: { open: 2, unread: 2 } });
    addPart(t.ctx, ws, mine.id, { author: { type: "contact", contactId: t.contact.id }, body: "hello?" });
    expect(inboxCounts(t.ctx, ws, t.op.id).mine).toEqual({ open: 1, unread: 1 });
    markRead(t.ctx, ws, mine.id, assigned);
    expect(inboxCounts(t.ctx, ws, t.op.id).mine).toEqual({ open: 1, unread: 0 });
    expect(readMarker(t.ctx, mine.id, assigned)).toBe(getConversation(t.ctx, ws, mine.id).lastPartId);
  });

  it("keeps Intercom's team `read` flag: false after a contact message, true once read, false again on request", () => {
    const ws = t.workspace.id;
    const c = startConversation(t.ctx, ws, { contactId: t.contact.id, body: "hi" }).conversation;
    const api = { type: "operator" as const, operatorId: 0 };
    const readFlag = () => {
      const row = getConversation(t.ctx, ws, c.id);
      return row.lastContactPartId === null || (row.adminReadPartId ?? 0) >= row.lastContactPartId;
    };
    expect(readFlag()).toBe(false);
    setTeamRead(t.ctx, ws, c.id, true, api);
    expect(readFlag()).toBe(true);
    setTeamRead(t.ctx, ws, c.id, false, api);
    expect(readFlag()).toBe(false);
    markRead(t.ctx, ws, c.id, { type: "operator", operatorId: t.op.id });
    expect(readFlag()).toBe(true);
  });
});
