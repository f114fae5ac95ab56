import { afterEach, describe, expect, it } from "vitest";
import type { BusPayload } from "../../src/lib/bus.js";
import { countMembers, getSegment, listSegments } from "../../src/segments/index.js";
import { findTagByName, listContactTags } from "../../src/tags/index.js";
import { f, get, HX, identify, listedIds, makeTestApp, owner, post, send, user, type Browser, type TestApp } from "./helpers.js";

let t: TestApp;
let me: Browser;
afterEach(() => t?.close());

const PRO = { match: "all", conditions: [{ attribute: "custom_attributes.plan", op: "eq", value: "pro" }] };
const tagsOf = (userId: string) => listContactTags(t.ctx, user(t, userId).id).map((x) => x.name);

async function seed(): Promise<void> {
  t = makeTestApp();
  me = owner(t);
  await send(t, identify("ann", { name: "Ann", plan: "pro" }), identify("bob", { name: "Bob", plan: "free" }), identify("cat", { name: "Cat", plan: "pro" }));
}

/** POST a form with repeated fields (ids), as the list's bulk form does. */
function postPairs(path: string, pairs: [string, string][], headers: Record<string, string> = {}) {
  const body = new URLSearchParams([["_csrf", me.csrf], ...pairs]);
  return t.app.request(path, { method: "POST", body, headers: { cookie: me.cookie, "content-type": "application/x-www-form-urlencoded", origin: t.ctx.config.PUBLIC_URL, ...headers } });
}

describe("bulk actions", () => {
  it("tags the selected contacts, then untags them; announces each change", async () => {
    await seed();
    const updated: string[] = [];
    t.ctx.bus.on("contact.updated", (p: BusPayload) => updated.push(p.contactId!));
    const res = await postPairs("/contacts/bulk-tag", [["scope", "selected"], ["ids", user(t, "ann").id], ["ids", user(t, "bob").id], ["tag", "Beta"], ["action", "tag"], ["tab", "users"]], HX);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Tagged 2 contacts “Beta”.");
    await t.ctx.bus.settled();
    expect(updated.sort()).toEqual([user(t, "ann").id, user(t, "bob").id].sort());
    expect(tagsOf("ann")).toEqual(["Beta"]);
    expect(tagsOf("cat")).toEqual([]);
    const again = await postPairs("/contacts/bulk-tag", [["scope", "selected"], ["ids", user(t, "ann").id], ["tag", "Beta"], ["action", "untag"]], HX);
    expect(await again.text()).toContain("Removed “Beta” from 1 contact.");
    expect(tagsOf("ann")).toEqual([]);
    expect(tagsOf("bob")).toEqual(["Beta"]);
  });

  it("tags every contact the filter matches (not only the page)", async () => {
    await seed();
    await send(t, ...Array.from({ length: 60 }, (_, i) => identify(`p-${i}`, { plan: "pro" })));
    const res = await postPairs("/contacts/bulk-tag", [["scope", "all"], ["tag", "pro-users"], ["action", "tag"], ["tab", "users"], ["f", f(PRO)]], HX);
    expect(await res.text()).toContain("Tagged 62 contacts");
    expect(tagsOf("bob")).toEqual([]);
    expect(tagsOf("p-59")).toEqual(["pro-users"]);
  });

  it("refuses a bulk action with nothing selected or no tag name, without a 500", async () => {
    await seed();
    const none = await postPairs("/contacts/bulk-tag", [["scope", "selected"], ["tag", "x"], ["action", "tag"]], HX);
    expect(none.status).toBe(422);
    expect(await none.text()).toContain("Tick at least one contact");
    const blank = await postPairs("/contacts/bulk-tag", [["scope", "selected"], ["ids", user(t, "ann").id], ["tag", "  "], ["action", "tag"]], HX);
    expect(blank.status).toBe(422);
    const unknown = await postPairs("/contacts/bulk-tag", [["scope", "selected"], ["ids", user(t, "ann").id], ["tag", "never-made"], ["action", "untag"]], HX);
    expect(await unknown.text()).toContain("No tag is named");
    expect(findTagByName(t.ctx, t.workspace.id, "x")).toBeUndefined();
  });

  it("only touches contacts of the current workspace, whatever ids are posted", async () => {
    await seed();
    const res = await postPairs("/contacts/bulk-tag", [["scope", "selected"], ["ids", "ct_not_mine"], ["tag", "Beta"], ["action", "tag"]], HX);
    expect(await res.text()).toContain("Tagged 0 contacts");
  });
});

