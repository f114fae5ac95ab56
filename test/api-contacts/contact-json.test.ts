import { afterEach, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../helpers/app.js";

let t: TestApp;
afterEach(() => t?.close());

const json = async (res: Response) => (await res.json()) as Record<string, any>;

describe("contact object", () => {
  it("embeds at most 10 tag and company references with has_more, and shows date attributes in seconds", async () => {
    t = makeTestApp();
    await t.api("POST", "/api/data_attributes", { name: "trial_ends", model: "contact", data_type: "date" });
    const c = await json(await t.api("POST", "/api/contacts", { external_id: "u_1", custom_attributes: { trial_ends: 1767225600, plan: "pro" } }));
    expect(c.custom_attributes).toEqual({ trial_ends: 1767225600, plan: "pro" });
    for (let i = 0; i < 12; i++) {
      const tag = await json(await t.api("POST", "/api/tags", { name: `tag ${i}` }));
      await t.api("POST", `/api/contacts/${c.id}/tags`, { id: tag.id });
      const co = await json(await t.api("POST", "/api/companies", { company_id: `co${i}` }));
      await t.api("POST", `/api/contacts/${c.id}/companies`, { id: co.id });
    }
    const found = await json(await t.api("GET", `/api/contacts/${c.id}`));
    for (const key of ["tags", "companies"]) {
      expect(found[key]).toMatchObject({ type: "list", url: `/contacts/${c.id}/${key}`, total_count: 12, has_more: true });
      expect(found[key].data).toHaveLength(10);
    }
    expect(found.tags.data[0]).toMatchObject({ type: "tag", url: expect.stringMatching(/^\/tags\//) });
    expect(found.notes).toMatchObject({ data: [], total_count: 0, has_more: false });
  });

  it("shows location and last-touch utm from enrichment, and the legacy view of the same contact", async () => {
    t = makeTestApp();
    const created = await json(await t.api("POST", "/api/users", { user_id: "u_2", last_seen_ip: "81.2.69.142", last_seen_user_agent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36" }));
    const c = await json(await t.api("GET", `/api/contacts/${created.id}`));
    expect(c).toMatchObject({ browser: "Chrome", os: "Linux", location: { type: "location", country: "United Kingdom", country_code: "GB", continent_code: "EU" }, utm_source: null, referrer: null });
    expect(created.location_data).toMatchObject({ type: "location_data", country_name: "United Kingdom", timezone: "Europe/London" });
  });

  it("deletes a legacy user named in the DELETE body (intercom.io deleteUser without id)", async () => {
    t = makeTestApp();
    await t.api("POST", "/api/users", { user_id: "u_3", email: "u3@example.com" });
    const res = await t.api("DELETE", "/api/users", { user_id: "u_3" });
    expect(await json(res)).toMatchObject({ type: "user", user_id: "u_3" });
    expect((await t.api("GET", "/api/users?user_id=u_3")).status).toBe(404);
  });
});
