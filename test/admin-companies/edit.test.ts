import { afterEach, describe, expect, it } from "vitest";
import { findCompanyByCompanyId, getCompany } from "../../src/companies/index.js";
import { listAudit } from "../../src/operators/audit.js";
import { createSegment, countMembers } from "../../src/segments/index.js";
import { listCompanyTags } from "../../src/tags/index.js";
import { get, HX, identify, makeTestApp, owner, post, send, type Browser, type TestApp } from "../admin-contacts/helpers.js";

let t: TestApp;
let me: Browser;
afterEach(() => t?.close());

const group = (userId: string, groupId: string, traits: Record<string, unknown>) => ({ type: "group", userId, groupId, traits });

async function setup() {
  t = makeTestApp();
  me = owner(t);
  await send(t, identify("ann", { name: "Ann" }), group("ann", "acme", { name: "Acme Inc", plan: "basic", seats: 5 }));
  return findCompanyByCompanyId(t.ctx, t.workspace.id, "acme")!;
}

describe("company profile edits", () => {
  it("saves built-in and custom attributes with typed values, audits the change, and re-evaluates segments", async () => {
    const co = await setup();
    const seg = await createSegment(t.ctx, t.workspace.id, { name: "Gold accounts", match: "all", conditions: [{ company_attribute: "plan", op: "eq", value: "gold" }] });
    expect(countMembers(t.ctx, seg.id)).toBe(0);
    const page = await (await get(t, `/companies/${co.id}`, me)).text();
    expect(page).toMatch(/<input id="co-plan" name="plan" type="text" value="basic"/);
    expect(page).toContain('name="ca:seats"');
    const res = await post(t, `/companies/${co.id}/attributes`, { name: "Acme Inc", plan: "gold", monthly_spend: "99.5", size: "", website: "", industry: "", "ca:seats": "12" }, me, { headers: HX });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Saved.");
    const after = getCompany(t.ctx, t.workspace.id, co.id);
    expect([after.plan, after.monthlySpend, after.customAttributes.seats]).toEqual(["gold", 99.5, 12]);
    const audit = listAudit(t.ctx).find((a) => a.action === "company.updated")!;
    expect(audit.details).toEqual({ name: "Acme Inc", fields: ["plan", "monthly_spend", "custom_attributes.seats"] });
    await t.ctx.bus.settled();
    expect(countMembers(t.ctx, seg.id)).toBe(1);
  });

  it("refuses a wrongly typed value on its own field and keeps what was typed", async () => {
    const co = await setup();
    const res = await post(t, `/companies/${co.id}/attributes`, { size: "many", "ca:seats": "lots" }, me, { headers: HX });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/class="field has-error"/);
    expect(html).toContain('value="many"');
    expect(getCompany(t.ctx, t.workspace.id, co.id).size).toBeNull();
    expect(listAudit(t.ctx).some((a) => a.action === "company.updated")).toBe(false);
  });

  it("tags and untags a company (audited), escaping the tag name", async () => {
    const co = await setup();
    const res = await post(t, `/companies/${co.id}/tags`, { name: "<b>key</b>" }, me, { headers: HX });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("&lt;b&gt;key&lt;/b&gt;");
    expect(html).not.toContain("<b>key</b>");
    const tags = listCompanyTags(t.ctx, co.id);
    expect(tags.map((x) => x.name)).toEqual(["<b>key</b>"]);
    const removed = await post(t, `/companies/${co.id}/tags/${tags[0]!.id}/remove`, {}, me);
    expect(removed.status).toBe(303);
    expect(listCompanyTags(t.ctx, co.id)).toEqual([]);
    expect(listAudit(t.ctx).filter((a) => a.target === co.id).map((a) => a.action)).toEqual(["company.untagged", "company.tagged"]);
  });

  it("refuses edits without the CSRF token", async () => {
    const co = await setup();
    const res = await post(t, `/companies/${co.id}/attributes`, { plan: "free" }, me, { csrf: false, headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" } });
    expect(res.status).toBe(403);
    expect(getCompany(t.ctx, t.workspace.id, co.id).plan).toBe("basic");
  });
});
