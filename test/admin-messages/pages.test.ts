import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listOutbox } from "../../src/email/index.js";
import { listAudit } from "../../src/operators/audit.js";
import { createMessage, getMessage, listMessages, parseMessageInput } from "../../src/outbound/index.js";
import { createSegment } from "../../src/segments/index.js";
import { get, HX, makeTestApp, owner, post, send, type Browser, type TestApp } from "../admin-contacts/helpers.js";

let t: TestApp;
let who: Browser;
beforeEach(async () => {
  t = makeTestApp();
  who = owner(t, { name: "Olive" });
  await send(t,
    { type: "identify", userId: "ann", traits: { name: "Ann", email: "ann@example.test", plan: "pro" } },
    { type: "identify", userId: "bob", traits: { name: "Bob", email: "bob@example.test", plan: "free" } },
    { type: "identify", userId: "xss", traits: { name: "<img src=x onerror=alert(1)>", email: "xss@example.test", plan: "pro" } });
});
afterEach(() => t.close());

const XSS = `<script>alert("x")</script>`;

/** The message form as the editor submits it, with overrides. */
function form(over: Record<string, string> = {}): Record<string, string> {
  return {
    _ws: t.workspace.id, name: "Welcome", channel: "email", kind: "one_off", send_mode: "now", vA_weight: "100", vA_format: "markdown",
    vA_subject: "Hi {{ contact.first_name | default: \"there\" }}", vA_body: "Hello **{{ contact.name }}**, see https://example.test/start",
    control_percent: "0", goal_days: "7", priority: "0", ...over,
  };
}

async function proSegment() {
  return await createSegment(t.ctx, t.workspace.id, { name: "Pro", match: "all", conditions: [{ attribute: "custom_attributes.plan", op: "eq", value: "pro" }] });
}

async function create(over: Record<string, string> = {}): Promise<string> {
  const res = await post(t, "/messages", form(over), who);
  expect(res.status).toBe(303);
  return res.headers.get("location")!.split("/").pop()!;
}

