import { afterEach, describe, expect, it } from "vitest";
import { getConversation, listParts, startConversation } from "../../src/conversations/index.js";
import { addOperator, contactWrites, get, hxPost, makeContact, makeTestApp, owner, post, type TestApp } from "./helpers.js";

let t: TestApp;
afterEach(() => t?.close());

const conv = (id: number) => getConversation(t.ctx, t.workspace.id, id);

describe("thread actions", () => {
  it("stores a reply as an operator comment and a note as a private note the contact never sees", async () => {
    t = makeTestApp();
    const me = owner(t);
    const { conversation } = contactWrites(t, "Hi there");
    const reply = await hxPost(t, `/inbox/${conversation.id}/reply`, { kind: "comment", body: "Hello! How can I help?" }, me);
    expect(reply.status).toBe(200);
    const html = await reply.text();
    expect(html).toContain('id="composer"');
    expect(html).toContain('hx-swap-oob="innerHTML"');
    expect(html).toContain("Hello! How can I help?");
    const note = await hxPost(t, `/inbox/${conversation.id}/reply`, { kind: "note", body: "VIP, be nice" }, me);
    expect(note.status).toBe(200);

    const parts = listParts(t.ctx, conversation.id);
    expect(parts.map((p) => [p.partType, p.authorType, p.authorId, p.public])).toEqual([
      ["comment", "contact", conversation.contactId, true],
      ["comment", "operator", String(me.operator.id), true],
      ["note", "operator", String(me.operator.id), false],
    ]);
    const seenByContact = listParts(t.ctx, conversation.id, { publicOnly: true }).map((p) => p.body ?? "");
    expect(seenByContact.join()).not.toContain("VIP");
    expect(conv(conversation.id).waitingSince).toBeNull();
  });

  it("refuses a post without the CSRF token and stores nothing", async () => {
    t = makeTestApp();
    const me = owner(t);
    const { conversation } = contactWrites(t, "Hi");
    const res = await post(t, `/inbox/${conversation.id}/reply`, { body: "sneaky" }, me, { csrf: false });
    expect(res.status).toBe(403);
    expect(listParts(t.ctx, conversation.id)).toHaveLength(1);
  });

  it("re-renders the composer with an error for an empty message", async () => {
    t = makeTestApp();
    const me = owner(t);
    const { conversation } = contactWrites(t, "Hi");
    const res = await hxPost(t, `/inbox/${conversation.id}/reply`, { body: "   " }, me);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Write something first.");
    expect(listParts(t.ctx, conversation.id)).toHaveLength(1);
  });

  it("assigns, snoozes until a time, closes and reopens", async () => {
    t = makeTestApp();
    const me = owner(t);
    const mate = addOperator(t, "agent", { name: "Mate" });
    const { conversation } = contactWrites(t, "Hi");
    const id = conversation.id;

    const assigned = await hxPost(t, `/inbox/${id}/assign`, { assignee: String(mate.id) }, me);
    expect(assigned.status).toBe(200);
    expect(conv(id).assigneeId).toBe(mate.id);
    expect(await assigned.text()).toContain("assigned the conversation to Mate");
    await hxPost(t, `/inbox/${id}/assign`, { assignee: "" }, me);
    expect(conv(id).assigneeId).toBeNull();

    const until = t.clock.now() + 2 * 86_400_000;
    const typed = new Date(until).toISOString().slice(0, 16);
    expect((await hxPost(t, `/inbox/${id}/snooze`, { for: "until", until: typed }, me)).status).toBe(200);
    expect(conv(id)).toMatchObject({ state: "snoozed", snoozedUntil: Date.parse(`${typed}Z`) });
    await hxPost(t, `/inbox/${id}/snooze`, { for: "1h" }, me);
    expect(conv(id)).toMatchObject({ state: "snoozed", snoozedUntil: t.clock.now() + 3_600_000 });

    const closed = await hxPost(t, `/inbox/${id}/close`, {}, me);
    expect(conv(id).state).toBe("closed");
    expect(await closed.text()).toContain('id="reopen-btn"');
    await hxPost(t, `/inbox/${id}/open`, {}, me);
    expect(conv(id).state).toBe("open");
  });

  it("refuses a snooze in the past", async () => {
    t = makeTestApp();
    const me = owner(t);
    const { conversation } = contactWrites(t, "Hi");
    const res = await hxPost(t, `/inbox/${conversation.id}/snooze`, { for: "until", until: "2001-01-01T10:00" }, me);
    expect(res.status).toBe(400);
    expect(conv(conversation.id).state).toBe("open");
  });

  it("sends a plain form post back to the conversation page", async () => {
    t = makeTestApp();
    const me = owner(t);
    const { conversation } = contactWrites(t, "Hi");
    const res = await post(t, `/inbox/${conversation.id}/close`, { v: "all", s: "open" }, me);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/inbox/${conversation.id}?v=all`);
    expect(conv(conversation.id).state).toBe("closed");
  });

  it("bulk assigns and bulk closes the selected conversations", async () => {
    t = makeTestApp();
    const me = owner(t);
    const a = contactWrites(t, "a").conversation.id;
    const b = contactWrites(t, "b").conversation.id;
    const c = contactWrites(t, "c").conversation.id;
    const body = new URLSearchParams([["ids", String(a)], ["ids", String(b)], ["action", "assign"], ["assignee", String(me.operator.id)], ["v", "all"], ["s", "open"]]);
    const res = await t.app.request("/inbox/bulk", {
      method: "POST", body,
      headers: { "content-type": "application/x-www-form-urlencoded", origin: t.ctx.config.PUBLIC_URL, cookie: me.cookie, "hx-request": "true", "x-csrf-token": me.csrf, "x-parley-workspace": t.workspace.id },
    });
    expect(res.status).toBe(200);
    expect([conv(a).assigneeId, conv(b).assigneeId, conv(c).assigneeId]).toEqual([me.operator.id, me.operator.id, null]);
    body.set("action", "close");
    await t.app.request("/inbox/bulk", {
      method: "POST", body,
      headers: { "content-type": "application/x-www-form-urlencoded", origin: t.ctx.config.PUBLIC_URL, cookie: me.cookie, "hx-request": "true", "x-csrf-token": me.csrf, "x-parley-workspace": t.workspace.id },
    });
    expect([conv(a).state, conv(b).state, conv(c).state]).toEqual(["closed", "closed", "open"]);
  });

  it("marks the conversation read by the operator who opens it", async () => {
    t = makeTestApp();
    const me = owner(t);
    const { conversation } = contactWrites(t, "Hi");
    expect(await (await get(t, "/inbox/list?v=all", me)).text()).toContain("is-unread");
    await get(t, `/inbox/${conversation.id}`, me);
    expect(await (await get(t, "/inbox/list?v=all", me)).text()).not.toContain("is-unread");
  });

  it("assigns round-robin to the teammate assigned longest ago, skipping teammates in away mode", async () => {
    t = makeTestApp();
    const me = owner(t);
    const first = contactWrites(t, "a").conversation.id;
    const second = contactWrites(t, "b").conversation.id;
    const mate = addOperator(t, "agent", { name: "Mate" });
    await hxPost(t, `/inbox/${first}/assign`, { assignee: "rr" }, me);
    await hxPost(t, `/inbox/${second}/assign`, { assignee: "rr" }, me);
    expect(new Set([conv(first).assigneeId, conv(second).assigneeId])).toEqual(new Set([me.operator.id, mate.id]));
  });

  it("links a message's attachments", async () => {
    t = makeTestApp();
    const me = owner(t);
    const contact = makeContact(t);
    const { conversation } = startConversation(t.ctx, t.workspace.id, {
      contactId: contact.id, body: "see file", attachments: [{ name: "shot.png", url: "https://files.example.test/shot.png" }],
    });
    const html = await (await get(t, `/inbox/${conversation.id}`, me)).text();
    expect(html).toContain('<a href="https://files.example.test/shot.png" target="_blank" rel="noopener noreferrer">shot.png</a>');
  });
});
