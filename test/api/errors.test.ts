import { afterEach, describe, expect, it } from "vitest";
import { createApiToken, revokeApiToken } from "../../src/workspaces/index.js";
import { makeTestApp, T0, type TestApp } from "../helpers/app.js";
import { listen } from "../helpers/http-server.js";
import { makeContact } from "./factories.js";

let t: TestApp;
afterEach(() => t?.close());

const basic = (user: string, pass = "") => `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;

async function errorOf(res: Response) {
  const body = (await res.json()) as { type: string; request_id: string; errors: { code: string; message: string; field?: string }[] };
  expect(body.type).toBe("error.list");
  expect(body.request_id).toBe(res.headers.get("x-request-id"));
  expect(body.errors).toHaveLength(1);
  return body.errors[0]!;
}

describe("auth", () => {
  const cases: { name: string; headers: Record<string, string>; status: number }[] = [
    { name: "no Authorization header", headers: { authorization: "" }, status: 401 },
    { name: "unknown bearer token", headers: { authorization: "Bearer nope" }, status: 401 },
    { name: "unsupported scheme", headers: { authorization: "Token abc" }, status: 401 },
    { name: "Basic with an unknown token", headers: { authorization: basic("wrong") }, status: 401 },
    { name: "appId:apiKey Basic pair", headers: { authorization: basic("app_id_x", "api_key_y") }, status: 401 },
  ];
  it.each(cases)("$name → $status unauthorized", async ({ headers, status }) => {
    t = makeTestApp();
    const res = await t.api("GET", "/api/me", undefined, headers);
    expect(res.status).toBe(status);
    expect(await errorOf(res)).toEqual({ code: "unauthorized", message: "Access Token Invalid" });
    expect(res.headers.get("x-ratelimit-limit")).toBeNull();
  });

  it.each([
    { name: "Basic token as username", header: (tok: string) => basic(tok) },
    { name: "Basic token as password", header: (tok: string) => basic("", tok) },
    { name: "lower-case bearer", header: (tok: string) => `bearer ${tok}` },
  ])("accepts $name and any Intercom-Version", async ({ header }) => {
    t = makeTestApp();
    const res = await t.api("GET", "/api/me", undefined, { authorization: header(t.token), "intercom-version": "Unstable" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ type: "admin", app: { id_code: t.workspace.idCode } });
  });

  it("stops accepting a revoked token", async () => {
    t = makeTestApp();
    const { token, row } = createApiToken(t.ctx, t.workspace.id);
    const auth = { authorization: `Bearer ${token}` };
    expect((await t.api("GET", "/api/tags", undefined, auth)).status).toBe(200);
    revokeApiToken(t.ctx, row.id);
    expect((await t.api("GET", "/api/tags", undefined, auth)).status).toBe(401);
  });
});

describe("rate limit", () => {
  it("sends per-window headers, 429s past the window budget, and resets after 10 s", async () => {
    t = makeTestApp({ config: { API_RATE_LIMIT: 12 } });
    const reset = String((T0 + 10_000) / 1000);
    const first = await t.api("GET", "/api/tags");
    expect([first.headers.get("x-ratelimit-limit"), first.headers.get("x-ratelimit-remaining"), first.headers.get("x-ratelimit-reset")]).toEqual(["2", "1", reset]);
    const second = await t.api("GET", "/api/companies/nope");
    expect(second.status).toBe(404);
    expect(second.headers.get("x-ratelimit-remaining")).toBe("0");

    t.clock.advance(3_000);
    const third = await t.api("GET", "/api/tags");
    expect(third.status).toBe(429);
    expect(await errorOf(third)).toMatchObject({ code: "rate_limit_exceeded" });
    expect(third.headers.get("retry-after")).toBe("7");
    expect(third.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(third.headers.get("x-ratelimit-reset")).toBe(reset);

    const other = createApiToken(t.ctx, t.workspace.id).token;
    expect((await t.api("GET", "/api/tags", undefined, { authorization: `Bearer ${other}` })).status).toBe(200);

    t.clock.advance(7_000);
    const after = await t.api("GET", "/api/tags");
    expect(after.status).toBe(200);
    expect(after.headers.get("x-ratelimit-remaining")).toBe("1");
    expect(after.headers.get("x-ratelimit-reset")).toBe(String((T0 + 20_000) / 1000));
  });
});

describe("error matrix", () => {
  const cases: {
    name: string;
    method: string;
    path: string | ((ids: { contact: string }) => string);
    body?: unknown;
    headers?: Record<string, string>;
    status: number;
    code: string;
    field?: string;
    message?: RegExp;
  }[] = [
    { name: "malformed JSON", method: "POST", path: "/api/tags", body: '{"name":', status: 400, code: "bad_request", message: /^Malformed JSON body$/ },
    { name: "empty body where name is required", method: "POST", path: "/api/tags", body: "", status: 400, code: "parameter_invalid", field: "name", message: /name is required/ },
    { name: "JSON that is not an object", method: "POST", path: "/api/tags", body: "[]", status: 400, code: "parameter_invalid", field: "body" },
    { name: "wrong type for name", method: "POST", path: "/api/tags", body: { name: 5 }, status: 400, code: "parameter_invalid", field: "name", message: /name must be a string/ },
    { name: "blank tag name", method: "POST", path: "/api/tags", body: { name: "  " }, status: 400, code: "parameter_invalid", field: "name" },
    { name: "bulk tag of an unknown user", method: "POST", path: "/api/tags", body: { name: "x", users: [{ user_id: "ghost" }] }, status: 404, code: "not_found", field: "users.0" },
    { name: "bulk tag entry without an id", method: "POST", path: "/api/tags", body: { name: "x", users: [{}] }, status: 400, code: "parameter_invalid", field: "users.0" },
    { name: "unknown tag", method: "GET", path: "/api/tags/tag_nope", status: 404, code: "not_found" },
    { name: "company without company_id", method: "POST", path: "/api/companies", body: { name: "Acme" }, status: 400, code: "parameter_invalid", field: "company_id" },
    { name: "wrong type for monthly_spend", method: "POST", path: "/api/companies", body: { company_id: "a", monthly_spend: "lots" }, status: 400, code: "parameter_invalid", field: "monthly_spend", message: /monthly_spend must be a number/ },
    { name: "fractional size", method: "POST", path: "/api/companies", body: { company_id: "a", size: 1.5 }, status: 400, code: "parameter_invalid", field: "size" },
    { name: "nested custom attribute", method: "POST", path: "/api/companies", body: { company_id: "a", custom_attributes: { x: { y: 1 } } }, status: 400, code: "parameter_invalid", field: "custom_attributes.x" },
    { name: "unknown company by id", method: "GET", path: "/api/companies/co_nope", status: 404, code: "company_not_found" },
    { name: "unknown company by company_id", method: "GET", path: "/api/companies?company_id=nope", status: 404, code: "company_not_found" },
    { name: "update unknown company", method: "PUT", path: "/api/companies/co_nope", body: { name: "x" }, status: 404, code: "company_not_found" },
    { name: "bad page number", method: "POST", path: "/api/companies/list?page=0", status: 400, code: "parameter_invalid", field: "page" },
    { name: "bad order", method: "POST", path: "/api/companies/list?order=sideways", status: 400, code: "parameter_invalid", field: "order" },
    { name: "attach without id", method: "POST", path: ({ contact }) => `/api/contacts/${contact}/companies`, body: {}, status: 400, code: "parameter_not_found", field: "id" },
    { name: "attach unknown company", method: "POST", path: ({ contact }) => `/api/contacts/${contact}/companies`, body: { id: "co_nope" }, status: 404, code: "company_not_found" },
    { name: "attach to unknown contact", method: "POST", path: "/api/contacts/ct_nope/companies", body: { id: "co_nope" }, status: 404, code: "not_found", message: /User Not Found/ },
    { name: "tags of unknown contact", method: "GET", path: "/api/contacts/ct_nope/tags", status: 404, code: "not_found" },
    { name: "tag contact without id", method: "POST", path: ({ contact }) => `/api/contacts/${contact}/tags`, body: {}, status: 400, code: "parameter_invalid", field: "id" },
    { name: "unknown data attribute model", method: "GET", path: "/api/data_attributes?model=ticket", status: 400, code: "parameter_invalid", field: "model" },
    { name: "data attribute without data_type", method: "POST", path: "/api/data_attributes", body: { name: "x", model: "contact" }, status: 400, code: "parameter_invalid", field: "data_type" },
    { name: "data attribute named like a standard one", method: "POST", path: "/api/data_attributes", body: { name: "email", model: "contact", data_type: "string" }, status: 400, code: "parameter_invalid", message: /You already have 'email'/ },
    { name: "data attribute name with a dot", method: "POST", path: "/api/data_attributes", body: { name: "a.b", model: "contact", data_type: "string" }, status: 400, code: "parameter_invalid", field: "name" },
    { name: "update unknown data attribute", method: "PUT", path: "/api/data_attributes/999", body: { archived: true }, status: 404, code: "field_not_found" },
    { name: "update non-numeric data attribute", method: "PUT", path: "/api/data_attributes/abc", body: {}, status: 404, code: "field_not_found" },
    { name: "unknown admin", method: "GET", path: "/api/admins/42", status: 404, code: "admin_not_found" },
    { name: "unknown segment", method: "GET", path: "/api/segments/seg_1", status: 404, code: "not_found" },
    { name: "unknown route", method: "GET", path: "/api/nothing/here", status: 404, code: "not_found", message: /No route for GET \/api\/nothing\/here/ },
  ];

  it.each(cases)("$name → $status $code", async (tc) => {
    t = makeTestApp();
    const contact = makeContact(t).id;
    const path = typeof tc.path === "function" ? tc.path({ contact }) : tc.path;
    const res = await t.api(tc.method, path, tc.body, tc.headers);
    expect(res.status).toBe(tc.status);
    const err = await errorOf(res);
    expect(err.code).toBe(tc.code);
    if (tc.field) expect(err.field).toBe(tc.field);
    if (tc.message) expect(err.message).toMatch(tc.message);
  });

  it("rejects a duplicate custom data attribute with Intercom's message", async () => {
    t = makeTestApp();
    const body = { name: "plan", model: "contact", data_type: "string" };
    expect((await t.api("POST", "/api/data_attributes", body)).status).toBe(200);
    const res = await t.api("POST", "/api/data_attributes", body);
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({
      code: "parameter_invalid",
      field: "name",
      message: "You already have 'plan' in your people data. To save this as new people data, use a different name.",
    });
  });

  it("names the custom attribute whose value does not fit its declared type", async () => {
    t = makeTestApp();
    await t.api("POST", "/api/data_attributes", { name: "seats", model: "company", data_type: "integer" });
    const res = await t.api("POST", "/api/companies", { company_id: "a", custom_attributes: { seats: "many" } });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: "parameter_invalid", field: "custom_attributes.seats" });
  });

  it("reads JSON sent as text/plain", async () => {
    t = makeTestApp();
    const res = await t.api("POST", "/api/tags", JSON.stringify({ name: "Plain" }), { "content-type": "text/plain" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ type: "tag", name: "Plain" });
  });

  it("refuses a body over 1 MB, streamed or declared", async () => {
    t = makeTestApp();
    const big = JSON.stringify({ name: "x".repeat(1024 * 1024) });
    const streamed = await t.api("POST", "/api/tags", big);
    expect(streamed.status).toBe(413);
    expect((await errorOf(streamed)).message).toMatch(/larger than 1048576 bytes/);

    const server = await listen(t.app);
    try {
      const res = await fetch(`${server.url}/api/companies`, { method: "POST", headers: { authorization: `Bearer ${t.token}` }, body: big });
      expect(res.status).toBe(413);
      expect((await errorOf(res)).code).toBe("request_too_large");
    } finally {
      await server.close();
    }
  });

  it("answers an unexpected failure with 500 server_error and logs it with the request id", async () => {
    t = makeTestApp();
    expect((await t.api("POST", "/api/companies", { company_id: "a" })).status).toBe(200);
    t.ctx.db.$client.exec("DROP TABLE company_tags");
    const res = await t.api("GET", "/api/companies?company_id=a", undefined, { "x-request-id": "req-123" });
    expect(res.status).toBe(500);
    expect(await errorOf(res)).toEqual({ code: "server_error", message: "Internal server error" });
    const line = t.log.lines.find((l) => l.level === "error");
    expect(line?.fields).toMatchObject({ requestId: "req-123", method: "GET", path: "/api/companies" });
    expect(JSON.stringify(line)).not.toContain(t.token);
  });
});
