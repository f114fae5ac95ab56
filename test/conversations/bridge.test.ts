import { Hono } from "hono";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mergeLeadInUser } from "../../src/contacts/index.js";
import { addPart, markRead, setConversationState, startConversation } from "../../src/conversations/index.js";
import { Bus } from "../../src/lib/bus.js";
import {
  contactTopic, conversationTopic, hubFor, inboxTopic, openSse, publishPresence, publishTyping, type Hub, type HubMessage,
} from "../../src/realtime/index.js";
import { makeContact, makeOperator, setup, SseReader } from "./helpers.js";

let t: ReturnType<typeof setup>;
beforeEach(() => {
  t = setup();
});
afterEach(() => t.close());

function watch(hub: Hub, topic: string) {
  const got: HubMessage[] = [];
  hub.subscribe([topic], { deliver: (m) => got.push(m) });
  return { got, events: () => got.map((m) => m.event) };
}

const op = () => ({ type: "operator" as const, operatorId: t.op.id });
const me = () => ({ type: "contact" as const, contactId: t.contact.id });

describe("conversation events on the hub", () => {
  it("routes parts: everything to the conversation, public parts and unread counts to the contact, summaries to the inbox", async () => {
    const hub = hubFor(t.ctx);
    const contact = watch(hub, contactTopic(t.contact.id));
    const inbox = watch(hub, inboxTopic(t.workspace.id));
    const { conversation } = startConversation(t.ctx, t.workspace.id, { contactId: t.contact.id, body: "Hi" });
    const room = watch(hub, conversationTopic(conversation.id));
    addPart(t.ctx, t.workspace.id, conversation.id, { author: op(), kind: "note", body: "secret" });
    addPart(t.ctx, t.workspace.id, conversation.id, { author: op(), body: "Hello!", clientMessageId: "echo-1" });
    setConversationState(t.ctx, t.workspace.id, conversation.id, { by: op(), state: "closed" });
    await t.ctx.bus.settled();

    // Subscribed before the bus delivered the opening part: it arrives too.
    expect(room.got.map((m) => (m.data as { part: { type: string } }).part.type)).toEqual(["comment", "note", "comment", "close"]);
    expect(contact.events()).toEqual(["part", "part", "conversation"]);
    const parts = contact.got.filter((m) => m.event === "part").map((m) => (m.data as { part: { body: string; clientMessageId: string | null } }).part);
    expect(parts.map((p) => p.body)).toEqual(["<p>Hi</p>", "<p>Hello!</p>"]);
    expect(parts[1]!.clientMessageId).toBe("echo-1");
    expect(JSON.stringify(contact.got)).not.toContain("secret");
    // The team's message carries the contact's unread count (one frame per widget); the contact's own does not.
    expect(contact.got.filter((m) => m.event === "part").map((m) => (m.data as { unread?: unknown }).unread)).toEqual([undefined, { count: 1 }]);
    expect(inbox.events()).toEqual(["conversation", "conversation", "conversation", "conversation"]);
    expect(inbox.got.at(-1)?.data).toMatchObject({ conversation: { id: String(conversation.id), state: "closed" } });
  });

  it("publishes reads as seen receipts and unread updates; typing and presence live only", async () => {
    const hub = hubFor(t.ctx);
    const { conversation } = startConversation(t.ctx, t.workspace.id, { contactId: t.contact.id, body: "Hi" });
    addPart(t.ctx, t.workspace.id, conversation.id, { author: op(), body: "Hello" });
    await t.ctx.bus.settled();
    const contact = watch(hub, contactTopic(t.contact.id));
    const room = watch(hub, conversationTopic(conversation.id));
    const reader = makeOperator(t);
    markRead(t.ctx, t.workspace.id, conversation.id, me());
    markRead(t.ctx, t.workspace.id, conversation.id, { type: "operator", operatorId: reader.id });
    await t.ctx.bus.settled();
    expect(contact.got.map((m) => [m.event, m.data])).toEqual([
      ["unread", { count: 0 }],
      ["read", { conversationId: String(conversation.id), reader: { type: "operator", id: String(reader.id) }, lastReadPartId: expect.any(String) }],
    ]);
    expect(room.got.map((m) => (m.data as { reader: { type: string } }).reader.type)).toEqual(["contact", "operator"]);

    publishTyping(hub, { conversationId: String(conversation.id), contactId: t.contact.id, author: { type: "contact", id: t.contact.id }, typing: true });
    publishTyping(hub, { conversationId: String(conversation.id), contactId: t.contact.id, author: { type: "operator", id: String(t.op.id), name: "Olive" }, typing: true });
    expect(room.events().filter((e) => e === "typing")).toHaveLength(2);
    expect(contact.got.filter((m) => m.event === "typing").map((m) => (m.data as { author: { type: string } }).author.type)).toEqual(["operator"]);
    const inbox = watch(hub, inboxTopic(t.workspace.id));
    publishPresence(hub, t.workspace.id, { operatorId: t.op.id, status: "away" });
    expect(inbox.got.map((m) => m.data)).toEqual([{ operatorId: String(t.op.id), status: "away" }]);
    expect(hub.replay([contactTopic(t.contact.id)], { seq: hub.startSeq, cursor: 0 }).messages.map((m) => m.event)).not.toContain("typing");
  });

  it("tells a merged-away lead's stream which contact it became", async () => {
    const hub = hubFor(t.ctx);
    const lead = makeContact(t, { role: "lead", externalId: null, email: null });
    const leadTopic = watch(hub, contactTopic(lead.id));
    mergeLeadInUser(t.ctx, t.workspace.id, lead.id, t.contact.id);
    await t.ctx.bus.settled();
    expect(leadTopic.got.map((m) => [m.event, m.data])).toEqual([["merged", { contactId: t.contact.id }]]);
  });
});

