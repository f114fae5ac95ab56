import { IntercomClient } from "intercom-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../helpers/app.js";
import { listen, type Listening } from "../helpers/http-server.js";
import { makeContact, makeOperator } from "./factories.js";

// The official SDK (v7, Fern) against the real app over 127.0.0.1: what users get after changing baseUrl.
let t: TestApp;
let server: Listening;
let client: IntercomClient;

beforeEach(async () => {
  t = makeTestApp();
  server = await listen(t.app);
  client = new IntercomClient({ token: t.token, baseUrl: `${server.url}/api`, maxRetries: 0 });
});
afterEach(async () => {
  await server.close();
  t.close();
});

async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of pages) {
    out.push(item);
    if (out.length > 100) throw new Error("iterator did not terminate");
  }
  return out;
}

describe("intercom-client 7: admins", () => {
  it("identifies a synthetic admin when no operator exists", async () => {
    const me = await client.admins.identify();
    expect(me).toMatchObject({ type: "admin", id: "0", name: "Acme API", email: null });
    expect(me?.app).toMatchObject({ type: "app", id_code: t.workspace.idCode, region: "self-hosted", secure: false, identity_verification: false });
    const list = await client.admins.list();
    expect(list.admins?.map((a) => a?.id)).toEqual(["0"]);
  });

  it("identifies the first owner, lists and finds operators, 404s an unknown one", async () => {
    makeOperator(t, { role: "agent", name: "Agent" });
    const owner = makeOperator(t, { role: "owner", name: "Olive Owner" });
    const me = await client.admins.identify();
    expect(me).toMatchObject({ id: String(owner.id), name: "Olive Owner", email: owner.email, email_verified: true });
    const list = await client.admins.list();
    expect(list.admins).toHaveLength(2);
    const found = await client.admins.find({ admin_id: owner.id });
    expect(found).toMatchObject({ type: "admin", id: String(owner.id), away_mode_enabled: false, team_ids: [] });
    await expect(client.admins.find({ admin_id: 999 })).rejects.toMatchObject({
      statusCode: 404,
      body: { type: "error.list", errors: [{ code: "admin_not_found" }] },
    });
  });
});

describe("intercom-client 7: tags", () => {
  it("creates (idempotently by name), lists, finds, tags and untags a contact, deletes", async () => {
    const contact = makeContact(t);
    const vip = await client.tags.create({ name: "VIP" });
    expect(vip).toMatchObject({ type: "tag", name: "VIP" });
    expect(typeof vip.id).toBe("string");
    expect((await client.tags.create({ name: "VIP" })).id).toBe(vip.id);
    expect((await client.tags.list()).data?.map((x) => x.name)).toEqual(["VIP"]);
    expect(await client.tags.find({ tag_id: vip.id })).toMatchObject({ id: vip.id, name: "VIP" });

    const applied = await client.tags.tagContact({ contact_id: contact.id, id: vip.id });
    expect(applied).toMatchObject({ type: "tag", id: vip.id, applied_at: Math.floor(t.clock.now() / 1000), applied_by: { type: "admin", id: "0" } });
    const attached = await client.contacts.listAttachedTags({ contact_id: contact.id });
    expect(attached.data?.map((x) => x.id)).toEqual([vip.id]);

    expect(await client.tags.untagContact({ contact_id: contact.id, tag_id: vip.id })).toMatchObject({ id: vip.id, name: "VIP" });
    expect((await client.contacts.listAttachedTags({ contact_id: contact.id })).data).toEqual([]);

    await client.tags.delete({ tag_id: vip.id });
    expect((await client.tags.list()).data).toEqual([]);
    await expect(client.tags.find({ tag_id: vip.id })).rejects.toMatchObject({ statusCode: 404 });
  });

  it("renames by id and records the token's operator as applied_by", async () => {
    const op = makeOperator(t, { role: "admin" });
    const { createApiToken } = await import("../../src/workspaces/index.js");
    const { token } = createApiToken(t.ctx, t.workspace.id, { operatorId: op.id });
    const opClient = new IntercomClient({ token, baseUrl: `${server.url}/api`, maxRetries: 0 });
    const tag = await opClient.tags.create({ name: "Beta" });
    const renamed = await opClient.tags.create({ name: "Beta testers", id: tag.id } as { name: string });
    expect(renamed).toMatchObject({ id: tag.id, name: "Beta testers" });
    const applied = await opClient.tags.tagContact({ contact_id: makeContact(t).id, id: tag.id });
    expect(applied.applied_by).toEqual({ type: "admin", id: String(op.id) });
  });
});

