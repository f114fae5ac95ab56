import { afterEach, describe, expect, it } from "vitest";
import { getConversation, setConversationState, startConversation } from "../../src/conversations/index.js";
import { HOUR } from "../../src/lib/clock.js";
import { setup } from "../conversations/helpers.js";

let t: ReturnType<typeof setup>;
afterEach(() => t?.close());

describe("conversations.wake job", () => {
  it("reopens a snoozed conversation once its time has passed, not before", async () => {
    t = setup();
    const ws = t.workspace.id;
    const { conversation } = startConversation(t.ctx, ws, { contactId: t.contact.id, body: "Help with billing" });
    setConversationState(t.ctx, ws, conversation.id, { by: { type: "operator", operatorId: t.op.id }, state: "snoozed", snoozedUntil: t.clock.now() + 2 * HOUR });
    t.clock.advance(HOUR);
    await t.runJob("conversations.wake");
    expect(getConversation(t.ctx, ws, conversation.id).state).toBe("snoozed");
    t.clock.advance(HOUR);
    await t.runJob("conversations.wake");
    expect(getConversation(t.ctx, ws, conversation.id)).toMatchObject({ state: "open", snoozedUntil: null });
  });
});
