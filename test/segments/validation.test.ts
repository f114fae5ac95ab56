import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { identify, segTest, send, type SegTest } from "./helpers.js";

let t: SegTest;
beforeEach(async () => {
  t = segTest();
  // Registers custom attributes: plan (string), beta (boolean), projects (integer).
  await send(t, identify("u1", { plan: "pro", beta: true, projects: 3 }));
});
afterEach(() => t?.close());

const all = (...conditions: unknown[]) => ({ name: "S", match: "all", conditions });

/** [what is wrong, body, the field the 400 must name] */
const MATRIX: [string, unknown, string][] = [
  ["name missing", { match: "all", conditions: [] }, "name"],
  ["match not all/any", { name: "S", match: "some", conditions: [] }, "match"],
  ["conditions not an array", { name: "S", match: "all", conditions: {} }, "conditions"],
  ["unknown top-level key", { name: "S", match: "all", conditions: [], filter: 1 }, "filter"],
  ["condition of no known kind", all({ foo: 1 }), "conditions[0]"],
  ["condition of two kinds", all({ attribute: "email", event: "x", op: "eq" }), "conditions[0]"],
  ["unknown attribute", all({ attribute: "shoe_size", op: "eq", value: "x" }), "conditions[0].attribute"],
  ["op unknown everywhere", all({ attribute: "email", op: "like", value: "x" }), "conditions[0].op"],
  ["number op on a string", all({ attribute: "email", op: "gt", value: "x" }), "conditions[0].op"],
  ["string op on a number", all({ attribute: "session_count", op: "contains", value: "1" }), "conditions[0].op"],
  ["string value for a number", all({ attribute: "session_count", op: "eq", value: "3" }), "conditions[0].value"],
  ["ne on a boolean", all({ attribute: "beta", op: "ne", value: true }), "conditions[0].op"],
  ["value on is_set", all({ attribute: "email", op: "is_set", value: "x" }), "conditions[0].value"],
  ["days missing", all({ attribute: "signed_up_at", op: "more_than_days_ago" }), "conditions[0].value"],
  ["fractional days", all({ attribute: "signed_up_at", op: "more_than_days_ago", value: 1.5 }), "conditions[0].value"],
  ["not a date for before", all({ attribute: "signed_up_at", op: "before", value: "yesterday" }), "conditions[0].value"],
  ["unknown key on a condition", all({ attribute: "email", op: "eq", value: "x", extra: 1 }), "conditions[0].extra"],
  ["event count without value", all({ event: "login", op: "count_gte" }), "conditions[0].value"],
  ["event value on performed", all({ event: "login", op: "performed", value: 2 }), "conditions[0].value"],
  ["zero-day window", all({ event: "login", op: "performed", within_days: 0 }), "conditions[0].within_days"],
  ["two windows", all({ event: "login", op: "performed", within_days: 1, within_hours: 2 }), "conditions[0].within_hours"],
  ["window on last_*", all({ event: "login", op: "last_more_than_days_ago", value: 3, within_days: 4 }), "conditions[0].within_days"],
  ["bad event op", all({ event: "login", op: "count_gt", value: 1 }), "conditions[0].op"],
  ["where op for the value type", all({ event: "buy", op: "performed", where: [{ key: "amount", op: "gt", value: "big" }] }), "conditions[0].where[0].op"],
  ["where key with a quote", all({ event: "buy", op: "performed", where: [{ key: 'a"b', op: "eq", value: "x" }] }), "conditions[0].where[0].key"],
  ["unknown tag", all({ tag: "nope", op: "has" }), "conditions[0].tag"],
  ["bad tag op", all({ tag: "nope", op: "is" }), "conditions[0].op"],
  ["unknown segment", all({ segment: "seg_missing", op: "in" }), "conditions[0].segment"],
  ["unknown company attribute", all({ company_attribute: "revenue", op: "gt", value: 1 }), "conditions[0].company_attribute"],
  ["number op on a company string", all({ company_attribute: "plan", op: "gt", value: 1 }), "conditions[0].op"],
  ["random percent above 100", all({ random_percent: true, op: "lt", value: 101 }), "conditions[0].value"],
  ["random percent op", all({ random_percent: true, op: "gt", value: 10 }), "conditions[0].op"],
  ["empty nested group", all({ match: "any", conditions: [] }), "conditions[0].conditions"],
  [
    "deep in a nested group",
    all({ attribute: "email", op: "is_set" }, { match: "any", conditions: [{ attribute: "plan", op: "eq", value: "x" }, { attribute: "projects", op: "contains", value: "1" }] }),
    "conditions[1].conditions[1].op",
  ],
];

describe("definition validation: a 400 naming the path", () => {
  for (const [what, body, field] of MATRIX) {
    it(what, async () => {
      const res = await t.api("POST", "/api/segments", body);
      expect(res.status).toBe(400);
      const json = (await res.json()) as { type: string; errors: { code: string; field: string; message: string }[] };
      expect(json.type).toBe("error.list");
      expect(json.errors[0]).toMatchObject({ code: "parameter_invalid", field });
      expect(json.errors[0]!.message.startsWith(`${field}:`)).toBe(true);
    });
  }

  it("refuses a segment that would refer back to itself", async () => {
    const a = (await (await t.api("POST", "/api/segments", all({ attribute: "plan", op: "eq", value: "pro" }))).json()) as { id: string };
    const b = (await (await t.api("POST", "/api/segments", all({ segment: a.id, op: "in" }))).json()) as { id: string };
    const res = await t.api("PUT", `/api/segments/${a.id}`, { conditions: [{ attribute: "email", op: "is_set" }, { segment: b.id, op: "not_in" }] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe("conditions[1].segment.conditions[0].segment");
  });
});
