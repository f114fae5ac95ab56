import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  addPart, assignConversation, assignRoundRobin, getConversation, listParts, pickRoundRobinOperator, setConversationState, startConversation, wakeSnoozed,
} from "../../src/conversations/index.js";
import { HOUR, MINUTE } from "../../src/lib/clock.js";
import type { BusPayload } from "../../src/lib/bus.js";
import { makeContact, makeOperator, setup } from "./helpers.js";

let t: ReturnType<typeof setup>;
beforeEach(() => {
  t = setup();
});
afterEach(() => t.close());

const kinds = (conversationId: number) => listParts(t.ctx, conversationId).map((p) => `${p.partType}:${p.authorType}`);

describe("conversation lifecycle", () => {
  it("start → reply → assign → snooze → wake → close → a contact reply reopens it", async () => {
    const ws = t.workspace.id;
    const contact = { type: "contact" as const, contactId: t.contact.id };
    const op = { type: "operator" as const, operatorId: t.op.id };
    const { conversation: started, part: source } = startConversation(t.ctx, ws, { contactId: t.contact.id, body: "Hello, I need help" });
    expect(started).toMatchObject({ state: "open", deliveredAs: "customer_initiated", sourcePartId: source.id, waitingSince: t.clock.now(), assigneeId: null });
    expect(source.body).toBe("<p>Hello, I need help</p>");

    t.clock.advance(MINUTE);
    const replied = addPart(t.ctx, ws, started.id, { author: op, body: "Happy to help" }).conversation;
    expect(replied.waitingSince).toBeNull();

    expect(assignConversation(t.ctx, ws, started.id, { by: op, assigneeId: t.op.id }).conversation.assigneeId).toBe(t.op.id);
    const until = t.clock.now() + 2 * HOUR;
    expect(setConversationState(t.ctx, ws, started.id, { by: op, state: "snoozed", snoozedUntil: until }).conversation).toMatchObject({ state: "snoozed", snoozedUntil: until });

    expect(wakeSnoozed(t.ctx)).toEqual([]);
    t.clock.advance(2 * HOUR);
    expect(wakeSnoozed(t.ctx).map((c) => c.id)).toEqual([started.id]);
    expect(getConversation(t.ctx, ws, started.id)).toMatchObject({ state: "open", snoozedUntil: null });

    const closed = setConversationState(t.ctx, ws, started.id, { by: op, state: "closed", body: "Closing, thanks!" });
    expect(closed.conversation.state).toBe("closed");
    expect(closed.part).toMatchObject({ partType: "close", public: true, body: "<p>Closing, thanks!</p>" });

    const reopened = addPart(t.ctx, ws, started.id, { author: contact, body: "One more thing" });
    expect(reopened.parts.map((p) => p.partType)).toEqual(["open", "comment"]);
    expect(reopened.conversation).toMatchObject({ state: "open", waitingSince: t.clock.now(), lastContactPartId: reopened.part.id });
    expect(kinds(started.id)).toEqual([
      "comment:contact", "comment:operator", "assignment:operator", "snoozed:operator", "timer_unsnooze:system", "close:operator", "open:contact", "comment:contact",
    ]);
  });

  it("publishes each new part once, after commit, in id order", async () => {
    const seen: BusPayload[] = [];
    t.ctx.bus.on("conversation.part_added", (p) => seen.push(p));
    const { conversation } = startConversation(t.ctx, t.workspace.id, { contactId: t.contact.id, body: "Hi" });
    setConversationState(t.ctx, t.workspace.id, conversation.id, { by: { type: "operator", operatorId: t.op.id }, state: "closed" });
    addPart(t.ctx, t.workspace.id, conversation.id, { author: { type: "contact", contactId: t.contact.id }, body: "back" });
    expect(seen).toEqual([]);
    await t.ctx.bus.settled();
    expect(seen.map((p) => (p.part as { type: string }).type)).toEqual(["comment", "close", "open", "comment"]);
    const ids = seen.map((p) => Number((p.part as { id: string }).id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it("admin-initiated: assigned to the sender, delivered_as admin_initiated, not waiting", () => {
    const r = startConversation(t.ctx, t.workspace.id, { contactId: t.contact.id, author: { type: "operator", operatorId: t.op.id }, body: "Welcome!" });
    expect(r.conversation).toMatchObject({ deliveredAs: "admin_initiated", assigneeId: t.op.id, waitingSince: null, firstContactReplyAt: null });
    t.clock.advance(MINUTE);
    const back = addPart(t.ctx, t.workspace.id, r.conversation.id, { author: { type: "contact", contactId: t.contact.id }, body: "Thanks" });
    expect(back.conversation.firstContactReplyAt).toBe(t.clock.now());
  });

  it("stores a client message id once per author and echoes the first part", async () => {
    const author = { type: "contact" as const, contactId: t.contact.id };
    const first = startConversation(t.ctx, t.workspace.id, { contactId: t.contact.id, body: "Hi", clientMessageId: "m-1" });
    const again = startConversation(t.ctx, t.workspace.id, { contactId: t.contact.id, body: "Hi", clientMessageId: "m-1" });
    expect(again).toMatchObject({ duplicate: true, part: { id: first.part.id }, conversation: { id: first.conversation.id } });

    const a = addPart(t.ctx, t.workspace.id, first.conversation.id, { author, body: "second", clientMessageId: "m-2" });
    const b = addPart(t.ctx, t.workspace.id, first.conversation.id, { author, body: "second", clientMessageId: "m-2" });
    expect(b).toMatchObject({ duplicate: true, parts: [], part: { id: a.part.id, clientMessageId: "m-2" } });
    // Another author may use the same id.
    const op = addPart(t.ctx, t.workspace.id, first.conversation.id, { author: { type: "operator", operatorId: t.op.id }, body: "x", clientMessageId: "m-2" });
    expect(op.duplicate).toBe(false);
    expect(listParts(t.ctx, first.conversation.id)).toHaveLength(3);
  });

  it("guards who writes what", () => {
    const { conversation } = startConversation(t.ctx, t.workspace.id, { contactId: t.contact.id, body: "Hi" });
    const stranger = makeContact(t);
    expect(() => addPart(t.ctx, t.workspace.id, conversation.id, { author: { type: "contact", contactId: stranger.id }, body: "sneaky" })).toThrow(
      expect.objectContaining({ code: "FORBIDDEN" }),
    );
    expect(() => addPart(t.ctx, t.workspace.id, conversation.id, { author: { type: "contact", contactId: t.contact.id }, kind: "note", body: "x" })).toThrow(
      expect.objectContaining({ code: "VALIDATION", field: "kind" }),
    );
    expect(() => addPart(t.ctx, t.workspace.id, conversation.id, { author: { type: "operator", operatorId: t.op.id }, body: "  " })).toThrow(
      expect.objectContaining({ code: "VALIDATION", field: "body" }),
    );
    expect(() => addPart(t.ctx, t.workspace.id, conversation.id, { author: { type: "operator", operatorId: 999 }, body: "x" })).toThrow(
      expect.objectContaining({ code: "NOT_FOUND" }),
    );
    expect(() => setConversationState(t.ctx, t.workspace.id, conversation.id, { by: { type: "operator", operatorId: t.op.id }, state: "snoozed", snoozedUntil: t.clock.now() })).toThrow(
      expect.objectContaining({ field: "snoozed_until" }),
    );
    expect(() => getConversation(t.ctx, t.testWorkspace.id, conversation.id)).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
  });

  it("notes stay private; quick replies carry their options and the contact's answer", () => {
    const op = { type: "operator" as const, operatorId: t.op.id };
    const { conversation } = startConversation(t.ctx, t.workspace.id, { contactId: t.contact.id, body: "Hi" });
    const note = addPart(t.ctx, t.workspace.id, conversation.id, { author: op, kind: "note", body: "<p>VIP, <b>be nice</b></p>", format: "html" });
    expect(note.part).toMatchObject({ partType: "note", public: false, body: "<p>VIP, <b>be nice</b></p>" });
    const options = [{ text: "Yes", uuid: "y" }, { text: "No", uuid: "n" }];
    const quick = addPart(t.ctx, t.workspace.id, conversation.id, { author: op, kind: "quick_reply", replyOptions: options });
    expect(quick.part).toMatchObject({ partType: "quick_reply", public: true, meta: { replyOptions: options } });
    const answer = addPart(t.ctx, t.workspace.id, conversation.id, { author: { type: "contact", contactId: t.contact.id }, body: "Yes", quickReplyUuid: "y" });
    expect(answer.part.meta).toEqual({ quickReplyUuid: "y" });
  });

  it("assignment: unassign, no-op for the same assignee, round-robin skips away operators and rotates", () => {
    const ws = t.workspace.id;
    const by = { type: "operator" as const, operatorId: t.op.id };
    const away = makeOperator(t, { awayMode: true });
    const second = makeOperator(t);
    const c1 = startConversation(t.ctx, ws, { contactId: t.contact.id, body: "1" }).conversation;
    expect(assignConversation(t.ctx, ws, c1.id, { by, assigneeId: null }).part).toBeUndefined();
    expect(pickRoundRobinOperator(t.ctx, ws)?.id).toBe(t.op.id);
    const picks = [1, 2, 3].map(() => {
      const c = startConversation(t.ctx, ws, { contactId: t.contact.id, body: "x" }).conversation;
      return assignRoundRobin(t.ctx, ws, c.id).conversation.assigneeId;
    });
    expect(picks).toEqual([t.op.id, second.id, t.op.id]);
    expect(picks).not.toContain(away.id);
    const unassigned = assignConversation(t.ctx, ws, c1.id, { by, assigneeId: t.op.id });
    expect(assignConversation(t.ctx, ws, c1.id, { by, assigneeId: null }).part).toMatchObject({ partType: "assignment", assignedToId: null });
    expect(unassigned.part?.assignedToId).toBe(t.op.id);
  });
});
