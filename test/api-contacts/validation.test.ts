import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../helpers/app.js";

// Bad input gets a 4xx in Intercom's error.list shape naming the field, never a 500.
let t: TestApp;
type Ids = { user: string; user2: string; lead: string };
let ids: Ids;

beforeEach(async () => {
  t = makeTestApp();
  const create = async (body: unknown) => ((await (await t.api("POST", "/api/contacts", body)).json()) as { id: string }).id;
  ids = {
    user: await create({ external_id: "u_1", email: "u1@example.com", custom_attributes: { seats: 3 } }),
    user2: await create({ external_id: "u_2" }),
    lead: await create({ role: "lead", email: "lead@example.com" }),
  };
});
afterEach(() => t.close());

interface Case {
  name: string;
  method: string;
  path: string | ((i: Ids) => string);
  /** A function receives the seeded contact ids. */
  body?: unknown;
  status: number;
  code?: string;
  field?: string;
  message?: RegExp;
}

const filter = (field: string, operator: string, value: unknown) => ({ field, operator, value });
const search = (query: unknown, pagination?: unknown) => ({ query, ...(pagination ? { pagination } : {}) });
const group = (operator: string, value: unknown[]) => ({ operator, value });
const ok = filter("email", "=", "x@example.com");

const cases: Case[] = [
  { name: "create without email, external_id or role", method: "POST", path: "/api/contacts", body: { name: "Nobody" }, status: 400, field: "email", message: /One of email, external_id or role/ },
  { name: "create with a non-string email", method: "POST", path: "/api/contacts", body: { email: 42 }, status: 400, code: "parameter_invalid", field: "email" },
  { name: "create with an invalid email", method: "POST", path: "/api/contacts", body: { email: "not-an-email" }, status: 400, field: "email" },
  { name: "create with an unknown role", method: "POST", path: "/api/contacts", body: { role: "admin" }, status: 400, field: "role" },
  { name: "create with a nested custom attribute", method: "POST", path: "/api/contacts", body: { external_id: "n", custom_attributes: { plan: { tier: 1 } } }, status: 400, field: "custom_attributes.plan" },
  { name: "custom attribute of the wrong type", method: "PUT", path: (i: Ids) => `/api/contacts/${i.user}`, body: { custom_attributes: { seats: "many" } }, status: 400, field: "custom_attributes.seats", message: /must be an integer/ },
  { name: "signed_up_at that is not a time", method: "POST", path: "/api/contacts", body: { external_id: "d", signed_up_at: "yesterday" }, status: 400, field: "signed_up_at" },
  { name: "malformed JSON", method: "POST", path: "/api/contacts", body: "{nope", status: 400, code: "bad_request" },
  { name: "find an unknown contact", method: "GET", path: "/api/contacts/ct_nope", status: 404, code: "not_found", message: /^User Not Found$/ },
  { name: "update an unknown contact", method: "PUT", path: "/api/contacts/ct_nope", body: { name: "x" }, status: 404, code: "not_found" },
  { name: "delete an unknown contact", method: "DELETE", path: "/api/contacts/ct_nope", status: 404, code: "not_found" },
  { name: "archive an unknown contact", method: "POST", path: "/api/contacts/ct_nope/archive", status: 404, code: "not_found" },
  { name: "unknown external id", method: "GET", path: "/api/contacts/find_by_external_id/nope", status: 404, code: "not_found" },
  { name: "a user cannot become a lead", method: "PUT", path: (i: Ids) => `/api/contacts/${i.user}`, body: { role: "lead" }, status: 400, field: "role" },
  { name: "duplicate email among users on update", method: "PUT", path: (i: Ids) => `/api/contacts/${i.user2}`, body: { email: "u1@example.com" }, status: 409, code: "conflict" },
  { name: "merge without from", method: "POST", path: "/api/contacts/merge", body: (i: Ids) => ({ into: i.user }), status: 400, field: "from" },
  { name: "merge a user", method: "POST", path: "/api/contacts/merge", body: (i: Ids) => ({ from: i.user2, into: i.user }), status: 400, field: "from" },
  { name: "merge into a lead", method: "POST", path: "/api/contacts/merge", body: (i: Ids) => ({ from: i.lead, into: i.lead }), status: 400, field: "from" },
  { name: "merge an unknown lead", method: "POST", path: "/api/contacts/merge", body: (i: Ids) => ({ from: "ct_nope", into: i.user }), status: 404 },
  { name: "list with per_page 0", method: "GET", path: "/api/contacts?per_page=0", status: 400, field: "per_page" },
  { name: "list with a forged cursor", method: "GET", path: "/api/contacts?starting_after=bm9wZQ", status: 400, field: "starting_after" },
  { name: "search without a query", method: "POST", path: "/api/contacts/search", body: {}, status: 400, field: "query" },
  { name: "search an unknown field", method: "POST", path: "/api/contacts/search", body: search(filter("shoe_size", "=", 9)), status: 400, field: "query.field" },
  { name: "search an undeclared custom attribute", method: "POST", path: "/api/contacts/search", body: search(group("AND", [ok, filter("custom_attributes.nope", "=", 1)])), status: 400, field: "query.value[1].field" },
  { name: "search with an unknown operator", method: "POST", path: "/api/contacts/search", body: search(filter("email", "LIKE", "x")), status: 400, field: "query.operator" },
  { name: "contains on an integer", method: "POST", path: "/api/contacts/search", body: search(group("AND", [ok, filter("custom_attributes.seats", "~", 1)])), status: 400, field: "query.value[1].operator" },
  { name: "!= on a date", method: "POST", path: "/api/contacts/search", body: search(filter("created_at", "!=", 1700000000)), status: 400, field: "query.operator" },
  { name: "a date that is not a number", method: "POST", path: "/api/contacts/search", body: search(group("OR", [filter("signed_up_at", ">", "last week")])), status: 400, field: "query.value[0].value" },
  { name: "an integer that is not a number", method: "POST", path: "/api/contacts/search", body: search(filter("custom_attributes.seats", ">", "many")), status: 400, field: "query.value" },
  { name: "IN without an array", method: "POST", path: "/api/contacts/search", body: search(filter("role", "IN", "user")), status: 400, field: "query.value" },
  { name: "IN with a wrong-typed item", method: "POST", path: "/api/contacts/search", body: search(filter("custom_attributes.seats", "IN", [1, "x"])), status: 400, field: "query.value[1]" },
  { name: "IN on tag_id", method: "POST", path: "/api/contacts/search", body: search(filter("tag_id", "IN", ["1"])), status: 400, field: "query.operator" },
  { name: "a group with a bad operator", method: "POST", path: "/api/contacts/search", body: search(group("XOR", [ok])), status: 400, field: "query.operator" },
  { name: "an empty group", method: "POST", path: "/api/contacts/search", body: search(group("AND", [])), status: 400, field: "query.value" },
  { name: "more than 15 items in a group", method: "POST", path: "/api/contacts/search", body: search(group("OR", Array.from({ length: 16 }, () => ok))), status: 400, field: "query.value" },
  { name: "groups nested too deep", method: "POST", path: "/api/contacts/search", body: search(group("AND", [group("OR", [group("AND", [group("OR", [ok])])])])), status: 400, field: "query.value[0].value[0].value[0]", message: /nested at most 2 levels/ },
  { name: "a filter that is not an object", method: "POST", path: "/api/contacts/search", body: search(group("AND", [ok, "email"])), status: 400, field: "query.value[1]" },
  { name: "search with per_page 0", method: "POST", path: "/api/contacts/search", body: search(ok, { per_page: 0 }), status: 400, field: "pagination.per_page" },
  { name: "event without a name", method: "POST", path: "/api/events", body: { user_id: "u_1" }, status: 400, field: "event_name" },
  { name: "event without a contact", method: "POST", path: "/api/events", body: { event_name: "x" }, status: 400, field: "user_id" },
  { name: "event for an unknown contact", method: "POST", path: "/api/events", body: { event_name: "x", email: "ghost@example.com" }, status: 404, code: "not_found" },
  { name: "event created_at that is not a time", method: "POST", path: "/api/events", body: { event_name: "x", user_id: "u_1", created_at: "soon" }, status: 400, field: "created_at" },
  { name: "event with 11 metadata keys", method: "POST", path: "/api/events", body: { event_name: "x", user_id: "u_1", metadata: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i])) }, status: 400, field: "metadata" },
  { name: "event with nested metadata", method: "POST", path: "/api/events", body: { event_name: "x", user_id: "u_1", metadata: { deep: { a: { b: 1 } } } }, status: 400, field: "metadata.deep" },
  { name: "event with array metadata", method: "POST", path: "/api/events", body: { event_name: "x", user_id: "u_1", metadata: { list: [1, 2] } }, status: 400, field: "metadata.list" },
  { name: "list events without type", method: "GET", path: "/api/events?user_id=u_1", status: 400, field: "type" },
  { name: "list events without a contact", method: "GET", path: "/api/events?type=user", status: 400, field: "user_id" },
  { name: "list events for two contacts", method: "GET", path: "/api/events?type=user&user_id=u_1&email=u1@example.com", status: 400, field: "user_id" },
  { name: "list events of an unknown contact", method: "GET", path: "/api/events?type=user&email=ghost@example.com", status: 404, code: "not_found" },
  { name: "list events with a forged cursor", method: "GET", path: "/api/events?type=user&user_id=u_1&before=xyz", status: 400, field: "before" },
  { name: "legacy user without any id", method: "POST", path: "/api/users", body: { name: "Nobody" }, status: 400, field: "user_id" },
  { name: "legacy user with an unknown Intercom id", method: "POST", path: "/api/users", body: { id: "ct_nope", name: "x" }, status: 404, code: "not_found" },
  { name: "legacy company without an id", method: "POST", path: "/api/users", body: { user_id: "u_9", companies: [{ name: "Acme" }] }, status: 400, field: "companies.0.company_id" },
  { name: "legacy custom_data with a nested value", method: "POST", path: "/api/users", body: { user_id: "u_9", custom_data: { a: { b: 1 } } }, status: 400, field: "custom_attributes.a" },
  { name: "legacy get of an unknown email", method: "GET", path: "/api/users?email=ghost@example.com", status: 404, code: "not_found" },
  { name: "legacy delete of an unknown user", method: "DELETE", path: "/api/users/ct_nope", status: 404, code: "not_found" },
];

describe("validation matrix", () => {
  it.each(cases)("$name → $status", async (tc) => {
    const path = typeof tc.path === "function" ? tc.path(ids) : tc.path;
    const body = typeof tc.body === "function" ? (tc.body as (i: Ids) => unknown)(ids) : tc.body;
    const res = await t.api(tc.method, path, body);
    const json = (await res.json()) as { type: string; errors: { code: string; message: string; field?: string }[] };
    expect({ status: res.status, type: json.type }).toEqual({ status: tc.status, type: "error.list" });
    const err = json.errors[0]!;
    if (tc.code) expect(err.code).toBe(tc.code);
    if (tc.field) expect(err.field).toBe(tc.field);
    if (tc.message) expect(err.message).toMatch(tc.message);
  });

  it("leaves nothing behind when a legacy upsert fails half way", async () => {
    const res = await t.api("POST", "/api/users", { user_id: "u_new", companies: [{ id: "ok" }, { name: "no id" }] });
    expect(res.status).toBe(400);
    expect((await t.api("GET", "/api/users?user_id=u_new")).status).toBe(404);
    expect((await t.api("GET", "/api/companies?company_id=ok")).status).toBe(404);
  });
});
