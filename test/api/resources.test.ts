import { afterEach, describe, expect, it } from "vitest";
import { attachCompany, recountCompanyUsers, upsertCompany } from "../../src/companies/index.js";
import { contacts } from "../../src/db/schema/index.js";
import { eq } from "drizzle-orm";
import { AppError } from "../../src/lib/errors.js";
import { decodeCursor, encodeCursor } from "../../src/http/api/body.js";
import { listContactTags } from "../../src/tags/index.js";
import { z } from "zod";
import { makeTestApp, type TestApp } from "../helpers/app.js";
import { makeContact } from "./factories.js";

let t: TestApp;
afterEach(() => t?.close());

const json = async (res: Response) => {
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  return (await res.json()) as Record<string, any>;
};

describe("contact companies list", () => {
  it("returns the page in both `data` and `companies`, with pages and total_count, and empties past the end", async () => {
    t = makeTestApp();
    const contact = makeContact(t);
    for (let i = 0; i < 3; i++) attachCompany(t.ctx, contact.id, upsertCompany(t.ctx, t.workspace.id, { companyId: `c${i}` }).id);
    const first = await json(await t.api("GET", `/api/contacts/${contact.id}/companies?per_page=2`));
    expect(first.type).toBe("list");
    expect(first.total_count).toBe(3);
    expect(first.data.map((c: any) => c.company_id)).toEqual(["c0", "c1"]);
    expect(first.companies).toEqual(first.data);
    expect(first.pages).toEqual({
      type: "pages", page: 1, per_page: 2, total_pages: 2,
      next: `http://parley.test/api/contacts/${contact.id}/companies?per_page=2&page=2`,
    });
    const last = await json(await t.api("GET", `/api/contacts/${contact.id}/companies?per_page=2&page=2`));
    expect(last.companies.map((c: any) => c.company_id)).toEqual(["c2"]);
    expect(last.pages.next).toBeNull();
    const past = await json(await t.api("GET", `/api/contacts/${contact.id}/companies?per_page=2&page=3`));
    expect([past.data, past.companies, past.total_count]).toEqual([[], [], 3]);
  });
});

describe("companies", () => {
  it("lists with GET /companies, filters by tag, and tags companies through POST /tags", async () => {
    t = makeTestApp();
    for (const id of ["a", "b", "c"]) await t.api("POST", "/api/companies", { company_id: id });
    const all = await json(await t.api("GET", "/api/companies?per_page=2"));
    expect([all.type, all.total_count, all.data.length, all.pages.total_pages]).toEqual(["list", 3, 2, 2]);

    const b = await json(await t.api("GET", "/api/companies?company_id=b"));
    const tag = await json(await t.api("POST", "/api/tags", { name: "Key account", companies: [{ company_id: "a" }, { id: b.id }] }));
    const tagged = await json(await t.api("GET", `/api/companies?tag_id=${tag.id}`));
    expect(tagged.data.map((c: any) => c.company_id)).toEqual(["a", "b"]);
    expect(tagged.data[0].tags.tags).toMatchObject([{ type: "tag", id: tag.id, name: "Key account" }]);

    await t.api("POST", "/api/tags", { name: "Key account", companies: [{ company_id: "a", untag: true }] });
    expect((await json(await t.api("GET", `/api/companies?tag_id=${tag.id}`))).total_count).toBe(1);
  });

  it("clears fields with null and removes custom attributes set to null", async () => {
    t = makeTestApp();
    const co = await json(await t.api("POST", "/api/companies", { company_id: "a", plan: "pro", website: "https://a.example", custom_attributes: { tier: "gold", seats: 3 } }));
    const updated = await json(await t.api("PUT", `/api/companies/${co.id}`, { plan: null, custom_attributes: { tier: null } }));
    expect(updated).toMatchObject({ plan: {}, website: "https://a.example", custom_attributes: { seats: 3 } });
    expect(updated.custom_attributes).not.toHaveProperty("tier");
  });

  it("keeps user_count equal to the membership rows, healing after a contact delete cascades", async () => {
    t = makeTestApp();
    const co = upsertCompany(t.ctx, t.workspace.id, { companyId: "a" });
    const [x, y] = [makeContact(t), makeContact(t)];
    attachCompany(t.ctx, x.id, co.id);
    expect(attachCompany(t.ctx, y.id, co.id).userCount).toBe(2);
    expect(attachCompany(t.ctx, y.id, co.id).userCount).toBe(2);
    t.ctx.db.delete(contacts).where(eq(contacts.id, x.id)).run();
    expect(recountCompanyUsers(t.ctx, co.id).userCount).toBe(1);
  });

  it("refuses a blank company_id from any caller", () => {
    t = makeTestApp();
    expect(() => upsertCompany(t.ctx, t.workspace.id, { companyId: " " })).toThrow(AppError);
  });
});

describe("tags", () => {
  it("renaming onto another tag's name is refused; deleting a tag untags its contacts", async () => {
    t = makeTestApp();
    const contact = makeContact(t);
    const a = await json(await t.api("POST", "/api/tags", { name: "A", users: [{ id: contact.id }, { email: contact.email }] }));
    await t.api("POST", "/api/tags", { name: "B" });
    const clash = await t.api("POST", "/api/tags", { name: "B", id: a.id });
    expect(clash.status).toBe(400);
    expect(listContactTags(t.ctx, contact.id).map((x) => x.name)).toEqual(["A"]);

    const del = await t.api("DELETE", `/api/tags/${a.id}`);
    expect([del.status, await del.text()]).toEqual([200, ""]);
    expect(listContactTags(t.ctx, contact.id)).toEqual([]);
  });

  it("answers a contact's segments with an empty list", async () => {
    t = makeTestApp();
    const contact = makeContact(t);
    expect(await json(await t.api("GET", `/api/contacts/${contact.id}/segments`))).toEqual({ type: "list", data: [] });
  });
});

describe("cursor helper", () => {
  it("round-trips an opaque cursor and rejects a forged one naming starting_after", () => {
    const shape = z.object({ o: z.number().int() });
    const cursor = encodeCursor({ o: 10 });
    expect(cursor).toMatch(/^[\w-]+$/);
    expect(decodeCursor(cursor, shape)).toEqual({ o: 10 });
    for (const bad of ["%%%", encodeCursor({ o: "x" }), Buffer.from("not json").toString("base64url")]) {
      expect(() => decodeCursor(bad, shape)).toThrow(expect.objectContaining({ code: "VALIDATION", field: "starting_after" }));
    }
  });
});
