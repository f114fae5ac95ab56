import { describe, expect, it, afterEach } from "vitest";
import { dayOf } from "../../src/contacts/search-dates.js";
import { makeTestApp, type TestApp } from "../helpers/app.js";

// Search semantics, table-driven through the HTTP API (the real-client flows are in client-v7.test.ts).
let t: TestApp;
afterEach(() => t?.close());

type Row = { id: string; external_id: string };

async function setup() {
  t = makeTestApp();
  const make = async (body: Record<string, unknown>) => ((await (await t.api("POST", "/api/contacts", body)).json()) as Row).id;
  const ids = {
    a: await make({ external_id: "a", email: "Ann@Example.com", name: "Ann", unsubscribed_from_emails: true, custom_attributes: { vip: true, score: 1.5, tier: "gold" } }),
    b: await make({ external_id: "b", email: "bo_b@test.io", custom_attributes: { vip: false, score: 7, tier: "50%off" } }),
    c: await make({ role: "lead", email: "carl@example.com", owner_id: 4 }),
  };
  const tag = (await (await t.api("POST", "/api/tags", { name: "VIP" })).json()) as { id: string };
  await t.api("POST", `/api/contacts/${ids.a}/tags`, { id: tag.id });
  return { ids, tagId: tag.id };
}

async function matches(query: unknown): Promise<string[]> {
  const res = await t.api("POST", "/api/contacts/search", { query });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { data: Row[]; total_count: number };
  expect(body.total_count).toBe(body.data.length);
  return body.data.map((r) => r.external_id ?? "lead").sort();
}

describe("search operators", () => {
  it("matches each operator and type as Intercom does", async () => {
    const { tagId } = await setup();
    const table: [unknown, string[]][] = [
      [{ field: "email", operator: "=", value: "ann@example.com" }, ["a"]],
      [{ field: "role", operator: "=", value: "lead" }, ["lead"]],
      [{ field: "role", operator: "!=", value: "lead" }, ["a", "b"]],
      [{ field: "name", operator: "=", value: null }, ["b", "lead"]],
      [{ field: "name", operator: "!=", value: null }, ["a"]],
      [{ field: "name", operator: "!=", value: "Ann" }, ["b", "lead"]],
      [{ field: "email_domain", operator: "IN", value: ["example.com"] }, ["a", "lead"]],
      [{ field: "email", operator: "~", value: "o_b" }, ["b"]],
      [{ field: "custom_attributes.tier", operator: "~", value: "%" }, ["b"]],
      [{ field: "custom_attributes.tier", operator: "!~", value: "gold" }, ["b", "lead"]],
      [{ field: "custom_attributes.vip", operator: "=", value: true }, ["a"]],
      [{ field: "custom_attributes.vip", operator: "=", value: "false" }, ["b"]],
      [{ field: "custom_attributes.score", operator: ">=", value: 1.5 }, ["a", "b"]],
      [{ field: "custom_attributes.score", operator: "<=", value: "1.5" }, ["a"]],
      [{ field: "owner_id", operator: "=", value: 4 }, ["lead"]],
      [{ field: "unsubscribed_from_emails", operator: "=", value: true }, ["a"]],
      [{ field: "tag_id", operator: "=", value: tagId }, ["a"]],
      [{ field: "tag_id", operator: "!=", value: tagId }, ["b", "lead"]],
      [{ field: "segment_id", operator: "=", value: "seg_1" }, []],
      [{ field: "segment_id", operator: "!=", value: "seg_1" }, ["a", "b", "lead"]],
      [{ field: "ios_app_version", operator: "=", value: null }, ["a", "b", "lead"]],
      [{ field: "location.country", operator: "=", value: "Germany" }, []],
    ];
    for (const [query, expected] of table) expect({ query, got: await matches(query) }).toEqual({ query, got: expected });
  });

  it("leaves archived contacts out of search and list", async () => {
    const { ids } = await setup();
    await t.api("POST", `/api/contacts/${ids.b}/archive`);
    expect(await matches({ field: "email", operator: "~", value: "@" })).toEqual(["a", "lead"]);
    const list = (await (await t.api("GET", "/api/contacts")).json()) as { total_count: number };
    expect(list.total_count).toBe(2);
  });
});

describe("calendar days", () => {
  it("finds the day around a DST change in the zone", () => {
    // Europe/Berlin switches to summer time on 2026-03-29: that day is 23 hours long.
    const day = dayOf(Date.UTC(2026, 2, 29, 12), "Europe/Berlin");
    expect(day).toEqual({ start: Date.UTC(2026, 2, 28, 23), end: Date.UTC(2026, 2, 29, 22) });
    expect(dayOf(Date.UTC(2026, 0, 1, 3), "Nowhere/Invalid")).toEqual({ start: Date.UTC(2026, 0, 1), end: Date.UTC(2026, 0, 2) });
  });
});