describe("resume across a restart", () => {
  it("replays the contact's missed public parts from the database, once, then streams live", async () => {
    const ws = t.workspace.id;
    const { conversation } = startConversation(t.ctx, ws, { contactId: t.contact.id, body: "Hi" });
    addPart(t.ctx, ws, conversation.id, { author: op(), body: "first answer" });
    await t.ctx.bus.settled();
    const before = hubFor(t.ctx);
    const seen = before.replay([contactTopic(t.contact.id)], { seq: before.startSeq, cursor: 0 }).messages;
    const lastEventId = seen.at(-1)!.frame.split("\n")[0]!.slice("id: ".length);

    // A new process: new bus and hub, the same database.
    t.clock.advance(5_000);
    const ctx = { ...t.ctx, bus: new Bus() };
    const hub = hubFor(ctx);
    expect(hub).not.toBe(before);
    addPart(ctx, ws, conversation.id, { author: op(), kind: "note", body: "internal" });
    addPart(ctx, ws, conversation.id, { author: op(), body: "second answer" });
    addPart(ctx, ws, conversation.id, { author: op(), body: "third answer" });
    await ctx.bus.settled();

    const app = new Hono().get("/s", (c) => openSse(hub, { topics: [contactTopic(t.contact.id)], lastEventId: c.req.header("last-event-id") }));
    const sse = SseReader.of(await app.request("/s", { headers: { "last-event-id": lastEventId } }));
    await sse.until((f) => f.filter((x) => x.event === "unread").length === 1);
    await sse.until((f) => f.filter((x) => x.event === undefined && x.id).length === 1);
    const bodies = () => sse.events("part").map((d) => (d as { part: { body: string } }).part.body);
    expect(bodies()).toEqual(["<p>second answer</p>", "<p>third answer</p>"]);
    expect(sse.events("unread")).toEqual([{ count: 3 }]);
    expect(sse.events("reset")).toEqual([]);

    addPart(ctx, ws, conversation.id, { author: op(), body: "live" });
    await ctx.bus.settled();
    await sse.until(() => bodies().length === 3);
    expect(bodies()).toEqual(["<p>second answer</p>", "<p>third answer</p>", "<p>live</p>"]);
    await sse.cancel();
  });

  it("tells an inbox stream to reload (reset) when it cannot be replayed", async () => {
    const hub = hubFor(t.ctx);
    const app = new Hono().get("/s", (c) => openSse(hub, { topics: [inboxTopic(t.workspace.id)], lastEventId: c.req.header("last-event-id") }));
    const sse = SseReader.of(await app.request("/s", { headers: { "last-event-id": `${hub.startSeq - 10}-0` } }));
    await sse.until((f) => f.some((x) => x.event === "reset"));
    expect(parseInt(sse.lastId()!, 10)).toBe(hub.position().seq);
    await sse.cancel();
  });
});

describe("shutdown", () => {
  it("ends the streams of hubFor(ctx) when ctx.shutdown aborts (SIGTERM), and refuses new ones", async () => {
    const abort = new AbortController();
    const ctx = { ...t.ctx, bus: new Bus(), shutdown: abort.signal };
    const hub = hubFor(ctx);
    const app = new Hono().get("/s", () => openSse(hub, { topics: [inboxTopic(t.workspace.id)] }));
    const sse = SseReader.of(await app.request("/s"));
    await sse.until((f) => f.some((x) => x.id !== undefined));
    expect(hub.stats().streams).toBe(1);
    abort.abort();
    await sse.end();
    expect(sse.done).toBe(true);
    expect(hub.stats().streams).toBe(0);
    expect((await app.request("/s")).status).toBe(503);
  });
});
