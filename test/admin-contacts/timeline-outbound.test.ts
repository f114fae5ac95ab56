import { afterEach, describe, expect, it } from "vitest";
import { startConversation } from "../../src/conversations/index.js";
import { deliveries, messages } from "../../src/db/schema/index.js";
import { HOUR, MINUTE } from "../../src/lib/clock.js";
import { get, identify, makeTestApp, owner, send, user, type Browser, type TestApp } from "./helpers.js";

let t: TestApp;
let me: Browser;
afterEach(() => t?.close());

/** A sent email delivery of a one-off message, written as the sender records it. */
function sentEmail(contactId: string, name: string, sentAt: number, outcomes: { openedAt?: number; clickedAt?: number } = {}) {
  const msgId = `msg_${name.replace(/\W/g, "").toLowerCase()}`;
  t.ctx.db.insert(messages).values({ id: msgId, workspaceId: t.workspace.id, name, kind: "one_off", channel: "email", status: "live", createdAt: sentAt, updatedAt: sentAt }).run();
  t.ctx.db.insert(deliveries).values({
    id: `dlv_${msgId}`, workspaceId: t.workspace.id, messageId: msgId, contactId, channel: "email", status: "sent", notBefore: sentAt, sentAt,
    createdAt: sentAt, updatedAt: sentAt, ...outcomes,
  }).run();
}

describe("profile timeline: conversations and messages", () => {
  it("shows the contact's conversations (with the first message) and sent messages with their outcomes, newest first", async () => {
    t = makeTestApp();
    me = owner(t);
    await send(t, identify("ann", { name: "Ann" }));
    const ann = user(t, "ann");
    const start = t.clock.now();
    sentEmail(ann.id, "Welcome <series>", start - 2 * HOUR, { openedAt: start - HOUR, clickedAt: start - HOUR + MINUTE });
    sentEmail(ann.id, "Tips", start - 3 * HOUR);
    const { conversation } = startConversation(t.ctx, t.workspace.id, { contactId: ann.id, body: "Hi, <b>where</b> is my invoice?" });
    const html = await (await get(t, `/contacts/${ann.id}`, me)).text();
    const list = html.slice(html.indexOf('id="timeline-items"'));
    const order = [...list.matchAll(/<li class="tl-item tl-(\w+)/g)].map((m) => m[1]);
    expect(order.slice(0, 3)).toEqual(["conversation", "message", "message"]);
    expect(list).toContain(`href="/inbox/${conversation.id}?v=all"`);
    expect(list).toContain("“Hi, &lt;b&gt;where&lt;/b&gt; is my invoice?”");
    expect(list).toContain("<strong>Welcome &lt;series&gt;</strong>");
    const welcome = list.slice(list.indexOf("Welcome &lt;series&gt;"), list.indexOf("Tips"));
    expect(welcome).toContain('class="badge outcome-opened"');
    expect(welcome).toContain('class="badge outcome-clicked"');
    expect(list.slice(list.indexOf("Tips"))).toContain("Not opened yet.");
  });

  it("pages older entries across sources by (time, id) without repeats", async () => {
    t = makeTestApp();
    me = owner(t);
    await send(t, identify("bob", { name: "Bob" }));
    const bob = user(t, "bob");
    for (let i = 0; i < 30; i++) sentEmail(bob.id, `News ${i}`, t.clock.now() - i * MINUTE);
    for (let i = 0; i < 25; i++) {
      t.clock.advance(MINUTE);
      startConversation(t.ctx, t.workspace.id, { contactId: bob.id, body: `Question ${i}` });
    }
    const { listTimeline } = await import("../../src/contacts/timeline.js");
    const seen: string[] = [];
    let before: { at: number; id: string } | undefined;
    do {
      const res = listTimeline(t.ctx, bob.id, { before, limit: 20 });
      seen.push(...res.items.filter((i) => i.kind === "conversation" || i.kind === "message").map((i) => i.id));
      before = res.next;
    } while (before);
    expect(seen).toHaveLength(55);
    expect(new Set(seen).size).toBe(55);
  });
});
