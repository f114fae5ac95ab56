import { afterEach, describe, expect, it } from "vitest";
import { MINUTE } from "../../src/lib/clock.js";
import { get, HX, identify, listedIds, makeTestApp, nextLink, owner, post, send, shownCount, user, type TestApp } from "./helpers.js";

let t: TestApp;
afterEach(() => t?.close());

const lead = (anonymousId: string, traits: Record<string, unknown> = {}) => ({ type: "identify", anonymousId, traits });

describe("contacts list", () => {
  it("shows users and leads on separate tabs, with counts and profile links", async () => {
    t = makeTestApp();
    const me = owner(t);
    await send(t, identify("u-1", { name: "Ada User", email: "ada@example.test" }), lead("anon-1", { name: "Larry Lead" }));
    const users = await (await get(t, "/contacts", me)).text();
    expect(users).toContain("Ada User");
    expect(users).not.toContain("Larry Lead");
    expect(shownCount(users)).toBe(1);
    expect(users).toContain(`href="/contacts/${user(t, "u-1").id}"`);
    const leads = await (await get(t, "/contacts?tab=leads", me)).text();
    expect(leads).toContain("Larry Lead");
    expect(leads).not.toContain("Ada User");
    expect(leads).toMatch(/<a href="\/contacts\?tab=leads" aria-current="page">Leads<\/a>/);
  });

  it("explains what to do while the workspace has no contacts", async () => {
    t = makeTestApp();
    const html = await (await get(t, "/contacts", owner(t))).text();
    expect(html).toContain("No contacts yet");
    expect(html).toContain('href="/settings/install"');
  });

  it("sorts by any column, custom attributes included, both ways", async () => {
    t = makeTestApp();
    const me = owner(t);
    await send(t, identify("u-b", { name: "Bea", seats: 30 }), identify("u-a", { name: "Abe", seats: 5 }), identify("u-c", { name: "Cy", seats: 12 }));
    const ids = (...names: string[]) => names.map((n) => user(t, n).id);
    const byName = listedIds(await (await get(t, "/contacts?sort=name&dir=asc", me)).text());
    expect(byName).toEqual(ids("u-a", "u-b", "u-c"));
    const bySeats = listedIds(await (await get(t, "/contacts?sort=custom_attributes.seats&dir=desc", me)).text());
    expect(bySeats).toEqual(ids("u-b", "u-c", "u-a"));
    const bySeatsAsc = listedIds(await (await get(t, "/contacts?sort=custom_attributes.seats&dir=asc", me)).text());
    expect(bySeatsAsc).toEqual(ids("u-a", "u-c", "u-b"));
    // An unknown sort key falls back to the default order instead of failing.
    expect((await get(t, "/contacts?sort=nope", me)).status).toBe(200);
  });

  it("pages by keyset: every contact exactly once across pages, ties and missing values included", async () => {
    t = makeTestApp();
    const me = owner(t);
    // 130 users; most share one last-seen time (ties) and 20 have none of the sort attribute (NULLs).
    const batch = Array.from({ length: 130 }, (_, i) => identify(`u-${i}`, i < 110 ? { name: `User ${i}`, rank: i % 7 } : { name: `User ${i}` }));
    await send(t, ...batch);
    for (const sort of ["", "?sort=custom_attributes.rank&dir=desc", "?sort=custom_attributes.rank&dir=asc", "?sort=name&dir=asc"]) {
      const seen: string[] = [];
      let url: string | undefined = `/contacts${sort}`;
      let pages = 0;
      while (url) {
        const html = await (await get(t, url, me)).text();
        expect(html).not.toContain("OFFSET");
        seen.push(...listedIds(html));
        url = nextLink(html);
        pages++;
      }
      expect(pages, sort).toBe(3);
      expect(seen.length, sort).toBe(130);
      expect(new Set(seen).size, sort).toBe(130);
    }
  });

  it("keeps pages stable while new contacts arrive", async () => {
    t = makeTestApp();
    const me = owner(t);
    await send(t, ...Array.from({ length: 60 }, (_, i) => identify(`u-${i}`)));
    const first = await (await get(t, "/contacts", me)).text();
    t.clock.advance(5 * MINUTE);
    await send(t, identify("newcomer"));
    const second = await (await get(t, nextLink(first)!, me)).text();
    const all = [...listedIds(first), ...listedIds(second)];
    expect(new Set(all).size).toBe(60);
    expect(all).not.toContain(user(t, "newcomer").id);
  });

  it("quick search matches name, email and user id", async () => {
    t = makeTestApp();
    const me = owner(t);
    await send(t, identify("acme-42", { name: "Grace Hopper", email: "grace@navy.test" }), identify("u-2", { name: "Alan", email: "alan@example.test" }));
    for (const q of ["hopper", "NAVY.test", "acme-4"]) {
      const html = await (await get(t, `/contacts?q=${encodeURIComponent(q)}`, me)).text();
      expect(listedIds(html), q).toEqual([user(t, "acme-42").id]);
    }
    const none = await (await get(t, "/contacts?q=%25", me)).text();
    expect(listedIds(none)).toEqual([]);
    expect(none).toContain("No users match");
  });

  it("remembers each teammate's columns, custom attributes included", async () => {
    t = makeTestApp();
    const me = owner(t);
    const other = owner(t);
    await send(t, identify("u-1", { name: "Ann", plan: "pro-plan-value" }));
    const before = await (await get(t, "/contacts", me)).text();
    expect(before).not.toContain("pro-plan-value");
    const res = await post(t, "/contacts/columns", { col: "name", tab: "users" }, me);
    expect(res.status).toBe(303);
    const body = new URLSearchParams([["_csrf", me.csrf], ["col", "email"], ["col", "custom_attributes.plan"], ["col", "bogus"], ["tab", "users"]]);
    await t.app.request("/contacts/columns", {
      method: "POST", body,
      headers: { cookie: me.cookie, "content-type": "application/x-www-form-urlencoded", origin: t.ctx.config.PUBLIC_URL },
    });
    const after = await (await get(t, "/contacts", me)).text();
    expect(after).toContain("pro-plan-value");
    expect(after).toMatch(/<th scope="col"><a class="sort-link"[^>]*>Email<\/a><\/th><th scope="col"><a class="sort-link"[^>]*>plan<\/a>/);
    const theirs = await (await get(t, "/contacts", other)).text();
    expect(theirs).not.toContain("pro-plan-value");
  });

  it("answers htmx with the list fragment and a shareable URL", async () => {
    t = makeTestApp();
    const me = owner(t);
    await send(t, identify("u-1", { name: "Ann" }));
    const res = await get(t, "/contacts?match=all&cf=attr:name&co=eq&cv=Ann&cd=&tab=users&sort=last_seen_at&dir=desc", me, HX);
    const html = await res.text();
    expect(html.startsWith('<section id="contacts-page">')).toBe(true);
    expect(html).not.toContain("<html");
    const pushed = res.headers.get("hx-push-url")!;
    const f = new URL(pushed, "http://x").searchParams.get("f")!;
    expect(JSON.parse(Buffer.from(f, "base64url").toString())).toEqual({ match: "all", conditions: [{ attribute: "name", op: "eq", value: "Ann" }] });
  });
});
