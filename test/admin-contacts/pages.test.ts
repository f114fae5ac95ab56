import { afterEach, describe, expect, it } from "vitest";
import { findDataAttribute } from "../../src/attributes/index.js";
import { findCompanyByCompanyId } from "../../src/companies/index.js";
import { DAY, MINUTE } from "../../src/lib/clock.js";
import { findOrCreateTag, findTag, tagContact } from "../../src/tags/index.js";
import { signupsByDay } from "../../src/workspaces/dashboard.js";
import { get, HX, identify, makeTestApp, nextLink, owner, post, send, T0, track, user, type Browser, type TestApp } from "./helpers.js";

let t: TestApp;
let me: Browser;
afterEach(() => t?.close());

const group = (userId: string, groupId: string, traits: Record<string, unknown>) => ({ type: "group", userId, groupId, traits });
const companyLinks = (html: string) => [...html.matchAll(/<td><a href="\/companies\/(co_[^"]+)">/g)].map((m) => m[1]!);

describe("companies", () => {
  it("lists, searches, sorts and pages companies by keyset", async () => {
    t = makeTestApp();
    me = owner(t);
    await send(t, identify("u"), ...Array.from({ length: 55 }, (_, i) => group("u", `acct-${i}`, { name: `Company ${String(i).padStart(2, "0")}`, plan: i === 7 ? "gold" : "basic" })));
    const first = await (await get(t, "/companies?sort=name&dir=asc", me)).text();
    const second = await (await get(t, nextLink(first)!, me)).text();
    const all = [...companyLinks(first), ...companyLinks(second)];
    expect(all).toHaveLength(55);
    expect(new Set(all).size).toBe(55);
    expect(first.indexOf("Company 00")).toBeLessThan(first.indexOf("Company 01"));
    const found = await (await get(t, "/companies?q=acct-7", me, HX)).text();
    expect(companyLinks(found)).toEqual([findCompanyByCompanyId(t.ctx, t.workspace.id, "acct-7")!.id]);
  });

  it("shows a company's attributes, tags and members, with a link to them in Contacts", async () => {
    t = makeTestApp();
    me = owner(t);
    await send(t, identify("ann", { name: "Ann" }), identify("bob", { name: "Bob" }), group("ann", "acme", { name: "Acme Inc", plan: "gold", employees_band: "<b>big</b>" }), group("bob", "acme", {}));
    const co = findCompanyByCompanyId(t.ctx, t.workspace.id, "acme")!;
    const html = await (await get(t, `/companies/${co.id}`, me)).text();
    for (const s of ["Acme Inc", "gold", "&lt;b&gt;big&lt;/b&gt;", "Ann", "Bob", "See all 2 in Contacts"]) expect(html, s).toContain(s);
    const link = /<a href="(\/contacts\?f=[^"]+)">See all/.exec(html)![1]!;
    const listed = await (await get(t, link, me)).text();
    expect(listed).toContain(`/contacts/${user(t, "ann").id}`);
    expect(listed).toContain(`/contacts/${user(t, "bob").id}`);
    expect((await get(t, "/companies/co_nope", me)).status).toBe(404);
  });

  it("says what to do when there are no companies", async () => {
    t = makeTestApp();
    const html = await (await get(t, "/companies", owner(t))).text();
    expect(html).toContain("No companies yet");
  });
});

