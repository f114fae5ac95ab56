import { afterEach, describe, expect, it } from "vitest";
import { DAY } from "../../src/lib/clock.js";
import { findOrCreateTag, tagContact } from "../../src/tags/index.js";
import { f, get, HX, identify, listedIds, makeTestApp, owner, send, shownCount, T0, track, user, type Browser, type TestApp } from "./helpers.js";

let t: TestApp;
let me: Browser;
afterEach(() => t?.close());

/** Five users: plans, a tag, and logins spread over time. */
async function seed(): Promise<void> {
  t = makeTestApp();
  me = owner(t);
  await send(
    t,
    identify("ann", { name: "Ann", plan: "pro", seats: 12 }),
    identify("bob", { name: "Bob", plan: "free", seats: 1 }),
    identify("cat", { name: "Cat", plan: "pro", seats: 3 }),
    identify("dan", { name: "Dan", plan: "enterprise", seats: 40 }),
    identify("eve", { name: "Eve" }),
    // Ann: 3 logins in the last week; Cat: 3 logins, but 40+ days ago; Dan: 1 recent login.
    ...[1, 2, 3].map((d) => track("ann", "login", {}, T0 - d * DAY)),
    ...[40, 41, 42].map((d) => track("cat", "login", {}, T0 - d * DAY)),
    track("dan", "login", {}, T0 - DAY),
  );
  const vip = findOrCreateTag(t.ctx, t.workspace.id, "vip");
  tagContact(t.ctx, t.workspace.id, user(t, "bob").id, vip.id);
  tagContact(t.ctx, t.workspace.id, user(t, "dan").id, vip.id);
}

async function matching(def: unknown): Promise<{ ids: string[]; count: number | undefined; status: number; html: string }> {
  const res = await get(t, `/contacts?f=${f(def)}`, me);
  const html = await res.text();
  return { ids: listedIds(html).sort(), count: shownCount(html), status: res.status, html };
}

const ids = (...names: string[]) => names.map((n) => user(t, n).id).sort();

