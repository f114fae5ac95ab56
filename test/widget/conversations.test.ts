import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addPart, countUnreadForContact } from "../../src/conversations/index.js";
import { listContactEvents } from "../../src/events/index.js";
import { SESSION_TTL } from "../../src/messenger/index.js";
import { conversationTopic, hubFor, type HubMessage } from "../../src/realtime/index.js";
import { makeOperator } from "../api/factories.js";
import { makeTestApp, type TestApp } from "../helpers/app.js";
import { boot, call, visitor } from "./helpers.js";

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

const session = async (body: Record<string, unknown> = {}) => (await boot(t, { anonymous_id: visitor(), ...body })).json;

describe("conversations through the widget", () => {
  it("start → operator reply → unread → read → reply: a round trip with client ids echoed", async () => {
    const s = await session({ user_id: "round-1" });
    const started = await call(t, s.session, "POST", "/messenger/conversations", { body: "Hi <b>there</b>", client_message_id: "c-1" });
    expect(started.status).toBe(201);
    expect(started.json).toMatchObject({ client_message_id: "c-1", duplicate: false, part: { clientMessageId: "c-1", body: "<p>Hi &lt;b&gt;there&lt;/b&gt;</p>" } });
    const id = started.json.conversation.id as string;
    const again = await call(t, s.session, "POST", "/messenger/conversations", { body: "Hi <b>there</b>", client_message_id: "c-1" });
    expect(again).toMatchObject({ status: 200, json: { duplicate: true, conversation: { id } } });

    const op = makeOperator(t);
    addPart(t.ctx, t.workspace.id, id, { author: { type: "operator", operatorId: op.id }, body: "Hello! How can we help?" });
    addPart(t.ctx, t.workspace.id, id, { author: { type: "operator", operatorId: op.id }, kind: "note", body: "secret note" });
    const list = await call(t, s.session, "GET", "/messenger/conversations");
    expect(list.json).toMatchObject({ unread_count: 1, conversations: [{ id, unread: true }] });
    const thread = await call(t, s.session, "GET", `/messenger/conversations/${id}`);
    expect(thread.json.parts.map((p: { body: string }) => p.body)).toEqual(["<p>Hi &lt;b&gt;there&lt;/b&gt;</p>", "<p>Hello! How can we help?</p>"]);
    expect(JSON.stringify(thread.json)).not.toContain("secret note");

    expect((await call(t, s.session, "POST", `/messenger/conversations/${id}/read`, {})).json).toEqual({ unread_count: 0 });
    const reply = await call(t, s.session, "POST", `/messenger/conversations/${id}/messages`, { body: "Thanks", client_message_id: "c-2" });
    expect(reply).toMatchObject({ status: 201, json: { client_message_id: "c-2", part: { author: { type: "contact" } } } });
  });

  it("a token only reaches its own contact: another contact's conversation is 404 to read, reply or mark read", async () => {
    const a = await session({ user_id: "alice" });
    const b = await session({ user_id: "bob" });
    const bobs = (await call(t, b.session, "POST", "/messenger/conversations", { body: "Bob's private question" })).json.conversation.id;
    for (const [method, path, body] of [
      ["GET", `/messenger/conversations/${bobs}`, undefined],
      ["POST", `/messenger/conversations/${bobs}/messages`, { body: "intrusion" }],
      ["POST", `/messenger/conversations/${bobs}/read`, {}],
    ] as const) {
      const res = await call(t, a.session, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect((await call(t, a.session, "GET", "/messenger/conversations")).json.conversations).toEqual([]);
    // Guessing Bob's ids in a request body names nobody: the session decides the contact.
    const mine = await call(t, a.session, "POST", "/messenger/conversations", { body: "hi", contact_id: b.contact.id, user_id: "bob" });
    expect(mine.json.conversation.id).not.toBe(bobs);
    expect((await call(t, b.session, "GET", "/messenger/conversations")).json.conversations).toHaveLength(1);
  });

  it("refuses missing, tampered and expired tokens with 401", async () => {
    const s = await session();
    expect((await t.app.request("/messenger/conversations")).status).toBe(401);
    const [v, ws, , vis, exp, sig] = (s.session as string).split(".");
    const other = await session();
    const swapped = [v, ws, other.contact.id, vis, exp, sig].join(".");
    expect((await call(t, swapped, "GET", "/messenger/conversations")).status).toBe(401);
    expect((await call(t, `${s.session}x`, "GET", "/messenger/conversations")).status).toBe(401);
    t.clock.advance(SESSION_TTL + 1);
    const expired = await call(t, s.session, "GET", "/messenger/conversations");
    expect(expired).toMatchObject({ status: 401, json: { field: "session" } });
  });

  it("validation names the field (400)", async () => {
    const s = await session();
    const cases: [string, unknown, string][] = [
      ["/messenger/conversations", {}, "body"],
      ["/messenger/conversations", { body: "   " }, "body"],
      ["/messenger/conversations", { body: "x".repeat(10_001) }, "body"],
      ["/messenger/conversations", { body: "hi", client_message_id: "x".repeat(129) }, "client_message_id"],
      ["/messenger/events", { event_name: "" }, "event_name"],
      ["/messenger/events", { event_name: "e", metadata: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i])) }, "metadata"],
      ["/messenger/update", { name: 5 }, "name"],
    ];
    for (const [path, body, field] of cases) {
      const res = await call(t, s.session, "POST", path, body);
      expect(res.status, `${path} ${field}`).toBe(400);
      expect(res.json.field, `${path} ${JSON.stringify(body).slice(0, 60)}`).toBe(field);
    }
    const bad = await t.app.request("/messenger/conversations", { method: "POST", headers: { authorization: `Bearer ${s.session}`, "content-type": "application/json" }, body: "{nope" });
    expect(bad.status).toBe(400);
  });

  it("trackEvent records an event on the session's contact; update writes attributes and throttles bare pings", async () => {
    const s = await session({ user_id: "events-1" });
    expect((await call(t, s.session, "POST", "/messenger/events", { event_name: "viewed-pricing", metadata: { plan: "pro" } })).status).toBe(202);
    const events = listContactEvents(t.ctx, s.contact.id, { perPage: 10 }).rows;
    expect(events.map((e) => e.name)).toContain("viewed-pricing");
    expect((await call(t, s.session, "POST", "/messenger/update", { page: { url: "https://shop.example/a" } })).json.throttled).toBe(false);
    expect((await call(t, s.session, "POST", "/messenger/update", { page: { url: "https://shop.example/b" } })).json.throttled).toBe(true);
    expect((await call(t, s.session, "POST", "/messenger/update", { favourite_colour: "teal" })).json.throttled).toBe(false);
    expect(countUnreadForContact(t.ctx, t.workspace.id, s.contact.id)).toBe(0);
  });
});

