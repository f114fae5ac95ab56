import { afterEach, describe, expect, it } from "vitest";
import { findDataAttribute } from "../../src/attributes/index.js";
import { listAudit } from "../../src/operators/audit.js";
import { get, HX, makeTestApp, owner, post, type Browser, type TestApp } from "../admin/support.js";

let t: TestApp;
let me: Browser;
afterEach(() => t?.close());

describe("Data page: create a custom attribute", () => {
  it("declares a typed attribute with a description; it is listed, filterable, and audited", async () => {
    t = makeTestApp();
    me = owner(t);
    const res = await post(t, "/data/attributes", { model: "contact", name: "plan_tier", data_type: "options", options: "bronze, silver ,gold", description: "Billing <tier>" }, me, { headers: HX });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Created the people attribute “plan_tier”.");
    const attr = findDataAttribute(t.ctx, t.workspace.id, "contact", "plan_tier")!;
    expect([attr.dataType, attr.options, attr.description, attr.createdBy]).toEqual(["options", ["bronze", "silver", "gold"], "Billing <tier>", "admin"]);
    expect(listAudit(t.ctx).find((a) => a.action === "attribute.created")?.details).toEqual({ name: "plan_tier", model: "contact", type: "options" });
    const page = await (await get(t, "/data/attributes/contact", me, HX)).text();
    expect(page).toContain("<code>plan_tier</code>");
    expect(page).toContain("Billing &lt;tier&gt;");
    const contacts = await (await get(t, "/contacts", me)).text();
    expect(contacts).toContain('value="attr:custom_attributes.plan_tier"');
  });

  it("a plain form post redirects back to /data", async () => {
    t = makeTestApp();
    me = owner(t);
    const res = await post(t, "/data/attributes", { model: "company", name: "seats", data_type: "integer" }, me);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/data");
    expect(findDataAttribute(t.ctx, t.workspace.id, "company", "seats")?.dataType).toBe("integer");
  });

  it("refuses a duplicate, a built-in name, a bad type and a one-option list on their fields", async () => {
    t = makeTestApp();
    me = owner(t);
    await post(t, "/data/attributes", { model: "contact", name: "seats", data_type: "integer" }, me);
    const cases: [Record<string, string>, string][] = [
      [{ model: "contact", name: "seats", data_type: "string" }, "na-name-error"],
      [{ model: "contact", name: "email", data_type: "string" }, "na-name-error"],
      [{ model: "contact", name: "x", data_type: "blob" }, "na-data_type-error"],
      [{ model: "contact", name: "tier", data_type: "options", options: "only" }, "na-options-error"],
      [{ model: "contact", name: "", data_type: "string" }, "na-name-error"],
    ];
    for (const [fields, errorId] of cases) {
      const res = await post(t, "/data/attributes", fields, me, { headers: HX });
      expect(res.status, JSON.stringify(fields)).toBe(422);
      expect(await res.text(), JSON.stringify(fields)).toContain(`id="${errorId}"`);
    }
    expect(findDataAttribute(t.ctx, t.workspace.id, "contact", "seats")?.dataType).toBe("integer");
    expect(findDataAttribute(t.ctx, t.workspace.id, "contact", "tier")).toBeUndefined();
  });

  it("refuses a cross-site post without the CSRF token", async () => {
    t = makeTestApp();
    me = owner(t);
    const res = await post(t, "/data/attributes", { model: "contact", name: "evil", data_type: "string" }, me, { csrf: false, headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" } });
    expect(res.status).toBe(403);
    expect(findDataAttribute(t.ctx, t.workspace.id, "contact", "evil")).toBeUndefined();
  });
});
