import { afterEach, describe, expect, it } from "vitest";
import { findContact, findContactByAlias } from "../../src/contacts/index.js";
import { MINUTE } from "../../src/lib/clock.js";
import { createSegment } from "../../src/segments/index.js";
import { listContactTags } from "../../src/tags/index.js";
import { get, HX, identify, makeTestApp, owner, post, send, T0, track, user, type Browser, type TestApp } from "./helpers.js";

let t: TestApp;
let me: Browser;
afterEach(() => t?.close());

const XSS = "<img src=x onerror=alert(1)>";

async function seed(): Promise<string> {
  t = makeTestApp();
  me = owner(t);
  await send(t, identify("ann", { name: "Ann Example", email: "ann@example.test", seats: 3, beta: true, plan: "pro", renews_at: "2026-03-01" }));
  return user(t, "ann").id;
}

describe("contact profile", () => {
  it("shows details, custom attributes, tags, companies, location, acquisition and the timeline", async () => {
    const id = await seed();
    await send(t, track("ann", "Exported report", { format: "pdf" }), { type: "page", userId: "ann", name: "Pricing", properties: { url: "https://example.test/pricing", title: "Pricing" }, context: { userAgent: "Mozilla/5.0" } });
    const html = await (await get(t, `/contacts/${id}`, me)).text();
    for (const s of ["Ann Example", "ann@example.test", "Custom attributes", "Location and device", "Acquisition", "Companies", "Tags", "Activity", "Exported report", "format", "pdf", "Pricing"]) {
      expect(html, s).toContain(s);
    }
    expect(html).toContain(`sse-connect="/contacts/${id}/stream"`);
    expect(html).toContain('src="/vendor/htmx-ext-sse.min.js"');
    expect(html).toContain('class="online-dot is-online"');
  });

  it("lists the segments the contact is in", async () => {
    const id = await seed();
    createSegment(t.ctx, t.workspace.id, { name: "Pro <people>", match: "all", conditions: [{ attribute: "plan", op: "eq", value: "pro" }] });
    createSegment(t.ctx, t.workspace.id, { name: "Free people", match: "all", conditions: [{ attribute: "plan", op: "eq", value: "free" }] });
    const html = await (await get(t, `/contacts/${id}`, me)).text();
    expect(html).toContain("Pro &lt;people&gt;");
    expect(html).not.toContain("Free people");
  });

  it("shows the online dot only within five minutes of activity", async () => {
    const id = await seed();
    t.clock.advance(6 * MINUTE);
    const html = await (await get(t, `/contacts/${id}`, me)).text();
    expect(html).toContain('<span class="online-dot" title="Not online">');
  });

  it("saves a typed custom attribute; a wrong type is shown on its field and nothing is written", async () => {
    const id = await seed();
    const bad = await post(t, `/contacts/${id}/attributes`, { "ca:seats": "lots", "ca:plan": "team" }, me, { headers: HX });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html.startsWith('<section id="contact-attributes"')).toBe(true);
    expect(html).toMatch(/<div class="field has-error"><label for="ca-\d+">seats[\s\S]*?value="lots"[\s\S]*?class="field-error"[^>]*>seats must be an integer/);
    expect(findContact(t.ctx, t.workspace.id, id)!.customAttributes).toMatchObject({ seats: 3, plan: "pro" });

    const ok = await post(t, `/contacts/${id}/attributes`, { "ca:seats": "7", "ca:beta": "false", "ca:plan": "", "ca:renews_at": "2026-04-02" }, me, { headers: HX });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("Saved.");
    const attrs = findContact(t.ctx, t.workspace.id, id)!.customAttributes;
    expect(attrs).toMatchObject({ seats: 7, beta: false, renews_at: Date.UTC(2026, 3, 2) });
    expect(attrs).not.toHaveProperty("plan");
  });

  it("without htmx, a saved edit redirects back to the profile", async () => {
    const id = await seed();
    const res = await post(t, `/contacts/${id}/attributes`, { "ca:seats": "9" }, me);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/contacts/${id}`);
  });

  it("adds a tag (creating it) and removes it", async () => {
    const id = await seed();
    const added = await post(t, `/contacts/${id}/tags`, { name: "Champion" }, me, { headers: HX });
    expect(added.status).toBe(200);
    const html = await added.text();
    expect(html.startsWith('<section id="contact-tags"')).toBe(true);
    expect(html).toContain("Champion");
    const tag = listContactTags(t.ctx, id)[0]!;
    expect(tag.name).toBe("Champion");
    expect(tag.appliedBy).toBe(me.operator.id);
    const blank = await post(t, `/contacts/${id}/tags`, { name: "   " }, me, { headers: HX });
    expect(blank.status).toBe(422);
    expect(await blank.text()).toContain('id="tag-name-error"');
    await post(t, `/contacts/${id}/tags/${tag.id}/remove`, {}, me, { headers: HX });
    expect(listContactTags(t.ctx, id)).toEqual([]);
  });

  it("pages the timeline newest first without repeats", async () => {
    const id = await seed();
    await send(t, ...Array.from({ length: 60 }, (_, i) => track("ann", `step-${String(i).padStart(2, "0")}`, {}, T0 - (60 - i) * MINUTE)));
    const first = await (await get(t, `/contacts/${id}`, me)).text();
    const names = (html: string) => [...html.matchAll(/<strong>(step-\d+)<\/strong>/g)].map((m) => m[1]!);
    const seen = names(first);
    expect(seen[0]).toBe("step-59");
    let more = /hx-get="(\/contacts\/[^"]+\/timeline\?before=[^"]+)"/.exec(first)?.[1];
    while (more) {
      const html = await (await get(t, more.replace(/&amp;/g, "&"), me, HX)).text();
      seen.push(...names(html));
      more = /hx-get="(\/contacts\/[^"]+\/timeline\?before=[^"]+)"/.exec(html)?.[1];
    }
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
    expect(seen.at(-1)).toBe("step-00");
  });

  it("follows a merged-away id to the surviving contact, shows the merge, and 404s an unknown id", async () => {
    const id = await seed();
    expect((await get(t, "/contacts/ct_nope", me)).status).toBe(404);
    await send(t, { type: "identify", anonymousId: "visitor-1", traits: { name: "Visiting Vera" } });
    const leadId = findContactByAlias(t.ctx, t.workspace.id, "visitor-1")!.id;
    expect(leadId).not.toBe(id);
    await send(t, { type: "identify", userId: "ann", anonymousId: "visitor-1" });
    const res = await get(t, `/contacts/${leadId}`, me);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/contacts/${id}`);
    const html = await (await get(t, `/contacts/${id}`, me)).text();
    expect(html).toContain("Merge history");
    expect(html).toContain(`Merged Visiting Vera <code>${leadId}</code>`);
  });

  it("renders a hostile name, attribute, event and page URL as text", async () => {
    t = makeTestApp();
    me = owner(t);
    await send(
      t,
      identify("x", { name: XSS, email: "x@example.test", motto: "<script>alert(2)</script>" }),
      track("x", "<b>evt</b>", { "<i>k</i>": "<script>alert(3)</script>" }),
      { type: "page", userId: "x", properties: { url: "javascript:alert(4)", title: "<svg onload=alert(5)>" } },
    );
    const id = user(t, "x").id;
    for (const path of [`/contacts/${id}`, "/contacts", `/contacts?q=${encodeURIComponent("<img")}`]) {
      const html = await (await get(t, path, me)).text();
      expect(html, path).not.toContain("<img src=x");
      expect(html, path).not.toContain("<script>alert");
      expect(html, path).not.toContain("<svg");
      expect(html, path).not.toContain('href="javascript:');
      expect(html, path).toContain("&lt;img src=x onerror=alert(1)&gt;");
    }
    const profile = await (await get(t, `/contacts/${id}`, me)).text();
    expect(profile).toContain("&lt;script&gt;alert(2)&lt;/script&gt;");
    expect(profile).toContain("&lt;b&gt;evt&lt;/b&gt;");
  });
});
