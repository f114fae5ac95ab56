import { afterEach, describe, expect, it } from "vitest";
import { addPart, setConversationState, startConversation } from "../../src/conversations/index.js";
import { createSegment } from "../../src/segments/index.js";
import { findOrCreateTag, tagContact } from "../../src/tags/index.js";
import { identify, send, track, user } from "../admin-contacts/helpers.js";
import { get, listedIds, makeTestApp, owner, type TestApp } from "./helpers.js";

let t: TestApp;
afterEach(() => t?.close());

describe("contact sidebar", () => {
  it("shows the contact's attributes, tags, segments, recent events and other conversations", async () => {
    t = makeTestApp();
    const me = owner(t);
    const ws = t.workspace.id;
    await send(t, identify("ann", { name: "Ann Example", email: "ann@example.test", plan: "pro" }), track("ann", "Upgraded plan"));
    createSegment(t.ctx, ws, { name: "Pro customers", match: "all", conditions: [{ attribute: "plan", op: "eq", value: "pro" }] });
    await t.ctx.bus.settled();
    const ann = user(t, "ann");
    tagContact(t.ctx, ws, ann.id, findOrCreateTag(t.ctx, ws, "VIP").id);
    const old = startConversation(t.ctx, ws, { contactId: ann.id, body: "old question" }).conversation;
    setConversationState(t.ctx, ws, old.id, { by: { type: "system" }, state: "closed" });
    const current = startConversation(t.ctx, ws, { contactId: ann.id, body: "new question" }).conversation;

    const html = await (await get(t, `/inbox/${current.id}?v=all`, me)).text();
    const sidebar = html.slice(html.indexOf('class="inbox-sidebar"'));
    expect(sidebar).toContain("Ann Example");
    expect(sidebar).toContain("ann@example.test");
    expect(sidebar).toMatch(/<dt>plan<\/dt><dd>pro<\/dd>/);
    expect(sidebar).toContain('<li class="tag">VIP</li>');
    expect(sidebar).toContain("Pro customers");
    expect(sidebar).toContain("Upgraded plan");
    expect(sidebar).toContain(`href="/inbox/${old.id}?v=all&amp;s=closed">#${old.id}</a>`);
    expect(sidebar).not.toContain(`#${current.id}<`);
  });

  it("search also finds words that only appear in a private note", async () => {
    t = makeTestApp();
    const me = owner(t);
    await send(t, identify("bo"));
    const conv = startConversation(t.ctx, t.workspace.id, { contactId: user(t, "bo").id, body: "hello" }).conversation;
    addPart(t.ctx, t.workspace.id, conv.id, { author: { type: "operator", operatorId: me.operator.id }, kind: "note", body: "escalated to billing" });
    expect(listedIds(await (await get(t, "/inbox/list?v=all&q=escalated", me, { "hx-request": "true" })).text())).toEqual([conv.id]);
  });
});