describe("tags page", () => {
  it("counts, renames (refusing a duplicate on the field) and deletes tags", async () => {
    t = makeTestApp();
    me = owner(t);
    await send(t, identify("ann"), identify("bob"));
    const vip = findOrCreateTag(t.ctx, t.workspace.id, "vip");
    findOrCreateTag(t.ctx, t.workspace.id, "beta");
    tagContact(t.ctx, t.workspace.id, user(t, "ann").id, vip.id);
    tagContact(t.ctx, t.workspace.id, user(t, "bob").id, vip.id);
    const page = await (await get(t, "/tags", me)).text();
    expect(page).toMatch(new RegExp(`id="tag-${vip.id}"[\\s\\S]*?<a href="/contacts\\?f=[^"]+">2</a>`));
    const clash = await post(t, `/tags/${vip.id}/rename`, { name: "beta" }, me, { headers: HX });
    expect(clash.status).toBe(422);
    expect(await clash.text()).toContain(`id="tag-error-${vip.id}"`);
    const renamed = await post(t, `/tags/${vip.id}/rename`, { name: "VIP customers" }, me, { headers: HX });
    expect(await renamed.text()).toContain("Renamed to “VIP customers”.");
    expect(findTag(t.ctx, t.workspace.id, vip.id)!.name).toBe("VIP customers");
    const updated: string[] = [];
    t.ctx.bus.on("contact.updated", (p) => updated.push(p.contactId!));
    await post(t, `/tags/${vip.id}/delete`, {}, me, { headers: HX });
    expect(findTag(t.ctx, t.workspace.id, vip.id)).toBeUndefined();
    await t.ctx.bus.settled();
    expect(updated.sort()).toEqual([user(t, "ann").id, user(t, "bob").id].sort());
  });

  it("explains tags when there are none", async () => {
    t = makeTestApp();
    expect(await (await get(t, "/tags", owner(t))).text()).toContain("No tags yet");
  });
});

describe("data page", () => {
  it("lists attributes with holder counts (loaded after the page), archives them, and lists the event catalogue", async () => {
    t = makeTestApp();
    me = owner(t);
    await send(t, identify("ann", { plan: "pro", seats: 2 }), identify("bob", { plan: "free" }), track("ann", "login"), track("bob", "login"), track("ann", "export"));
    const page = await (await get(t, "/data", me)).text();
    expect(page).toContain('hx-get="/data/attributes/contact" hx-trigger="load"');
    expect(page).toMatch(/<code>login<\/code><\/td><td>2<\/td>/);
    const counted = await (await get(t, "/data/attributes/contact", me, HX)).text();
    expect(counted).toMatch(/<code>plan<\/code><\/td><td>string<\/td><td>2<\/td>/);
    expect(counted).toMatch(/<code>seats<\/code><\/td><td>integer<\/td><td>1<\/td>/);
    const plan = findDataAttribute(t.ctx, t.workspace.id, "contact", "plan")!;
    const archived = await post(t, `/data/attributes/${plan.id}/archive`, { archived: "true" }, me, { headers: HX });
    expect(await archived.text()).toContain("Unarchive");
    expect(findDataAttribute(t.ctx, t.workspace.id, "contact", "plan")!.archived).toBe(true);
  });
});

describe("home dashboard", () => {
  it("shows who is online now and new contacts per day as chart data", async () => {
    t = makeTestApp();
    me = owner(t);
    await send(t, identify("early"));
    t.clock.advance(2 * DAY);
    await send(t, identify("ann"), identify("bob"), { type: "identify", anonymousId: "v1", traits: {} });
    t.clock.advance(10 * MINUTE);
    await send(t, identify("ann"));
    const html = await (await get(t, "/", me)).text();
    expect(html).toMatch(/Online now<\/span><span class="stat-value">1</);
    const json = /<script type="application\/json" id="signups-data">([^<]*)<\/script>/.exec(html)![1]!;
    const data = JSON.parse(json) as { labels: string[]; users: number[]; leads: number[] };
    expect(data.labels).toHaveLength(30);
    expect(data.labels.at(-1)).toBe(new Date(T0 + 2 * DAY).toISOString().slice(0, 10));
    expect(data.users.at(-1)).toBe(2);
    expect(data.leads.at(-1)).toBe(1);
    expect(data.users.at(-3)).toBe(1);
    expect(html).toContain('src="/vendor/chart.umd.min.js"');
    expect(html).toContain('src="/static/home-chart.js"');
    const lib = await get(t, "/vendor/chart.umd.min.js");
    expect(lib.status).toBe(200);
    expect((await lib.text()).length).toBeGreaterThan(100_000);
  });

  it("buckets days at local midnight in the workspace time zone", () => {
    t = makeTestApp({ now: Date.UTC(2026, 0, 15, 3, 0) });
    const days = signupsByDay(t.ctx, { ...t.workspace, timezone: "America/New_York" }, 3);
    expect(days.map((d) => d.day)).toEqual(["2026-01-12", "2026-01-13", "2026-01-14"]);
    expect(days.at(-1)!.start).toBe(Date.UTC(2026, 0, 14, 5));
  });
});
