import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mergeLeadInUser, onContactMerge } from "../../src/contacts/index.js";
import {
  addPart, countUnreadForContact, getConversation, listConversations, listParts, markRead, startConversation,
} from "../../src/conversations/index.js";
import { makeContact, setup } from "./helpers.js";

let t: ReturnType<typeof setup>;
let failNextMerge = false;
// Registered after the conversations hook (importing the domain registers it), so it runs later in the merge.
onContactMerge(() => {
  if (!failNextMerge) return;
  failNextMerge = false;
  throw new Error("later step failed");
});
beforeEach(() => {
  t = setup();
});
afterEach(() => t.close());

describe("lead → user merge", () => {
  it("moves the lead's conversations, authored parts and read markers to the user, in the merge transaction", () => {
    const ws = t.workspace.id;
    const lead = makeContact(t, { role: "lead", externalId: null, email: null });
    const user = t.contact;
    const fromLead = startConversation(t.ctx, ws, { contactId: lead.id, body: "anonymous question", clientMessageId: "c-1" }).conversation;
    const fromUser = startConversation(t.ctx, ws, { contactId: user.id, body: "as a user", clientMessageId: "c-1" }).conversation;
    addPart(t.ctx, ws, fromLead.id, { author: { type: "operator", operatorId: t.op.id }, body: "answer" });
    addPart(t.ctx, ws, fromLead.id, { author: { type: "operator", operatorId: t.op.id }, body: "another answer" });
    markRead(t.ctx, ws, fromLead.id, { type: "contact", contactId: lead.id }, getConversation(t.ctx, ws, fromLead.id).lastPartId - 1);
    expect(countUnreadForContact(t.ctx, ws, lead.id)).toBe(1);

    mergeLeadInUser(t.ctx, ws, lead.id, user.id);

    expect(getConversation(t.ctx, ws, fromLead.id).contactId).toBe(user.id);
    expect(listConversations(t.ctx, ws, { perPage: 10, contactId: user.id }).rows.map((c) => c.id).sort()).toEqual([fromLead.id, fromUser.id].sort());
    const authors = listParts(t.ctx, fromLead.id).filter((p) => p.authorType === "contact").map((p) => p.authorId);
    expect(authors).toEqual([user.id]);
    // Both used client id "c-1": the moved part gives it up rather than break the merge.
    expect(listParts(t.ctx, fromLead.id)[0]?.clientMessageId).toBeNull();
    expect(countUnreadForContact(t.ctx, ws, user.id)).toBe(1);
    // The merged-away id still works as an author (widget cookies outlive the merge).
    const late = addPart(t.ctx, ws, fromLead.id, { author: { type: "contact", contactId: lead.id }, body: "still me" });
    expect(late.part.authorId).toBe(user.id);
  });

  it("rolls the move back with the merge when a later merge step fails", () => {
    const ws = t.workspace.id;
    const lead = makeContact(t, { role: "lead", externalId: null, email: null });
    const c = startConversation(t.ctx, ws, { contactId: lead.id, body: "hi" }).conversation;
    failNextMerge = true;
    expect(() => mergeLeadInUser(t.ctx, ws, lead.id, t.contact.id)).toThrow("later step failed");
    expect(getConversation(t.ctx, ws, c.id).contactId).toBe(lead.id);
    expect(listParts(t.ctx, c.id)[0]?.authorId).toBe(lead.id);
  });
});