describe("messages admin", { timeout: 30_000 }, () => {
  it("lists messages by tab with their figures, and the nav item is live", async () => {
    const empty = await (await get(t, "/messages", who)).text();
    expect(empty).toContain("No messages here yet");
    expect(empty).toMatch(/<a href="\/messages" class="nav-item" aria-current="page">Messages<\/a>/);
    await create({ name: "Broadcast one" });
    await create({ name: "Auto one", kind: "ongoing", trigger_type: "inactive", trigger_days: "7", freq_mode: "once" });
    const all = await (await get(t, "/messages", who)).text();
    expect(all).toContain("Broadcast one");
    expect(all).toContain("Auto one");
    const oneOff = await (await get(t, "/messages?tab=one_off", who)).text();
    expect(oneOff).toContain("Broadcast one");
    expect(oneOff).not.toContain("Auto one");
    const posts = await (await get(t, "/messages?channel=post", who)).text();
    expect(posts).toContain("No messages here yet");
  });

  it("pages through many messages, newest first, without repeats", async () => {
    for (let i = 0; i < 53; i++) {
      createMessage(t.ctx, t.workspace.id, parseMessageInput({ name: `Bulk ${String(i).padStart(2, "0")}`, channel: "email" }));
      if (i % 10 === 0) t.clock.advance(1000);
    }
    const first = await (await get(t, "/messages", who)).text();
    const names = (html: string) => [...html.matchAll(/>(Bulk \d\d)<\/a>/g)].map((m) => m[1]!);
    expect(names(first)).toHaveLength(50);
    const next = /rel="next" href="([^"]+)"/.exec(first)![1]!.replace(/&amp;/g, "&");
    const second = await (await get(t, next, who)).text();
    expect(names(second)).toHaveLength(3);
    expect(new Set([...names(first), ...names(second)]).size).toBe(53);
    expect(second).not.toContain('rel="next"');
  });

  it("preselects a segment from ?segment= (the “message them” flow) and counts the audience live", async () => {
    const seg = await proSegment();
    const html = await (await get(t, `/messages/new?segment=${seg.id}`, who)).text();
    expect(html).toMatch(new RegExp(`<option value="${seg.id}" selected="">Pro</option>`));
    expect(html).toMatch(/id="audience-count"[^>]*><strong>2<\/strong> contacts match/);
    const count = await post(t, "/messages/audience-count", { aud_segment: "" }, who, { headers: HX });
    expect(await count.text()).toMatch(/<strong>3<\/strong> contacts match/);
    const one = await post(t, "/messages/audience-count", { aud_contact: "bob@example.test" }, who, { headers: HX });
    expect(await one.text()).toMatch(/<strong>1<\/strong> contact matches/);
    const bad = await post(t, "/messages/audience-count", { aud_filter: "{nope" }, who, { headers: HX });
    expect(await bad.text()).toContain("audience.filter: not valid JSON");
  });

  it("creates a draft (audited, CSRF-checked), re-renders errors naming the field, and edits it", async () => {
    const noCsrf = await post(t, "/messages", form(), who, { csrf: false });
    expect(noCsrf.status).toBe(403);
    const bad = await post(t, "/messages", form({ control_percent: "80" }), who);
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(/controlPercent/);
    const noTime = await post(t, "/messages", form({ send_mode: "at", scheduled_at: "" }), who);
    expect(noTime.status).toBe(422);
    expect(await noTime.text()).toContain("pick the date and time");
    const nobody = await post(t, "/messages", form({ aud_contact: "nobody@example.test" }), who);
    expect(nobody.status).toBe(422);
    const id = await create({ name: XSS, vB_enabled: "1", vB_subject: "Other", vB_body: "B body", vB_weight: "50" });
    const m = getMessage(t.ctx, t.workspace.id, id);
    expect(m.variants.map((v) => [v.label, v.weight])).toEqual([["A", 100], ["B", 50]]);
    expect(listAudit(t.ctx).some((a) => a.action === "message.created" && a.target === id)).toBe(true);
    const edit = await (await get(t, `/messages/${id}/edit`, who)).text();
    expect(edit).not.toContain(XSS);
    expect(edit).toContain("&lt;script&gt;");
    expect(edit).toContain(`value="${m.variants[1]!.id}"`);
    const saved = await post(t, `/messages/${id}`, form({ name: "Renamed", vB_enabled: "1", vB_id: m.variants[1]!.id, vB_subject: "B2", vB_body: "b", vB_weight: "10" }), who);
    expect(saved.status).toBe(303);
    const after = getMessage(t.ctx, t.workspace.id, id);
    expect(after.name).toBe("Renamed");
    expect(after.variants[1]).toMatchObject({ id: m.variants[1]!.id, subject: "B2", weight: 10 });
  });

  it("previews as a contact with Liquid filled in and escaped, and test-sends to the operator's outbox", async () => {
    const id = await create();
    const res = await get(t, `/messages/${id}/preview?contact=ann@example.test`, who, HX);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Hi Ann");
    expect(html).toContain("<iframe");
    expect(html).not.toContain("/e/o/");
    const xss = await (await get(t, `/messages/${id}/preview?contact=xss`, who, HX)).text();
    expect(xss).not.toContain("<img src=x");
    const evil = await create({ vA_body: `Hi ${XSS} <a href="javascript:alert(2)">x</a> there` });
    const evilHtml = await (await get(t, `/messages/${evil}/preview?contact=ann`, who, HX)).text();
    expect(evilHtml).toContain("there");
    // What the frame runs: the srcdoc attribute, unescaped once. The author's markup stays text, never tags.
    const frameDoc = (html: string) => (/srcdoc="([^"]*)"/.exec(html)?.[1] ?? "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
    expect(frameDoc(evilHtml)).toContain("<p>Hi &lt;script&gt;");
    expect(frameDoc(evilHtml)).not.toMatch(/<script|<a\b[^>]*href="javascript:/i);
    const inApp = await create({ channel: "post", vA_subject: "", vA_body: `Poll ${XSS}`, vA_replies: "Yes\nNo" });
    const postHtml = await (await get(t, `/messages/${inApp}/preview?contact=ann`, who, HX)).text();
    expect(postHtml).toContain("Poll");
    expect(frameDoc(postHtml)).toContain(">Yes</button>");
    expect(frameDoc(postHtml)).not.toMatch(/<script/i);
    const missing = await get(t, `/messages/${id}/preview?contact=nobody`, who, HX);
    expect(missing.status).toBe(422);
    const sent = await post(t, `/messages/${id}/test`, { contact: "ann", _ws: t.workspace.id }, who, { headers: HX });
    expect(await sent.text()).toContain("in the outbox");
    const kept = listOutbox(t.ctx, t.workspace.id);
    expect(kept[0]!.subject).toBe("[Test] Hi Ann");
    expect(kept[0]!.toAddress).toBe(who.operator.email);
  });

  it("launches, pauses, resumes and cancels with audit rows; refusals come back as a flash", async () => {
    const seg = await proSegment();
    const id = await create({ aud_segment: seg.id });
    const launched = await post(t, `/messages/${id}/launch`, { _ws: t.workspace.id }, who, { headers: HX });
    expect(launched.headers.get("hx-redirect")).toBe(`/messages/${id}`);
    expect(getMessage(t.ctx, t.workspace.id, id).status).toBe("sending");
    const report = await (await get(t, `/messages/${id}`, who)).text();
    expect(report).toMatch(/data-metric="audience"[^]*?<span class="stat-value">2<\/span>/);
    expect(report).toContain(`sse-connect="/messages/${id}/stream"`);
    for (const [verb, status] of [["pause", "paused"], ["resume", "sending"], ["cancel", "cancelled"]] as const) {
      const r = await post(t, `/messages/${id}/${verb}`, { _ws: t.workspace.id }, who);
      expect(r.status).toBe(303);
      expect(getMessage(t.ctx, t.workspace.id, id).status).toBe(status);
    }
    const again = await post(t, `/messages/${id}/pause`, { _ws: t.workspace.id }, who);
    expect(again.status).toBe(303);
    const page = await (await get(t, `/messages/${id}`, who, { cookie: `${who.cookie}; ${again.headers.getSetCookie().map((l) => l.split(";")[0]).join("; ")}` })).text();
    expect(page).toMatch(/cancelled message cannot become paused/i);
    const actions = listAudit(t.ctx).filter((a) => a.target === id).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["message.launched", "message.paused", "message.resumed", "message.cancelled"]));
    expect(listMessages(t.ctx, t.workspace.id, { status: "cancelled" })).toHaveLength(1);
  });

  it("lists the contacts behind a figure and exports them as CSV; unknown figures are a 400", async () => {
    const id = await create();
    await post(t, `/messages/${id}/launch`, { _ws: t.workspace.id }, who);
    const list = await (await get(t, `/messages/${id}/contacts?metric=audience`, who)).text();
    expect(list).toContain("Audience: 3 contacts");
    expect(list).toContain("ann@example.test");
    expect(list).not.toContain("<img src=x");
    const csv = await get(t, `/messages/${id}/contacts.csv?metric=audience`, who);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe("contact_id,name,email,user_id,variant,status,at,answer,error");
    expect(lines).toHaveLength(4);
    expect((await get(t, `/messages/${id}/contacts?metric=bogus`, who)).status).toBe(400);
    expect((await get(t, `/messages/${id}/contacts?metric=sent&arm=var_nope`, who)).status).toBe(404);
    expect((await get(t, `/messages/msg_nope`, who)).status).toBe(404);
  });
});