describe("save as segment", () => {
  it("creates a segment from the tab and the filter, with the same members as the list", async () => {
    await seed();
    const res = await post(t, "/contacts/segments", { name: "Pro users", tab: "users", f: f(PRO) }, me, { headers: HX });
    expect(res.status).toBe(200);
    const seg = listSegments(t.ctx, t.workspace.id).find((s) => s.name === "Pro users")!;
    expect(res.headers.get("hx-redirect")).toBe(`/segments/${seg.id}`);
    expect(getSegment(t.ctx, t.workspace.id, seg.id).definition).toEqual({
      match: "all", conditions: [{ attribute: "role", op: "eq", value: "user" }, ...PRO.conditions],
    });
    expect(seg.personType).toBe("user");
    const listed = listedIds(await (await get(t, `/contacts?f=${f(PRO)}`, me)).text());
    expect(countMembers(t.ctx, seg.id)).toBe(listed.length);
  });

  it("keeps an 'any' filter as one group under the role", async () => {
    await seed();
    const any = { match: "any", conditions: [{ attribute: "name", op: "eq", value: "Ann" }, { attribute: "name", op: "eq", value: "Bob" }] };
    await post(t, "/contacts/segments", { name: "A or B", tab: "users", f: f(any) }, me, { headers: HX });
    const seg = listSegments(t.ctx, t.workspace.id)[0]!;
    expect(seg.definition).toEqual({ match: "all", conditions: [{ attribute: "role", op: "eq", value: "user" }, any] });
    expect(countMembers(t.ctx, seg.id)).toBe(2);
  });

  it("shows a missing name on the field", async () => {
    await seed();
    const res = await post(t, "/contacts/segments", { name: "", tab: "users", f: f(PRO) }, me, { headers: HX });
    expect(res.status).toBe(422);
    expect(await res.text()).toMatch(/id="segment-name-error">name: must be a non-empty string/);
    expect(listSegments(t.ctx, t.workspace.id)).toEqual([]);
  });
});

describe("CSV export", () => {
  it("streams the current filter as CSV, neutralising spreadsheet formulas", async () => {
    t = makeTestApp();
    me = owner(t);
    await send(
      t,
      identify("ann", { name: "=cmd|' /C calc'!A0", email: "ann@example.test", plan: "pro", note: 'say "hi", ok\nbye', delta: -5 }),
      identify("bob", { name: "+SUM(1)", plan: "pro", note: "@import" }),
      identify("cat", { name: "Cat", plan: "free" }),
    );
    const res = await get(t, `/contacts/export.csv?f=${f(PRO)}&sort=name&dir=asc`, me);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="parley-users-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = (await res.text()).replace(/^\uFEFF/, "");
    const lines = text.split("\r\n");
    const header = lines[0]!.split(",");
    expect(header.slice(0, 4)).toEqual(["id", "role", "name", "email"]);
    expect(header).toContain("custom_attributes.plan");
    expect(text).not.toContain("Cat");
    expect(text).toContain(",'=cmd|' /C calc'!A0,ann@example.test,");
    expect(text).not.toMatch(/(^|,)=cmd/m);
    expect(text).toContain(",'+SUM(1),");
    expect(text).toContain(",'@import");
    expect(text).toContain('"say ""hi"", ok\nbye"');
    expect(text).toMatch(/,-5(,|\r\n)/);
    expect(lines.filter((l) => l.startsWith("ct_"))).toHaveLength(2);
  });

  it("exports every matching contact, past the first chunk", async () => {
    t = makeTestApp();
    me = owner(t);
    await send(t, ...Array.from({ length: 520 }, (_, i) => identify(`u-${i}`)));
    const text = await (await get(t, "/contacts/export.csv", me)).text();
    const ids = text.split("\r\n").filter((l) => l.startsWith("ct_")).map((l) => l.split(",")[0]);
    expect(ids).toHaveLength(520);
    expect(new Set(ids).size).toBe(520);
  });
});
