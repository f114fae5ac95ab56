import { afterEach, describe, expect, it } from "vitest";
import { DAY, HOUR } from "../../src/lib/clock.js";
import { countMembers } from "../../src/segments/index.js";
import { cookieValue } from "../admin/support.js";
import { get, HX, post, identify, makeTestApp, owner, proSegment, seedPeople, send, track, user, type Browser, type TestApp } from "./helpers.js";

let t: TestApp;
let me: Browser;
afterEach(() => t?.close());

async function setup() {
  t = makeTestApp();
  me = owner(t);
  await seedPeople(t);
}

const XSS = `<img src=x onerror=alert(1)>`;

describe("segments list", () => {
  it("tells what to do when there are no segments", async () => {
    t = makeTestApp();
    me = owner(t);
    const html = await (await get(t, "/segments", me)).text();
    expect(html).toContain("No segments yet");
    expect(html).toContain('href="/segments/new"');
    expect(html).toMatch(/<a[^>]*href="\/segments"[^>]*>Segments<\/a>/);
  });

  it("lists segments with member counts, person type and a trend from the recorded daily sizes", async () => {
    await setup();
    const seg = await proSegment(t);
    await t.runJob("segments.refresh");
    t.clock.advance(DAY);
    await send(t, identify("dan", { name: "Dan", plan: "pro" }));
    await t.runJob("segments.refresh");
    const html = await (await get(t, "/segments", me)).text();
    const row = new RegExp(`<tr id="segment-${seg.id}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? "";
    expect(row).toContain(`href="/segments/${seg.id}"`);
    expect(row).toContain("<td>Users</td>");
    expect(row).toMatch(/data-members="?"?[^>]*>3</);
    expect(row).toMatch(/<polyline points="[\d.]+,[\d.]+ [\d.]+,[\d.]+"/);
  });

  it("escapes a segment named with an XSS payload everywhere it is shown", async () => {
    await setup();
    const seg = await proSegment(t, XSS);
    for (const path of ["/segments", `/segments/${seg.id}`]) {
      const html = await (await get(t, path, me)).text();
      expect(html).not.toContain(XSS);
      expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    }
    const csv = await (await get(t, `/segments/${seg.id}/members.csv`, me)).text();
    expect(csv.length).toBeGreaterThan(0);
  });
});

describe("segment page", () => {
  it("shows the builder with the saved conditions, the members and the Message them link", async () => {
    await setup();
    const seg = await proSegment(t);
    const res = await get(t, `/segments/${seg.id}`, me);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('id="segment-members">2</strong>');
    expect(html).toContain(`href="/messages/new?segment=${seg.id}"`);
    expect(html).toMatch(/<option value="attr:custom_attributes.plan" selected/);
    expect(html).toMatch(/<option value="users" selected/);
    expect(html).toContain(`href="/contacts/${user(t, "ann").id}"`);
    expect(html).not.toContain(`href="/contacts/${user(t, "bob").id}"`);
  });

  it("is linked from the contact profile, whose history links to the explainer for that contact", async () => {
    await setup();
    const seg = await proSegment(t);
    const ann = user(t, "ann");
    const profile = await (await get(t, `/contacts/${ann.id}`, me)).text();
    expect(profile).toContain(`<a href="/segments/${seg.id}">Pro users</a>`);
    const page = await (await get(t, `/segments/${seg.id}?contact=${ann.id}`, me)).text();
    expect(page).toContain('id="explain-verdict"');
    expect(page).toContain("matches this segment");
  });

  it("is a 404 for a segment of another workspace", async () => {
    await setup();
    const seg = await proSegment(t);
    const switched = await post(t, "/workspace", { ws: t.testWorkspace.id, next: "/segments" }, me);
    const cookie = `${me.cookie}; parley_ws=${cookieValue(switched, "parley_ws")}`;
    expect((await get(t, "/segments", me, { cookie })).status).toBe(200);
    const res = await get(t, `/segments/${seg.id}`, me, { cookie });
    expect(res.status).toBe(404);
    expect((await get(t, `/segments/${seg.id}/members.csv`, me, { cookie })).status).toBe(404);
    const missing = await get(t, "/segments/seg_nope", me);
    expect(missing.status).toBe(404);
  });

  it("pages through members by contact id", async () => {
    await setup();
    await send(t, ...Array.from({ length: 30 }, (_, i) => identify(`p-${i}`, { plan: "pro" })));
    const seg = await proSegment(t);
    expect(countMembers(t.ctx, seg.id)).toBe(32);
    const first = await (await get(t, `/segments/${seg.id}/members`, me, HX)).text();
    const ids = [...first.matchAll(/href="\/contacts\/([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(25);
    const next = /rel="next" href="[^"]*\?after=([^"#]+)/.exec(first)?.[1];
    expect(next).toBe(ids[24]);
    const second = await (await get(t, `/segments/${seg.id}/members?after=${next}`, me, HX)).text();
    const rest = [...second.matchAll(/href="\/contacts\/([^"]+)"/g)].map((m) => m[1]);
    expect(rest).toHaveLength(7);
    expect(new Set([...ids, ...rest]).size).toBe(32);
    expect(second).not.toContain('rel="next"');
  });

  it("exports the members as CSV, streamed, with the contact columns and entry time", async () => {
    await setup();
    const seg = await proSegment(t, "Pro, \"quoted\"");
    const res = await get(t, `/segments/${seg.id}/members.csv`, me);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="parley-pro-quoted-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await res.text()).replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    const header = lines[0]!.split(",");
    expect(header[0]).toBe("id");
    expect(header).toContain("email");
    expect(header).toContain("custom_attributes.plan");
    expect(header.at(-1)).toBe("entered_at");
    expect(lines).toHaveLength(3);
    const emails = lines.slice(1).map((l) => l.split(",")[header.indexOf("email")]).sort();
    expect(emails).toEqual(["ann@example.test", "cat@example.test"]);
    expect(lines[1]!.split(",").at(-1)).toBe(new Date(t.clock.now()).toISOString());
  });

  it("switches the size history between hours and days", async () => {
    await setup();
    const seg = await proSegment(t);
    await t.runJob("segments.refresh");
    t.clock.advance(HOUR);
    await send(t, identify("dan", { plan: "pro" }));
    await t.runJob("segments.refresh");
    const hours = await (await get(t, `/segments/${seg.id}/sizes?g=hour`, me, HX)).text();
    expect(hours).toContain('aria-label="Segment size per hour: from 2 to 3 members"');
    const days = await (await get(t, `/segments/${seg.id}/sizes?g=day`, me, HX)).text();
    expect(days).toContain('aria-label="Segment size per day: from 3 to 3 members"');
  });
});

describe("explain", () => {
  it("lists every condition with the contact's actual value and pass/fail", async () => {
    await setup();
    await send(t, track("bob", "login"), track("bob", "login"));
    const { createSegment } = await import("../../src/segments/index.js");
    const seg = await createSegment(t.ctx, t.workspace.id, {
      name: "Active pro", match: "all",
      conditions: [{ attribute: "custom_attributes.plan", op: "eq", value: "pro" }, { event: "login", op: "count_gte", value: 2, within_days: 7 }],
    });
    const res = await get(t, `/segments/${seg.id}/explain?contact=bob@example.test`, me, HX);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("does not match this segment");
    const rows = [...html.matchAll(/<tr class="(pass|fail)" data-path="([^"]+)"><td[^>]*>([^<]*)<\/td><td>([\s\S]*?)<\/td>/g)].map((m) => [m[1], m[2], m[3], m[4]]);
    expect(rows[0]).toEqual(["fail", "root", "All of these", expect.stringContaining("1 of 2 pass")]);
    expect(rows[1]).toEqual(["fail", "conditions[0]", "custom_attributes.plan is “pro”", "free"]);
    expect(rows[2]).toEqual(["pass", "conditions[1]", "login done at least 2 times in the last 7 days", "2"]);
  });

  it("names tags and referenced segments in words", async () => {
    await setup();
    const { findOrCreateTag, tagContact } = await import("../../src/tags/index.js");
    const { createSegment } = await import("../../src/segments/index.js");
    const vip = findOrCreateTag(t.ctx, t.workspace.id, "V.I.P.");
    tagContact(t.ctx, t.workspace.id, user(t, "ann").id, vip.id);
    const pro = await proSegment(t);
    const seg = await createSegment(t.ctx, t.workspace.id, { name: "VIP pro", match: "all", conditions: [{ tag: vip.id, op: "has" }, { segment: pro.id, op: "in" }] });
    const html = await (await get(t, `/segments/${seg.id}/explain?contact=ann`, me, HX)).text();
    expect(html).toContain("Has tag “V.I.P.”");
    expect(html).toContain("In segment “Pro users”");
    expect(html).toContain("matches this segment");
  });

  it("finds the contact by user id and says when nobody matches the reference", async () => {
    await setup();
    const seg = await proSegment(t);
    const ann = await (await get(t, `/segments/${seg.id}/explain?contact=ann`, me, HX)).text();
    expect(ann).toContain("matches this segment");
    expect(ann).toContain("Member since");
    const none = await get(t, `/segments/${seg.id}/explain?contact=${encodeURIComponent(XSS)}`, me, HX);
    expect(none.status).toBe(404);
    const text = await none.text();
    expect(text).toContain("No contact has the id");
    expect(text).not.toContain(XSS);
  });
});