describe("typing", () => {
  it("publishes the contact's typing to operators watching its own conversation only", async () => {
    const a = await session({ user_id: "typist" });
    const b = await session({ user_id: "other" });
    const id = (await call(t, a.session, "POST", "/messenger/conversations", { body: "hi" })).json.conversation.id as string;
    const seen: HubMessage[] = [];
    const off = hubFor(t.ctx).subscribe([conversationTopic(id)], { deliver: (m) => seen.push(m) });
    expect((await call(t, a.session, "POST", `/messenger/conversations/${id}/typing`, { typing: true })).status).toBe(204);
    expect((await call(t, b.session, "POST", `/messenger/conversations/${id}/typing`, { typing: true })).status).toBe(404);
    expect((await call(t, a.session, "POST", `/messenger/conversations/${id}/typing`, { typing: "yes" })).json.field).toBe("typing");
    off();
    expect(seen.map((m) => [m.event, (m.data as { author: { id: string } }).author.id])).toEqual([["typing", a.contact.id]]);
  });
});

describe("CORS", () => {
  it("answers the preflight for the customer's origin with the Authorization header allowed, and echoes the origin", async () => {
    const pre = await t.app.request("/messenger/conversations", {
      method: "OPTIONS",
      headers: { origin: "https://shop.example", "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    expect(pre.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
    expect(pre.headers.get("access-control-allow-credentials")).toBeNull();
    const res = await boot(t, { anonymous_id: visitor() });
    expect(res.status).toBe(200);
    const err = await t.app.request("/messenger/conversations", { headers: { origin: "https://shop.example" } });
    expect(err.status).toBe(401);
    expect(err.headers.get("access-control-allow-origin")).toBe("https://shop.example");
  });
});
