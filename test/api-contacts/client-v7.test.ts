import { IntercomClient, IntercomError, type Intercom } from "intercom-client";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { workspaces } from "../../src/db/schema/index.js";
import { DAY, HOUR } from "../../src/lib/clock.js";
import { makeTestApp, type TestApp } from "../helpers/app.js";
import { listen, type Listening } from "../helpers/http-server.js";

// The official SDK (v7) against the real app on 127.0.0.1, exactly as a user points it at us.
let t: TestApp;
let server: Listening;
let client: IntercomClient;
let requests: string[];

beforeEach(async () => {
  t = makeTestApp();
  server = await listen(t.app);
  // Absolute `pages.next` links must point at this server for clients to follow them.
  t.ctx.config.PUBLIC_URL = server.url;
  requests = [];
  const counting: typeof fetch = (input, init) => {
    requests.push(`${init?.method ?? "GET"} ${String(input instanceof Request ? input.url : input)}`);
    return fetch(input, init);
  };
  client = new IntercomClient({ token: t.token, baseUrl: `${server.url}/api`, maxRetries: 0, fetch: counting });
});
afterEach(async () => {
  await server.close();
  t.close();
});

const nowSec = () => Math.floor(t.clock.now() / 1000);
/** The SDK types forbid mixing groups and filters in one group, which the captured request does. */
const query = (q: unknown) => q as Intercom.SearchRequest["query"];

async function collect<T>(pages: AsyncIterable<T>, limit = 200): Promise<T[]> {
  const out: T[] = [];
  for await (const item of pages) {
    out.push(item);
    if (out.length > limit) throw new Error("iterator did not terminate");
  }
  return out;
}

async function failure(p: Promise<unknown>): Promise<IntercomError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(IntercomError);
  return err as IntercomError;
}

describe("intercom-client 7: contacts", () => {
  it("creates, finds, updates (merging custom attributes) and deletes a contact", async () => {
    const created = await client.contacts.create({
      external_id: "u_1001", email: "ada@example.com", name: "Ada Lovelace", signed_up_at: 1700000000, custom_attributes: { plan: "pro" },
    });
    expect(created).toMatchObject({
      type: "contact", role: "user", external_id: "u_1001", email: "ada@example.com", email_domain: "example.com",
      signed_up_at: 1700000000, created_at: nowSec(), workspace_id: t.workspace.idCode, custom_attributes: { plan: "pro" },
      location: { type: "location", country: null }, tags: { type: "list", data: [], total_count: 0, has_more: false },
    });
    const id = created.id!;
    expect((await client.contacts.find({ contact_id: id })).name).toBe("Ada Lovelace");

    t.clock.advance(HOUR);
    const updated = await client.contacts.update({ contact_id: id, name: "Ada King", custom_attributes: { plan: "enterprise", seats: 12 } });
    expect(updated).toMatchObject({ name: "Ada King", updated_at: nowSec(), custom_attributes: { plan: "enterprise", seats: 12 } });
    const cleared = await client.contacts.update({ contact_id: id, custom_attributes: { plan: null } });
    expect(cleared.custom_attributes).toEqual({ seats: 12 });

    expect(await client.contacts.delete({ contact_id: id })).toEqual({ type: "contact", id, external_id: "u_1001", deleted: true });
    const gone = await failure(client.contacts.find({ contact_id: id }));
    expect(gone.statusCode).toBe(404);
    expect(gone.body).toMatchObject({ type: "error.list", errors: [{ code: "not_found", message: "User Not Found" }] });
  });

  it("answers a duplicate external_id with Intercom's exact 409 message; leads may share a user's email", async () => {
    const first = await client.contacts.create({ external_id: "u_1001", email: "ada@example.com" });
    const dup = await failure(client.contacts.create({ external_id: "u_1001" }));
    expect(dup.statusCode).toBe(409);
    expect(dup.body).toMatchObject({ errors: [{ code: "conflict", message: `A contact matching those details already exists with id=${first.id}` }] });
    const sameEmail = await failure(client.contacts.create({ email: "ADA@example.com" }));
    expect(sameEmail.statusCode).toBe(409);
    const lead = await client.contacts.create({ role: "lead", email: "ada@example.com" } as Intercom.CreateContactRequest);
    expect(lead).toMatchObject({ role: "lead", email: "ada@example.com", external_id: null });
    const other = await client.contacts.create({ external_id: "u_2002" });
    const clash = await failure(client.contacts.update({ contact_id: other.id!, email: "ada@example.com" }));
    expect(clash.body).toMatchObject({ errors: [{ message: `A contact matching those details already exists with id=${first.id}` }] });
  });

  it("iterates the whole cursor-paginated list with for await, each contact exactly once", async () => {
    const made: string[] = [];
    for (let i = 0; i < 7; i++) {
      // Some contacts share a creation millisecond: the cursor must break ties by id.
      if (i % 3 === 0) t.clock.advance(1000);
      made.push((await client.contacts.create({ external_id: `u_${i}`, email: `p${i}@example.com` })).id!);
    }
    const first = await client.contacts.list({ per_page: 2 });
    expect(first.response).toMatchObject({ type: "list", total_count: 7, pages: { type: "pages", page: 1, per_page: 2, total_pages: 4 } });
    const before = requests.length;
    const seen = (await collect(first)).map((c) => c.id);
    expect(requests.length - before).toBe(3);
    expect(seen).toEqual(made);
    expect(new Set(seen).size).toBe(7);
  });

  it("finds by external id, archives (hidden from list, still findable) and unarchives", async () => {
    const c = await client.contacts.create({ external_id: "ext/with space", email: "e@example.com" });
    expect((await client.contacts.showContactByExternalId({ external_id: "ext/with space" })).id).toBe(c.id);
    // Not shadowed by GET /contacts/{id}/tags, which the same path would also match.
    const tags = await client.contacts.create({ external_id: "tags" });
    expect((await client.contacts.showContactByExternalId({ external_id: "tags" })).id).toBe(tags.id);
    await client.contacts.delete({ contact_id: tags.id! });
    expect(await client.contacts.archive({ contact_id: c.id! })).toEqual({ type: "contact", id: c.id, external_id: "ext/with space", archived: true });
    expect((await client.contacts.list()).data).toHaveLength(0);
    expect((await client.contacts.find({ contact_id: c.id! })).id).toBe(c.id);
    expect(await client.contacts.unarchive({ contact_id: c.id! })).toMatchObject({ archived: false });
    expect((await client.contacts.list()).data.map((x) => x.id)).toEqual([c.id]);
  });

  it("merges a lead into a user, keeping the lead's events; refuses a user as `from`", async () => {
    const user = await client.contacts.create({ external_id: "u_1", email: "u1@example.com" });
    const lead = await client.contacts.create({ role: "lead", email: "visitor@example.com", custom_attributes: { source: "ad" } } as Intercom.CreateContactRequest);
    await client.events.create({ event_name: "viewed-pricing", created_at: nowSec(), id: lead.id! });
    const merged = await client.contacts.mergeLeadInUser({ from: lead.id!, into: user.id! });
    expect(merged).toMatchObject({ id: user.id, role: "user", email: "u1@example.com", custom_attributes: { source: "ad" } });
    const summary = (await client.events.list({ type: "user", intercom_user_id: user.id!, summary: true })) as unknown as { events: { name: string }[] };
    expect(summary.events.map((e) => e.name)).toEqual(["viewed-pricing"]);
    const other = await client.contacts.create({ external_id: "u_2" });
    const refused = await failure(client.contacts.mergeLeadInUser({ from: other.id!, into: user.id! }));
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatchObject({ errors: [{ field: "from", message: "from must be a lead" }] });
  });
});

