import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listFunnels } from "../../src/analytics/index.js";
import { openMemberIds, listSegments } from "../../src/segments/index.js";
import { get, makeTestApp, owner, post, user, type Browser, type TestApp } from "../admin-contacts/helpers.js";
import { RANGE, seedFunnel } from "./funnel-data.js";

let t: TestApp;
let who: Browser;
beforeEach(async () => {
  t = makeTestApp();
  who = owner(t);
  await seedFunnel(t);
});
afterEach(() => t.close());

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const BUILDER = new URLSearchParams({
  kind1: "event", value1: "signup", kind2: "page", value2: "*/pricing*", kind3: "event", value3: "purchase", where3: "plan=pro",
  window: "7", order: "loose", from: day(RANGE.from), to: day(RANGE.to - 1),
});
const builder = (over: Record<string, string>) => new URLSearchParams({ ...Object.fromEntries(BUILDER), ...over });
const cells = (html: string, cls: string) => [...html.matchAll(new RegExp(`class="${cls}" href="([^"]+)">([\\d,]+)<`, "g"))].map((m) => ({ href: m[1]!.replace(/&amp;/g, "&"), n: Number(m[2]) }));

describe("funnel pages", () => {
  it("shows counts and drop-offs from the builder's fields, escaping what was typed", async () => {
    const res = await get(t, `/reports/funnels?${BUILDER}&value4=${encodeURIComponent("<b>x</b>")}`, who);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(cells(html, "step-count").map((c) => c.n)).toEqual([7, 5, 3, 0]);
    const strict = await (await get(t, `/reports/funnels?${builder({ order: "strict" })}`, who)).text();
    expect(cells(strict, "step-count").map((c) => c.n)).toEqual([7, 4, 2]);
    expect(cells(html, "step-dropoff").map((c) => c.n)).toEqual([2, 2, 3]);
    expect(html).toContain("&lt;b&gt;x&lt;/b&gt;");
    expect(html).not.toContain("<b>x</b>");
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
  });

  it("lists a drop-off's contacts and saves them as a segment", async () => {
    const html = await (await get(t, `/reports/funnels?${BUILDER}`, who)).text();
    const drop = cells(html, "step-dropoff")[1]!;
    const list = await (await get(t, drop.href, who)).text();
    expect([...list.matchAll(/data-contact="([^"]+)"/g)].map((m) => m[1])).toEqual([user(t, "u3").id, user(t, "u5").id]);
    const fields = Object.fromEntries([...list.matchAll(/<input type="hidden" name="(def|from|to|step|which)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    const res = await post(t, "/reports/funnels/segment", { ...fields, name: "Saw pricing, did not buy" }, who);
    expect(res.status).toBe(303);
    const seg = listSegments(t.ctx, t.workspace.id).find((s) => s.name === "Saw pricing, did not buy")!;
    expect(new Set(openMemberIds(t.ctx, seg.id))).toEqual(new Set([user(t, "u3").id, user(t, "u5").id]));
    expect(res.headers.get("location")).toMatch(/^\/contacts\?f=/);
  });

  it("refuses a segment without a name and keeps the list", async () => {
    const html = await (await get(t, `/reports/funnels?${BUILDER}`, who)).text();
    const list = await (await get(t, cells(html, "step-dropoff")[1]!.href, who)).text();
    const fields = Object.fromEntries([...list.matchAll(/<input type="hidden" name="(def|from|to|step|which)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    const res = await post(t, "/reports/funnels/segment", { ...fields, name: " " }, who);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Give the segment a name");
    expect(listSegments(t.ctx, t.workspace.id)).toHaveLength(0);
  });

  it("saves a funnel for the workspace and reopens it", async () => {
    const html = await (await get(t, `/reports/funnels?${BUILDER}`, who)).text();
    const def = /<input type="hidden" name="def" value="([^"]+)"/.exec(html)![1]!;
    const res = await post(t, "/reports/funnels", { def, name: "Signup to pro" }, who);
    expect(res.status).toBe(303);
    const [saved] = listFunnels(t.ctx, t.workspace.id);
    expect(saved!.name).toBe("Signup to pro");
    expect(saved!.definition.steps).toHaveLength(3);
    expect(res.headers.get("location")).toBe(`/reports/funnels/${saved!.id}`);
    const other = owner(t);
    const page = await (await get(t, `/reports/funnels/${saved!.id}?from=${day(RANGE.from)}&to=${day(RANGE.to - 1)}`, other)).text();
    expect(cells(page, "step-count").map((c) => c.n)).toEqual([7, 5, 3]);
    expect(page).toContain("Signup to pro");
  });

  it("changes and deletes a saved funnel", async () => {
    const html = await (await get(t, `/reports/funnels?${BUILDER}`, who)).text();
    const def = /<input type="hidden" name="def" value="([^"]+)"/.exec(html)![1]!;
    await post(t, "/reports/funnels", { def, name: "First" }, who);
    const id = listFunnels(t.ctx, t.workspace.id)[0]!.id;
    const strict = await (await get(t, `/reports/funnels?${builder({ order: "strict", saved: id })}`, who)).text();
    const def2 = /<input type="hidden" name="def" value="([^"]+)"/.exec(strict)![1]!;
    expect((await post(t, `/reports/funnels/${id}`, { def: def2, name: "Renamed" }, who)).status).toBe(303);
    expect(listFunnels(t.ctx, t.workspace.id).map((f) => [f.name, f.definition.order])).toEqual([["Renamed", "strict"]]);
    expect((await post(t, `/reports/funnels/${id}`, { def: def2, name: "" }, who)).status).toBe(422);
    expect((await post(t, `/reports/funnels/${id}/delete`, {}, who)).status).toBe(303);
    expect(listFunnels(t.ctx, t.workspace.id)).toEqual([]);
  });

  it("says what is wrong with a funnel of one step", async () => {
    const html = await (await get(t, `/reports/funnels?kind1=event&value1=signup`, who)).text();
    expect(html).toContain("Give at least two steps.");
    expect(html).not.toContain('id="funnel-result"');
  });

  it("needs a signed-in operator", async () => {
    const res = await get(t, `/reports/funnels?${BUILDER}`);
    expect([302, 303]).toContain(res.status);
  });
});
