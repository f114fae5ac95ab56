import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getMessage } from "../../src/outbound/index.js";
import { createSegment } from "../../src/segments/index.js";
import { get, HX, makeTestApp, owner, post, send, type Browser, type TestApp } from "../admin-contacts/helpers.js";
import { makeMessage } from "./fixtures.js";

let t: TestApp;
let who: Browser;
beforeEach(async () => {
  t = makeTestApp();
  who = owner(t, { name: "Olive" });
  await send(t,
    { type: "identify", userId: "ann", traits: { name: "Ann", email: "ann@example.test" } },
    { type: "identify", userId: "abe", traits: { name: "Abe", email: "abe@example.test" } },
    { type: "identify", userId: "bob", traits: { name: "Bob", email: "bob@example.test" } });
});
afterEach(() => t.close());

describe("message audience filter in the filter builder", () => {
  it("builds a filter with the builder fields, counts it live, saves it and the editor counts the same audience", async () => {
    const m = makeMessage(t);
    const edit = await (await get(t, `/messages/${m.id}/edit`, who)).text();
    expect(edit).toContain(`href="/messages/${m.id}/filter"`);
    expect(edit).toContain("Ad-hoc filter: none");

    const page = await (await get(t, `/messages/${m.id}/filter`, who)).text();
    expect(page).toContain('id="contact-filter"');
    expect(page).toMatch(/id="filter-count"[^]*?<strong>3<\/strong> contacts get/);
    const live = await (await get(t, `/messages/${m.id}/filter?match=all&cf=attr:name&co=starts_with&cv=A&cd=`, who, HX)).text();
    expect(live).toMatch(/id="filter-count"[^]*?<strong>2<\/strong> contacts get/);

    const res = await post(t, `/messages/${m.id}/filter`, { match: "all", cf: "attr:name", co: "starts_with", cv: "A", cd: "" }, who, { headers: HX });
    expect(res.status).toBe(200);
    expect(res.headers.get("hx-redirect")).toBe(`/messages/${m.id}/edit`);
    const filter = getMessage(t.ctx, t.workspace.id, m.id).audience.filter;
    expect(filter).toEqual({ match: "all", conditions: [{ attribute: "name", op: "starts_with", value: "A" }] });

    const after = await (await get(t, `/messages/${m.id}/edit`, who)).text();
    expect(after).toContain("1 condition");
    expect(after).toMatch(/id="audience-count"[^]*?<strong>2<\/strong> contacts match/);
    const counted = await (await post(t, "/messages/audience-count", { aud_filter: JSON.stringify(filter) }, who, { headers: HX })).text();
    expect(counted).toContain("<strong>2</strong>");
  });

  it("keeps the rest of the audience, matches a segment, and refuses unfinished rows and a started broadcast", async () => {
    const seg = createSegment(t.ctx, t.workspace.id, { name: "Bobs", match: "all", conditions: [{ attribute: "name", op: "eq", value: "Bob" }] });
    const m = makeMessage(t, { audience: { percent: 50 } });
    let res = await post(t, `/messages/${m.id}/filter`, { match: "all", cf: "segment", co: "not_in", cv: seg.id, cd: "" }, who, { headers: HX });
    expect(res.status).toBe(200);
    expect(getMessage(t.ctx, t.workspace.id, m.id).audience).toEqual({ percent: 50, filter: { match: "all", conditions: [{ segment: seg.id, op: "not_in" }] } });

    res = await post(t, `/messages/${m.id}/filter`, { match: "all", cf: "attr:name", co: "eq", cv: "", cd: "" }, who, { headers: HX });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Condition 1 needs a value");

    // Removing every condition drops the filter.
    res = await post(t, `/messages/${m.id}/filter`, { match: "all" }, who, { headers: HX });
    expect(res.status).toBe(200);
    expect(getMessage(t.ctx, t.workspace.id, m.id).audience).toEqual({ percent: 50 });

    t.ctx.db.$client.prepare("UPDATE messages SET status = 'sending' WHERE id = ?").run(m.id);
    res = await post(t, `/messages/${m.id}/filter`, { match: "all", cf: "attr:name", co: "eq", cv: "Ann", cd: "" }, who, { headers: HX });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Sending has started");
  });
});