describe("filter builder", () => {
  it("filters by a custom attribute, with the live count", async () => {
    await seed();
    const r = await matching({ match: "all", conditions: [{ attribute: "custom_attributes.plan", op: "eq", value: "pro" }] });
    expect(r.status).toBe(200);
    expect(r.ids).toEqual(ids("ann", "cat"));
    expect(r.count).toBe(2);
    const bySeats = await matching({ match: "all", conditions: [{ attribute: "custom_attributes.seats", op: "gte", value: 10 }] });
    expect(bySeats.ids).toEqual(ids("ann", "dan"));
  });

  it("filters by tag (present or absent)", async () => {
    await seed();
    const vip = findOrCreateTag(t.ctx, t.workspace.id, "vip");
    expect((await matching({ match: "all", conditions: [{ tag: vip.id, op: "has" }] })).ids).toEqual(ids("bob", "dan"));
    expect((await matching({ match: "all", conditions: [{ tag: "vip", op: "has_not" }] })).ids).toEqual(ids("ann", "cat", "eve"));
  });

  it("counts events within a window of days", async () => {
    await seed();
    const recent = await matching({ match: "all", conditions: [{ event: "login", op: "count_gte", value: 2, within_days: 7 }] });
    expect(recent.ids).toEqual(ids("ann"));
    const ever = await matching({ match: "all", conditions: [{ event: "login", op: "count_gte", value: 2 }] });
    expect(ever.ids).toEqual(ids("ann", "cat"));
    const lapsed = await matching({ match: "all", conditions: [{ event: "login", op: "last_more_than_days_ago", value: 30 }] });
    expect(lapsed.ids).toEqual(ids("cat"));
  });

  it("combines conditions with all / any", async () => {
    await seed();
    const conds = [{ attribute: "custom_attributes.plan", op: "eq", value: "pro" }, { tag: "vip", op: "has" }];
    expect((await matching({ match: "all", conditions: conds })).ids).toEqual([]);
    expect((await matching({ match: "any", conditions: conds })).ids).toEqual(ids("ann", "bob", "cat", "dan"));
  });

  it("builds the same definition from the form rows, typing values by attribute type", async () => {
    await seed();
    const qs = new URLSearchParams([
      ["match", "all"], ["tab", "users"],
      ["cf", "attr:custom_attributes.seats"], ["co", "gt"], ["cv", "2"], ["cd", ""],
      ["cf", "event:login"], ["co", "count_gte"], ["cv", "1"], ["cd", "7"],
    ]);
    const res = await get(t, `/contacts?${qs}`, me, HX);
    const html = await res.text();
    expect(listedIds(html).sort()).toEqual(ids("ann", "dan"));
    const pushed = new URL(res.headers.get("hx-push-url")!, "http://x").searchParams.get("f")!;
    expect(JSON.parse(Buffer.from(pushed, "base64url").toString())).toEqual({
      match: "all",
      conditions: [
        { attribute: "custom_attributes.seats", op: "gt", value: 2 },
        { event: "login", op: "count_gte", value: 1, within_days: 7 },
      ],
    });
    // The link renders the rows back into the builder.
    const again = await (await get(t, `/contacts?f=${pushed}`, me)).text();
    expect(again).toMatch(/<option value="attr:custom_attributes.seats" selected="">/);
    expect(again).toMatch(/id="cd-1" name="cd" type="number"[^>]*value="7"/);
  });

  it("adds and removes rows; a row without its value yet is skipped, not refused", async () => {
    await seed();
    const added = await get(t, "/contacts?match=all&tab=users&add=attr:custom_attributes.plan", me, HX);
    const html = await added.text();
    expect(added.status).toBe(200);
    expect(html).toContain('id="cf-0"');
    expect(html).toContain("Enter a value to apply this condition.");
    expect(listedIds(html)).toHaveLength(5);
    const qs = new URLSearchParams([["match", "all"], ["cf", "attr:name"], ["co", "eq"], ["cv", "Ann"], ["cd", ""], ["cf", "tag"], ["co", "has"], ["cv", ""], ["cd", ""], ["remove", "0"]]);
    const removed = await (await get(t, `/contacts?${qs}`, me, HX)).text();
    expect(removed).not.toContain('id="cf-1"');
    expect(removed).toMatch(/<option value="tag" selected="">Tag<\/option>/);
  });

  it("starts a row afresh when its field changes, and clears the value when the kind of value changes", async () => {
    await seed();
    const changed = new URLSearchParams([["match", "all"], ["pf", "attr:name"], ["po", "contains"], ["cf", "attr:custom_attributes.seats"], ["co", "contains"], ["cv", "Ann"], ["cd", ""]]);
    const res = await get(t, `/contacts?${changed}`, me, HX);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toMatch(/<select id="co-0"[^>]*><option value="eq" selected="">/);
    expect(html).toMatch(/<input id="cv-0" name="cv" value=""/);
    expect(html).toContain("Enter a value to apply this condition.");
    const opKind = new URLSearchParams([["match", "all"], ["pf", "attr:signed_up_at"], ["po", "more_than_days_ago"], ["cf", "attr:signed_up_at"], ["co", "before"], ["cv", "30"], ["cd", ""]]);
    expect(await (await get(t, `/contacts?${opKind}`, me, HX)).text()).toMatch(/<input id="cv-0" name="cv" value=""[^>]*type="date"/);
    const same = new URLSearchParams([["match", "all"], ["pf", "attr:name"], ["po", "eq"], ["cf", "attr:name"], ["co", "ne"], ["cv", "Ann"], ["cd", ""]]);
    expect(listedIds(await (await get(t, `/contacts?${same}`, me, HX)).text())).toHaveLength(4);
  });

  it("refuses an invalid filter with a 400 fragment naming the problem (not a 500)", async () => {
    await seed();
    const cases: [unknown, RegExp][] = [
      [{ match: "all", conditions: [{ attribute: "shoe_size", op: "eq", value: "x" }] }, /conditions\[0\]\.attribute: unknown attribute &#39;shoe_size&#39;/],
      [{ match: "all", conditions: [{ attribute: "custom_attributes.seats", op: "contains", value: "x" }] }, /conditions\[0\]\.op: &#39;contains&#39; does not apply to a number attribute/],
      [{ match: "all", conditions: [{ event: "login", op: "count_gte" }] }, /conditions\[0\]\.value/],
      [{ match: "sometimes", conditions: [] }, /match: must be &#39;all&#39; or &#39;any&#39;/],
      [{ match: "all", conditions: [{ tag: "no-such-tag", op: "has" }] }, /unknown tag &#39;no-such-tag&#39;/],
    ];
    for (const [def, says] of cases) {
      const r = await matching(def);
      expect(r.status, JSON.stringify(def)).toBe(400);
      expect(says.test(r.html), `${JSON.stringify(def)} should say ${says}`).toBe(true);
      expect(r.ids).toEqual([]);
    }
    const garbage = await get(t, "/contacts?f=not-base64-json", me, HX);
    expect(garbage.status).toBe(400);
    expect(await garbage.text()).toContain("not valid JSON");
    const rows = await get(t, "/contacts?match=all&cf=attr:custom_attributes.seats&co=gt&cv=lots&cd=", me, HX);
    expect(rows.status).toBe(400);
    expect(await rows.text()).toMatch(/class="filter-row has-error"[\s\S]*conditions\[0\]\.value: must be a number/);
  });
});
