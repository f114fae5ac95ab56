import Intercom from "intercom.io";
import { IntercomClient } from "intercom-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../helpers/app.js";
import { listen, type Listening } from "../helpers/http-server.js";

// The `intercom.io` 1.5.0 client with the widely copied 2014 tutorial payload, against the real app.
let t: TestApp;
let server: Listening;
let legacy: Intercom;
let modern: IntercomClient;

beforeEach(async () => {
  t = makeTestApp();
  server = await listen(t.app);
  t.ctx.config.PUBLIC_URL = server.url;
  // intercom.io joins endpoint + path as strings: the trailing slash is required.
  legacy = new Intercom({ personalAccessToken: t.token, endpoint: `${server.url}/api/` });
  modern = new IntercomClient({ token: t.token, baseUrl: `${server.url}/api`, maxRetries: 0 });
});
afterEach(async () => {
  await server.close();
  t.close();
});

const tutorialUser = {
  email: "ben@intercom.io", user_id: "7902", name: "Ben McRedmond", created_at: 1257553080, custom_data: { plan: "pro" },
  last_seen_ip: "1.2.3.4", last_seen_user_agent: "ie6",
  companies: [{ id: 6, name: "Intercom", created_at: 103201, plan: "Messaging", monthly_spend: 50 }],
  last_request_at: 1300000000,
};

describe("intercom.io 1.5.0 (API 1.x /users)", () => {
  it("runs the tutorial: create, update with a new session, get by email, event, delete", async () => {
    const created = await legacy.createUser(tutorialUser);
    expect(created).toMatchObject({
      type: "user", user_id: "7902", email: "ben@intercom.io", name: "Ben McRedmond", anonymous: false, app_id: t.workspace.idCode,
      signed_up_at: 1257553080, remote_created_at: 1257553080, last_request_at: 1300000000, last_seen_ip: "1.2.3.4",
      user_agent_data: "ie6", session_count: 0, custom_attributes: { plan: "pro" },
      companies: { type: "company.list", companies: [{ type: "company", company_id: "6", name: "Intercom" }] },
      location_data: { type: "location_data", country_code: "AU" },
    });
    expect(created.meta).toMatchObject({ ratelimit_limit: expect.any(String), ratelimit_reset: expect.any(String) });

    const updated = await legacy.updateUser({ user_id: "7902", custom_attributes: { plan: "enterprise" }, new_session: true });
    expect(updated).toMatchObject({ id: created.id, session_count: 1, custom_attributes: { plan: "enterprise" }, signed_up_at: 1257553080 });

    const found = await legacy.getUser({ email: "ben@intercom.io" });
    expect(found).toMatchObject({ id: created.id, user_id: "7902", session_count: 1 });
    expect((await legacy.viewUser({ id: created.id })).user_id).toBe("7902");

    await legacy.createEvent({ event_name: "upgraded", created_at: 1300000100, user_id: "7902", metadata: { plan: "enterprise" } });
    // Older than 90 days, so only the summary shows it, as in Intercom.
    const summary = await modern.events.list({ type: "user", user_id: "7902", summary: true });
    expect(summary).toMatchObject({ events: [{ name: "upgraded", first: 1300000100, last: 1300000100, count: 1 }] });

    const deleted = await legacy.deleteUser({ id: created.id });
    expect(deleted).toMatchObject({ type: "user", id: created.id, user_id: "7902" });
    // intercom.io 1.5.0's IntercomError reads an undefined variable; the ReferenceError is swallowed and the
    // client resolves with the error body instead of rejecting. Users see the error.list, so it must be one.
    const missing = await legacy.getUser({ user_id: "7902" });
    expect(missing).toMatchObject({ type: "error.list", errors: [{ code: "not_found", message: "User Not Found" }] });
  });

  it("detaches a company with remove:true and stamps last_request_at with update_last_request_at", async () => {
    await legacy.createUser(tutorialUser);
    t.clock.advance(60_000);
    const user = await legacy.updateUser({ user_id: "7902", update_last_request_at: true, companies: [{ company_id: "6", remove: true }] });
    expect(user.companies.companies).toEqual([]);
    expect(user.last_request_at).toBe(Math.floor(t.clock.now() / 1000));
  });

  it("lists users a page at a time and follows absolute pages.next links to the end", async () => {
    for (let i = 0; i < 5; i++) await legacy.createUser({ user_id: `u${i}`, email: `u${i}@example.com` });
    await modern.contacts.create({ role: "lead", email: "lead@example.com" } as never);
    const first = await legacy.getUsers({ per_page: 2 });
    expect(first).toMatchObject({ type: "user.list", total_count: 5, pages: { type: "pages", page: 1, per_page: 2, total_pages: 3 } });
    expect(first.pages.next).toBe(`${server.url}/api/users?per_page=2&page=2`);
    const all = await legacy.getPages("users", { per_page: 2 });
    expect(all.map((u) => u.user_id)).toEqual(["u0", "u1", "u2", "u3", "u4"]);
  });
});

describe("cross-API read-back", () => {
  it("reads a user written by intercom.io through intercom-client 7", async () => {
    const created = await legacy.createUser(tutorialUser);
    const contact = await modern.contacts.showContactByExternalId({ external_id: "7902" });
    expect(contact).toMatchObject({
      id: created.id, role: "user", email: "ben@intercom.io", signed_up_at: 1257553080, last_seen_at: 1300000000,
      custom_attributes: { plan: "pro" }, companies: { total_count: 1, data: [{ type: "company" }] },
      location: { country_code: "AU" },
    });
    const companies = await modern.contacts.listAttachedCompanies({ contact_id: created.id });
    expect(companies.data.map((co) => co.company_id)).toEqual(["6"]);
  });

  it("reads a contact written by intercom-client 7 through intercom.io", async () => {
    const contact = await modern.contacts.create({ external_id: "v7_1", email: "v7@example.com", name: "Vee", signed_up_at: 1700000000, custom_attributes: { plan: "team" } });
    await modern.contacts.update({ contact_id: contact.id!, custom_attributes: { seats: 4 } });
    const user = await legacy.getUser({ user_id: "v7_1" });
    expect(user).toMatchObject({
      type: "user", id: contact.id, email: "v7@example.com", name: "Vee", signed_up_at: 1700000000, custom_attributes: { plan: "team", seats: 4 },
    });
  });
});