describe("intercom-client 7: search", () => {
  async function seed() {
    const mk = (external_id: string, email: string, custom_attributes: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      client.contacts.create({ external_id, email, custom_attributes, ...extra } as Intercom.CreateContactRequest);
    return {
      ada: await mk("ada", "ada@example.com", { plan: "enterprise", seats: 12 }),
      bob: await mk("bob", "bob@corp.io", { plan: "enterprise", seats: 3 }),
      cyd: await mk("cyd", "cyd@example.com", { plan: "pro", seats: 40 }),
      dee: await mk("dee", "dee@elsewhere.org", { plan: "free", seats: 1 }),
    };
  }
  const ids = async (q: unknown, perPage = 2) => (await collect(await client.contacts.search({ query: query(q), pagination: { per_page: perPage } }))).map((c) => c.external_id).sort();

  it("runs the captured nested AND/OR query and pages through the results", async () => {
    await seed();
    const q = { operator: "AND", value: [
      { field: "custom_attributes.plan", operator: "=", value: "enterprise" },
      { operator: "OR", value: [{ field: "email", operator: "$", value: "@example.com" }, { field: "custom_attributes.seats", operator: "<", value: 5 }] },
    ] };
    expect(await ids(q, 1)).toEqual(["ada", "bob"]);
  });

  it("supports ~, ^, $, IN, NIN and nested OR inside AND inside OR", async () => {
    await seed();
    expect(await ids({ field: "email", operator: "~", value: "corp" })).toEqual(["bob"]);
    expect(await ids({ field: "email", operator: "!~", value: "example" })).toEqual(["bob", "dee"]);
    expect(await ids({ field: "external_id", operator: "^", value: "c" })).toEqual(["cyd"]);
    expect(await ids({ field: "email_domain", operator: "$", value: ".org" })).toEqual(["dee"]);
    expect(await ids({ field: "custom_attributes.plan", operator: "IN", value: ["pro", "free"] })).toEqual(["cyd", "dee"]);
    expect(await ids({ field: "custom_attributes.seats", operator: "NIN", value: [1, 3] })).toEqual(["ada", "cyd"]);
    const deep = { operator: "OR", value: [
      { field: "external_id", operator: "=", value: "dee" },
      { operator: "AND", value: [
        { field: "custom_attributes.seats", operator: ">", value: 10 },
        { operator: "OR", value: [{ field: "custom_attributes.plan", operator: "=", value: "pro" }, { field: "name", operator: "=", value: null }] },
      ] },
    ] };
    expect(await ids(deep)).toEqual(["ada", "cyd", "dee"]);
    const none = await client.contacts.search({ query: query({ field: "email", operator: "=", value: "nobody@example.com" }) });
    expect(none.response).toMatchObject({ type: "list", data: [], total_count: 0 });
  });

  it("compares dates by calendar day in the workspace time zone", async () => {
    t.ctx.db.update(workspaces).set({ timezone: "America/New_York" }).where(eq(workspaces.id, t.workspace.id)).run();
    // 2026-01-10 in New York runs from 05:00Z on the 10th to 05:00Z on the 11th.
    const ny10 = Date.UTC(2026, 0, 10, 5) / 1000;
    const at = { early: ny10 - 60, start: ny10, late: ny10 + DAY / 1000 - 60, next: ny10 + DAY / 1000 };
    for (const [key, signed_up_at] of Object.entries(at)) await client.contacts.create({ external_id: key, signed_up_at });
    const noon = ny10 + 7 * 3600;
    expect(await ids({ field: "signed_up_at", operator: "=", value: noon })).toEqual(["late", "start"]);
    expect(await ids({ field: "signed_up_at", operator: ">", value: String(noon) })).toEqual(["next"]);
    expect(await ids({ field: "signed_up_at", operator: "<", value: noon })).toEqual(["early"]);
  });
});

describe("intercom-client 7: events", () => {
  it("creates events by user_id and by id, lists them newest first with absolute next links, and summarises", async () => {
    const c = await client.contacts.create({ external_id: "u_1001", email: "ada@example.com" });
    const base = nowSec() - 3600;
    expect(await client.events.create({ event_name: "invited-friend", created_at: base, user_id: "u_1001", metadata: { invite_code: "ADDAFRIEND" } })).toBeUndefined();
    await client.events.create({ event_name: "opened-app", created_at: base + 100, id: c.id! });
    // The SDK types metadata values as strings; Intercom (and we) also take rich links and prices.
    const rich = { article: { url: "https://x.test/a", value: "Guide" }, price: { amount: 3499, currency: "eur" } } as unknown as Record<string, string>;
    await client.events.create({ event_name: "opened-app", created_at: base + 200, email: "ada@example.com", metadata: rich });
    // Intercom's dedupe: same contact, name and time is the same event, still accepted.
    await client.events.create({ event_name: "opened-app", created_at: base + 200, user_id: "u_1001" });

    type EventList = { type: string; events: { event_name: string; created_at: number; metadata: unknown; intercom_user_id: string }[]; pages: { next?: string } };
    const page1 = (await client.events.list({ type: "user", user_id: "u_1001", per_page: 2 })) as unknown as EventList;
    expect(page1.type).toBe("event.list");
    expect(page1.events.map((e) => e.created_at)).toEqual([base + 200, base + 100]);
    expect(page1.events[0]).toMatchObject({ intercom_user_id: c.id, metadata: { article: { url: "https://x.test/a", value: "Guide" }, price: { amount: 3499, currency: "eur" } } });
    expect(page1.pages.next).toMatch(new RegExp(`^${server.url}/api/events\\?`));
    const res = await fetch(page1.pages.next!, { headers: { authorization: `Bearer ${t.token}` } });
    const page2 = (await res.json()) as EventList;
    expect(page2.events).toMatchObject([{ event_name: "invited-friend", metadata: { invite_code: "ADDAFRIEND" } }]);
    expect(page2.pages).toEqual({});

    const summary = await client.events.list({ type: "user", intercom_user_id: c.id!, summary: true });
    expect(summary).toMatchObject({
      type: "event.summary", user_id: "u_1001", email: "ada@example.com", intercom_user_id: c.id,
      events: [{ name: "opened-app", first: base + 100, last: base + 200, count: 2 }, { name: "invited-friend", count: 1, description: "" }],
    });
  });

  it("404s an event for an unknown contact", async () => {
    const err = await failure(client.events.create({ event_name: "x", created_at: nowSec(), user_id: "nobody" }));
    expect(err.statusCode).toBe(404);
  });
});