describe("intercom-client 7: companies", () => {
  it("creates or updates by company_id, retrieves, finds, updates", async () => {
    const created = await client.companies.createOrUpdate({
      company_id: "acme", name: "Acme Inc", plan: "enterprise", monthly_spend: 500, remote_created_at: 1690000000,
      custom_attributes: { region: "EU" },
    });
    expect(created).toMatchObject({
      type: "company", company_id: "acme", name: "Acme Inc", app_id: t.workspace.idCode, monthly_spend: 500,
      remote_created_at: 1690000000, user_count: 0, plan: { type: "plan", name: "enterprise" }, custom_attributes: { region: "EU" },
      tags: { type: "tag.list", tags: [] }, segments: { type: "segment.list", segments: [] },
    });
    const again = await client.companies.createOrUpdate({ company_id: "acme", custom_attributes: { seats: 12 } });
    expect(again).toMatchObject({ id: created.id, name: "Acme Inc", custom_attributes: { region: "EU", seats: 12 } });

    expect(await client.companies.retrieve({ company_id: "acme" })).toMatchObject({ type: "company", id: created.id });
    expect(await client.companies.retrieve({ name: "Acme Inc" })).toMatchObject({ type: "company", id: created.id });
    expect(await client.companies.find({ company_id: created.id })).toMatchObject({ company_id: "acme" });
    const updated = await client.companies.update({ company_id: created.id, body: { name: "Acme Incorporated" } });
    expect(updated).toMatchObject({ id: created.id, name: "Acme Incorporated", plan: { name: "enterprise" } });

    await expect(client.companies.retrieve({ company_id: "nope" })).rejects.toMatchObject({
      statusCode: 404,
      body: { errors: [{ code: "company_not_found" }] },
    });
  });

  it("lists with page numbers and the iterator terminates", async () => {
    for (let i = 0; i < 5; i++) {
      await client.companies.createOrUpdate({ company_id: `c${i}`, name: `Company ${i}` });
      t.clock.advance(1000);
    }
    const all = await collect(await client.companies.list({ per_page: 2 }));
    expect(all.map((co) => co.company_id)).toEqual(["c0", "c1", "c2", "c3", "c4"]);
    const desc = await collect(await client.companies.list({ per_page: 3, order: "desc" }));
    expect(desc.map((co) => co.company_id)).toEqual(["c4", "c3", "c2", "c1", "c0"]);
  });

  it("attaches and detaches contacts, keeping user_count, and lists a contact's companies to the end", async () => {
    const ada = makeContact(t);
    const bob = makeContact(t);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await client.companies.createOrUpdate({ company_id: `co${i}`, name: `Co ${i}` })).id);
    for (const id of ids) await client.companies.attachContact({ contact_id: ada.id, id });
    const again = await client.companies.attachContact({ contact_id: ada.id, id: ids[0]! });
    expect(again.user_count).toBe(1);
    expect((await client.companies.attachContact({ contact_id: bob.id, id: ids[0]! })).user_count).toBe(2);

    const listed = await collect(await client.contacts.listAttachedCompanies({ contact_id: ada.id, per_page: 2 }));
    expect(listed.map((co) => co.id)).toEqual(ids);

    const detached = await client.companies.detachContact({ contact_id: ada.id, company_id: ids[0]! });
    expect(detached).toMatchObject({ id: ids[0], user_count: 1 });
    expect((await collect(await client.contacts.listAttachedCompanies({ contact_id: ada.id }))).map((co) => co.id)).toEqual(ids.slice(1));
  });
});

describe("intercom-client 7: data attributes and segments", () => {
  it("lists standard + custom attributes, creates and archives one", async () => {
    const created = await client.dataAttributes.create({ name: "plan", model: "contact", data_type: "string" } as { data_type: "string" });
    expect(created).toMatchObject({ type: "data_attribute", name: "plan", full_name: "custom_attributes.plan", custom: true, archived: false, model: "contact" });
    expect(Number.isInteger(created.id)).toBe(true);

    const list = await client.dataAttributes.list({ model: "contact" });
    const names = list.data?.map((a) => a.full_name) ?? [];
    expect(names).toContain("email");
    expect(names).toContain("custom_attributes.plan");
    expect(list.data?.find((a) => a.name === "email")).toMatchObject({ custom: false, data_type: "string", api_writable: true });

    const archived = await client.dataAttributes.update({ data_attribute_id: created.id!, body: { archived: true, description: "old" } });
    expect(archived).toMatchObject({ id: created.id, archived: true, description: "old" });
    expect((await client.dataAttributes.list({ model: "contact" })).data?.some((a) => a.name === "plan")).toBe(false);
    expect((await client.dataAttributes.list({ model: "contact", include_archived: true })).data?.some((a) => a.name === "plan")).toBe(true);
  });

  it("lists company attributes, including ones created by a company upsert", async () => {
    await client.companies.createOrUpdate({ company_id: "x", custom_attributes: { founded_at: 1600000000 } });
    const list = await client.dataAttributes.list({ model: "company" });
    expect(list.data?.find((a) => a.name === "founded_at")).toMatchObject({ custom: true, data_type: "date", model: "company" });
    const co = await client.companies.retrieve({ company_id: "x" });
    expect(co).toMatchObject({ custom_attributes: { founded_at: 1600000000 } });
  });

  it("lists segments (empty until the segments engine exists)", async () => {
    expect(await client.segments.list()).toEqual({ type: "segment.list", segments: [] });
    expect(await client.segments.list({ include_count: true })).toEqual({ type: "segment.list", segments: [] });
  });
});
