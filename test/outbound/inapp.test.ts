import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deliveries } from "../../src/db/schema/index.js";
import { findContact, updateContact } from "../../src/contacts/index.js";
import { listParts } from "../../src/conversations/index.js";
import { listContactEvents } from "../../src/events/index.js";
import { HOUR } from "../../src/lib/clock.js";
import { cancelMessage, enqueueDelivery, findDelivery, pauseMessage, setOutboundSettings } from "../../src/outbound/index.js";
import { makeTestApp, T0, type TestApp } from "../helpers/app.js";
import { call } from "../widget/helpers.js";
import { act, due, inApp, session } from "./inapp-helpers.js";

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

const SHOP = "https://shop.example";
const ids = (list: { id: string }[]) => list.map((m) => m.id);

describe("GET /messenger/inapp: what a contact sees on a page", () => {
  it("shows a post only on pages matching its URL pattern, a banner without one everywhere", async () => {
    const s = await session(t);
    const post = await inApp(t, s.contactId, { display: { urlPattern: "/billing*", delaySeconds: 5 }, variants: [{ subject: "Trial ends", body: "Upgrade **today**" }] });
    const banner = await inApp(t, s.contactId, { channel: "banner", display: { position: "bottom" }, variants: [{ body: "Sale", content: { button: { label: "See", url: "https://shop.example/sale" } } }] });
    const onBilling = await due(t, s.token, `${SHOP}/billing/plans?x=1`);
    expect(ids(onBilling.messages).sort()).toEqual([post.id, banner.id].sort());
    const p = onBilling.messages.find((m: { id: string }) => m.id === post.id);
    expect(p).toMatchObject({ channel: "post", title: "Trial ends", body_html: "<p>Upgrade <strong>today</strong></p>", delay_seconds: 5, allow_reply: true, dismissed: false });
    expect(onBilling.messages.find((m: { id: string }) => m.id === banner.id)).toMatchObject({ position: "bottom", button: { label: "See", url: "https://shop.example/sale" }, delay_seconds: 0 });
    expect(ids((await due(t, s.token, `${SHOP}/pricing`)).messages)).toEqual([banner.id]);
    expect(ids((await due(t, s.token, `${SHOP}/billingx`)).messages)).toContain(post.id); // `*` matches anything after
    expect(ids((await due(t, s.token, `${SHOP}/account/billing`)).messages)).not.toContain(post.id);
  });

  it("hides expired, paused and cancelled messages and deliveries not due yet", async () => {
    const s = await session(t);
    const expiring = await inApp(t, s.contactId, { channel: "banner", expiresAt: T0 + HOUR, variants: [{ body: "Expiring" }] });
    const paused = await inApp(t, s.contactId, { channel: "notification", variants: [{ body: "Paused" }] });
    const cancelled = await inApp(t, s.contactId, { channel: "post", variants: [{ body: "Cancelled" }] });
    const later = enqueueDelivery(t.ctx, { workspaceId: t.workspace.id, messageId: expiring.messageId, contactId: s.contactId, occurrence: 1, notBefore: T0 + HOUR / 2 })!;
    expect(ids((await due(t, s.token, `${SHOP}/`)).messages).sort()).toEqual([expiring.id, paused.id, cancelled.id].sort());
    t.clock.advance(HOUR / 2);
    expect(ids((await due(t, s.token, `${SHOP}/`)).messages)).toContain(later.id);
    pauseMessage(t.ctx, t.workspace.id, paused.messageId);
    cancelMessage(t.ctx, t.workspace.id, cancelled.messageId);
    expect(ids((await due(t, s.token, `${SHOP}/`)).messages)).toEqual([expiring.id, later.id]);
    t.clock.advance(HOUR);
    expect((await due(t, s.token, `${SHOP}/`)).messages).toEqual([]);
    expect((await act(t, s.token, expiring.id, "shown")).status).toBe(409);
    expect(findDelivery(t.ctx, expiring.id)).toMatchObject({ status: "queued", sentAt: null });
  });

  it("orders by priority; the frequency cap lets one new interruption through, bypassCap messages always", async () => {
    setOutboundSettings(t.ctx, t.workspace.id, { cap: { interruptionsPerDay: 1 } });
    const s = await session(t);
    const low = await inApp(t, s.contactId, { channel: "banner", priority: 1, variants: [{ body: "Low" }] });
    const high = await inApp(t, s.contactId, { channel: "post", priority: 9, variants: [{ body: "High" }] });
    const urgent = await inApp(t, s.contactId, { channel: "notification", priority: -5, bypassCap: true, variants: [{ body: "Urgent" }] });
    expect(ids((await due(t, s.token, `${SHOP}/`)).messages)).toEqual([high.id, urgent.id]);
    expect((await act(t, s.token, high.id, "shown")).status).toBe(200);
    // The cap is spent for the day: the low banner waits, and the server refuses to show it if asked.
    expect(ids((await due(t, s.token, `${SHOP}/`)).messages)).toEqual([high.id, urgent.id]);
    expect((await act(t, s.token, low.id, "shown")).status).toBe(409);
    expect((await act(t, s.token, urgent.id, "shown")).status).toBe(200);
    t.clock.advance(25 * HOUR);
    const next = await session(t, { anonymous_id: s.visitorId });
    expect(next.contactId).toBe(s.contactId);
    expect(ids((await due(t, next.token, `${SHOP}/`)).messages)).toEqual([high.id, low.id, urgent.id]);
  });

  it("the cap is shared across channels: a chat sent today holds back a new post, not one already shown", async () => {
    setOutboundSettings(t.ctx, t.workspace.id, { cap: { interruptionsPerDay: 1 } });
    const s = await session(t);
    const shownEarlier = await inApp(t, s.contactId, { channel: "banner", variants: [{ body: "Seen before" }] });
    expect((await act(t, s.token, shownEarlier.id, "shown")).status).toBe(200);
    const post = await inApp(t, s.contactId, { channel: "post", variants: [{ body: "New" }] });
    expect(ids((await due(t, s.token, `${SHOP}/`)).messages)).toEqual([shownEarlier.id]);
    expect((await act(t, s.token, post.id, "shown")).status).toBe(409);
    // A chat counts the same way: with the banner dismissed, the chat alone still fills the day.
    await act(t, s.token, shownEarlier.id, "dismiss");
    t.clock.advance(25 * HOUR);
    const again = await session(t, { anonymous_id: s.visitorId });
    const chat = await inApp(t, s.contactId, { channel: "chat", variants: [{ body: "Hi from the team" }] });
    t.ctx.db.update(deliveries).set({ status: "sent", sentAt: t.clock.now() }).where(eq(deliveries.id, chat.id)).run();
    expect((await due(t, again.token, `${SHOP}/`)).messages).toEqual([]);
  });

  it("names a bad url (400); needs a session (401)", async () => {
    const s = await session(t);
    const bad = await call(t, s.token, "GET", "/messenger/inapp?url=javascript:alert(1)");
    expect(bad.status).toBe(400);
    expect(bad.json.field).toBe("url");
    expect((await t.app.request(`/messenger/inapp?url=${encodeURIComponent(SHOP)}`)).status).toBe(401);
  });

  it("personalizes bodies with Liquid; substituted values cannot add markup", async () => {
    const s = await session(t, { user_id: "u-ann", name: "Ann <img src=x onerror=alert(1)>" });
    await inApp(t, s.contactId, { channel: "banner", variants: [{ body: "Hi {{ contact.first_name | default: 'there' }}, plan: {{ contact.custom_attributes.plan | default: 'free' }}" }] });
    await inApp(t, s.contactId, { channel: "post", variants: [{ bodyFormat: "html", body: "<p>Dear {{ contact.name }}</p>" }] });
    await inApp(t, s.contactId, { channel: "notification", variants: [{ body: "Broken {{ contact.name | nope: }" }] });
    const html = (await due(t, s.token, `${SHOP}/`)).messages.map((m: { body_html: string }) => m.body_html);
    expect(html).toContain("<p>Hi Ann, plan: free</p>");
    expect(html).toContain("<p>Dear Ann &lt;img src=x onerror=alert(1)&gt;</p>");
    expect(html).toContain("<p>Broken {{ contact.name | nope: }</p>");
  });

  it("a contact's own name or attributes cannot turn into a link or a tag, in markdown or HTML bodies", async () => {
    const evil = 'Ann [Verify your card](https://evil.example) <https://evil.example> <a href="https://evil.example">x</a>\n\n# Hi';
    const s = await session(t, { name: evil });
    updateContact(t.ctx, t.workspace.id, s.contactId, { customAttributes: { plan: "pro" } });
    await inApp(t, s.contactId, { channel: "banner", variants: [{ body: "Hello {{ contact.name }}{% if contact.custom_attributes.plan == 'pro' %}, pro{% endif %}" }] });
    await inApp(t, s.contactId, { channel: "post", variants: [{ bodyFormat: "html", body: '<p>Dear {{ contact.name }} <a href="https://ok.example/?n={{ contact.name }}">me</a></p>' }] });
    const { messages } = await due(t, s.token, `${SHOP}/`);
    const html = messages.map((m: { body_html: string }) => m.body_html).sort();
    // Real tags only (text `<` arrives as `&lt;`): the author's one link, nothing else.
    const tags = (h: string) => [...h.matchAll(/<(\w+)[\s>]/g)].map((m) => m[1]);
    expect(tags(html[0]!)).toEqual(["p", "a"]);
    expect(html[0]).toMatch(/^<p>Dear Ann \[Verify your card\]\(https:\/\/evil\.example\) &lt;https:\/\/evil\.example&gt; &lt;a href="https:\/\/evil\.example"&gt;x&lt;\/a&gt;  # Hi <a href="https:\/\/ok\.example\/\?n=Ann /);
    expect(tags(html[1]!)).toEqual(["p"]);
    expect(html[1]).toBe("<p>Hello Ann [Verify your card](https://evil.example) &lt;https://evil.example&gt; &lt;a href=\"https://evil.example\"&gt;x&lt;/a&gt;  # Hi, pro</p>");
  });

  it("drops a button whose link is not http(s); such a message takes no clicks", async () => {
    const s = await session(t);
    const banner = await inApp(t, s.contactId, { channel: "banner", variants: [{ body: "Sale", content: { button: { label: "Go", url: "javascript:alert(1)" } } }] });
    const note = await inApp(t, s.contactId, { channel: "notification", variants: [{ body: "Hi", content: { button: { label: "Go", url: " data:text/html,<script>alert(1)</script>" } } }] });
    const { messages } = await due(t, s.token, `${SHOP}/`);
    expect(messages.map((m: { button: unknown }) => m.button)).toEqual([null, null]);
    for (const d of [banner, note]) {
      await act(t, s.token, d.id, "shown");
      const res = await act(t, s.token, d.id, "click");
      expect(res.status).toBe(400);
      expect(res.json.field).toBe("button");
      expect(findDelivery(t.ctx, d.id)!.clickedAt).toBeNull();
    }
  });

  it("sends sanitized bodies: markdown stays text, HTML keeps formatting and safe links only", async () => {
    const s = await session(t);
    await inApp(t, s.contactId, { channel: "banner", variants: [{ body: "<script>alert(1)</script> *hi*" }] });
    await inApp(t, s.contactId, { channel: "post", variants: [{ bodyFormat: "html", body: '<p onclick="x()">Hi <a href="javascript:alert(1)">bad</a> <a href="https://ok.example">ok</a><img src=x onerror=alert(1)></p><script>alert(2)</script>' }] });
    const { messages } = await due(t, s.token, `${SHOP}/`);
    const html = messages.map((m: { body_html: string }) => m.body_html);
    expect(html).toContain("<p>&lt;script&gt;alert(1)&lt;/script&gt; <em>hi</em></p>");
    expect(html).toContain('<p>Hi <a target="_blank" rel="nofollow noopener noreferrer">bad</a> <a href="https://ok.example" target="_blank" rel="nofollow noopener noreferrer">ok</a></p>');
  });
});

describe("shown, dismissed, opened: the post's life", () => {
  it("shown marks sent + seen once; a dismissed post waits unread in the messenger until opened; all idempotent", async () => {
    const s = await session(t);
    const post = await inApp(t, s.contactId, { variants: [{ subject: "News", body: "Hello" }] });
    expect((await act(t, s.token, post.id, "dismiss")).status).toBe(409); // never shown
    const shown = await act(t, s.token, post.id, "shown");
    expect(shown.status).toBe(200);
    expect(findDelivery(t.ctx, post.id)).toMatchObject({ status: "sent", sentAt: T0, seenAt: T0 });
    t.clock.advance(60_000);
    await act(t, s.token, post.id, "shown");
    expect(findDelivery(t.ctx, post.id)).toMatchObject({ sentAt: T0, seenAt: T0 });
    // Shown but not dismissed: it comes back on the next page.
    expect(ids((await due(t, s.token, `${SHOP}/next`)).messages)).toEqual([post.id]);

    const dismissed = await act(t, s.token, post.id, "dismiss");
    expect(dismissed.json).toMatchObject({ message: { dismissed: true, read: false }, unread_count: 1 });
    t.clock.advance(60_000);
    expect((await act(t, s.token, post.id, "dismiss")).json.unread_count).toBe(1);
    expect(findDelivery(t.ctx, post.id)!.dismissedAt).toBe(T0 + 60_000);
    const list = await due(t, s.token, `${SHOP}/next`);
    expect(list.messages).toEqual([]);
    expect(list.inbox).toMatchObject([{ id: post.id, title: "News", dismissed: true, read: false }]);
    expect(list.unread_count).toBe(1);

    const opened = await act(t, s.token, post.id, "open");
    expect(opened.json).toMatchObject({ message: { read: true }, unread_count: 0 });
    expect(findDelivery(t.ctx, post.id)!.openedAt).toBe(T0 + 120_000);
    expect((await act(t, s.token, post.id, "open")).json.unread_count).toBe(0);
  });

  it("a banner's button click is recorded once; a message without a button refuses clicks", async () => {
    const s = await session(t);
    const banner = await inApp(t, s.contactId, { channel: "banner", variants: [{ body: "Sale", content: { button: { label: "Go", url: "https://shop.example/sale" } } }] });
    const plain = await inApp(t, s.contactId, { channel: "notification", variants: [{ body: "Hi" }] });
    await act(t, s.token, banner.id, "shown");
    await act(t, s.token, plain.id, "shown");
    expect((await act(t, s.token, banner.id, "click")).status).toBe(200);
    t.clock.advance(1000);
    await act(t, s.token, banner.id, "click");
    expect(findDelivery(t.ctx, banner.id)).toMatchObject({ clickedAt: T0 });
    const refused = await act(t, s.token, plain.id, "click");
    expect(refused.status).toBe(400);
    expect(refused.json.field).toBe("button");
  });

  it("another contact's session cannot see, show, dismiss, open, answer or reply to a delivery (404)", async () => {
    const owner = await session(t);
    const other = await session(t);
    const post = await inApp(t, owner.contactId, { variants: [{ body: "Private", content: { replies: [{ label: "Yes", value: "yes" }] } }] });
    expect((await due(t, other.token, `${SHOP}/`)).messages).toEqual([]);
    for (const [action, body] of [["shown", {}], ["dismiss", {}], ["open", {}], ["click", {}], ["answer", { value: "yes" }], ["reply", { body: "hi" }]] as const) {
      expect((await act(t, other.token, post.id, action, body)).status, action).toBe(404);
    }
    expect((await act(t, other.token, "dl_nope", "shown")).status).toBe(404);
    await act(t, owner.token, post.id, "shown");
    expect((await act(t, other.token, post.id, "dismiss")).status).toBe(404);
    expect((await due(t, other.token, `${SHOP}/`)).inbox).toEqual([]);
    expect(findDelivery(t.ctx, post.id)).toMatchObject({ dismissedAt: null, answer: null });
  });
});

describe("workspaces", () => {
  it("a session of another workspace cannot list or act on a delivery, even with the same visitor id", async () => {
    const owner = await session(t);
    const post = await inApp(t, owner.contactId, { variants: [{ body: "Private", content: { replies: [{ label: "Yes", value: "yes" }] } }] });
    await act(t, owner.token, post.id, "shown");
    const foreign = await session(t, { app_id: t.testWorkspace.idCode, anonymous_id: owner.visitorId });
    expect(foreign.contactId).not.toBe(owner.contactId);
    const list = await due(t, foreign.token, `${SHOP}/`);
    expect([list.messages, list.inbox, list.unread_count]).toEqual([[], [], 0]);
    for (const [action, body] of [["shown", {}], ["dismiss", {}], ["open", {}], ["click", {}], ["answer", { value: "yes" }], ["reply", { body: "hi" }]] as const) {
      expect((await act(t, foreign.token, post.id, action, body)).status, action).toBe(404);
    }
    expect(findDelivery(t.ctx, post.id)).toMatchObject({ dismissedAt: null, openedAt: null, answer: null, repliedAt: null });
  });
});

describe("answers", () => {
  it("a quick reply is stored once on the delivery, recorded as an event and fills the attribute", async () => {
    const s = await session(t);
    const note = await inApp(t, s.contactId, {
      channel: "notification",
      variants: [{ body: "Was this useful?", content: { replies: [{ label: "👍 Yes", value: "yes" }, { label: "👎 No", value: "no" }], attribute: "found_useful" } }],
    });
    await act(t, s.token, note.id, "shown");
    const bad = await act(t, s.token, note.id, "answer", { value: "maybe" });
    expect(bad.status).toBe(400);
    expect(bad.json.field).toBe("value");
    const res = await act(t, s.token, note.id, "answer", { value: "no" });
    expect(res.status).toBe(200);
    expect(res.json.message).toMatchObject({ answer: "no", replies: [{ label: "👍 Yes", value: "yes" }, { label: "👎 No", value: "no" }] });
    t.clock.advance(1000);
    expect((await act(t, s.token, note.id, "answer", { value: "yes" })).json.message.answer).toBe("no");
    expect(findDelivery(t.ctx, note.id)!.answer).toBe("no");
    const events = listContactEvents(t.ctx, s.contactId, { perPage: 10 }).rows.filter((e) => e.name === "quick_reply");
    expect(events.map((e) => e.metadata)).toEqual([{ message_id: note.messageId, choice: "no" }]);
    expect(findContact(t.ctx, t.workspace.id, s.contactId)!.customAttributes).toMatchObject({ found_useful: "no" });
    // Answered: it does not come back.
    expect((await due(t, s.token, `${SHOP}/`)).messages).toEqual([]);
  });

  it("uses the variant's own event name when set", async () => {
    const s = await session(t);
    const post = await inApp(t, s.contactId, { variants: [{ body: "Rate us", content: { replies: [{ label: "Great", value: "5" }], event: "nps_answered" } }] });
    await act(t, s.token, post.id, "shown");
    await act(t, s.token, post.id, "answer", { value: "5" });
    const names = listContactEvents(t.ctx, s.contactId, { perPage: 10 }).rows.map((e) => e.name);
    expect(names).toContain("nps_answered");
    expect(names).not.toContain("quick_reply");
  });

  it("a text answer to a post becomes a conversation: the post first, then the reply; later replies join it", async () => {
    const s = await session(t);
    const post = await inApp(t, s.contactId, { variants: [{ subject: "New: exports", body: "Try **CSV** exports" }] });
    await act(t, s.token, post.id, "shown");
    expect((await act(t, s.token, post.id, "reply", { body: "  " })).json.field).toBe("body");
    const res = await act(t, s.token, post.id, "reply", { body: "Can I export to XLSX?", client_message_id: "cm_1" });
    expect(res.status).toBe(201);
    const convId = Number(res.json.conversation_id);
    expect(findDelivery(t.ctx, post.id)).toMatchObject({ conversationId: convId, repliedAt: T0 });
    const parts = listParts(t.ctx, convId);
    expect(parts.map((p) => [p.authorType, p.body])).toEqual([
      ["operator", "<p><strong>New: exports</strong></p><p>Try <strong>CSV</strong> exports</p>"],
      ["contact", "<p>Can I export to XLSX?</p>"],
    ]);
    const again = await act(t, s.token, post.id, "reply", { body: "Or ODS?" });
    expect(again.json.conversation_id).toBe(String(convId));
    expect(listParts(t.ctx, convId)).toHaveLength(3);
    // The contact's messenger lists the conversation; the post no longer shows on pages.
    const convs = await call(t, s.token, "GET", "/messenger/conversations");
    expect(convs.json.conversations.map((c: { id: string }) => c.id)).toEqual([String(convId)]);
    expect((await due(t, s.token, `${SHOP}/`)).messages).toEqual([]);
  });

  it("a message with quick replies does not take text answers", async () => {
    const s = await session(t);
    const post = await inApp(t, s.contactId, { variants: [{ body: "Pick one", content: { replies: [{ label: "A", value: "a" }] } }] });
    await act(t, s.token, post.id, "shown");
    const res = await act(t, s.token, post.id, "reply", { body: "neither" });
    expect(res.status).toBe(400);
    expect(res.json.field).toBe("body");
  });
});
