import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY, HOUR } from "../../src/lib/clock.js";
import { T0 } from "../helpers/app.js";
import { identify, makeSegment, members, segTest, send, type SegTest } from "./helpers.js";

const iso = (ms: number) => new Date(ms).toISOString();

/** Custom attributes of each registry type (typed on first sight by ingestion) and built-in columns. */
const PEOPLE: Record<string, Record<string, unknown>> = {
  ada: { email: "Ada@Example.com", name: "Ada Lovelace", plan: "pro", projects: 12, mrr: 99.5, beta: true, trial_ends_at: iso(T0 + 3 * DAY), createdAt: iso(T0 - 40 * DAY) },
  bob: { email: "bob@example.org", name: "Bob_%", plan: "free", projects: 0, mrr: 0.5, beta: false, trial_ends_at: iso(T0 - 2 * DAY - HOUR), createdAt: iso(T0 - 2 * DAY) },
  cyd: { name: "Cyd" },
};

/** [condition, user ids expected in the segment] */
const CASES: [Record<string, unknown>, string[]][] = [
  // string (custom and built-in): case-insensitive equality, LIKE metacharacters taken literally
  [{ attribute: "plan", op: "eq", value: "PRO" }, ["ada"]],
  [{ attribute: "plan", op: "ne", value: "pro" }, ["bob", "cyd"]],
  [{ attribute: "custom_attributes.plan", op: "starts_with", value: "fr" }, ["bob"]],
  [{ attribute: "email", op: "eq", value: "ada@example.com" }, ["ada"]],
  [{ attribute: "email", op: "ends_with", value: ".org" }, ["bob"]],
  [{ attribute: "email_domain", op: "contains", value: "example" }, ["ada", "bob"]],
  [{ attribute: "name", op: "contains", value: "_%" }, ["bob"]],
  [{ attribute: "name", op: "not_contains", value: "love" }, ["bob", "cyd"]],
  [{ attribute: "email", op: "is_not_set" }, ["cyd"]],
  [{ attribute: "email", op: "is_set" }, ["ada", "bob"]],
  [{ attribute: "role", op: "eq", value: "user" }, ["ada", "bob", "cyd"]],
  // integer and float
  [{ attribute: "projects", op: "gt", value: 0 }, ["ada"]],
  [{ attribute: "projects", op: "lte", value: 0 }, ["bob"]],
  [{ attribute: "projects", op: "ne", value: 12 }, ["bob", "cyd"]],
  [{ attribute: "mrr", op: "gte", value: 0.5 }, ["ada", "bob"]],
  [{ attribute: "mrr", op: "lt", value: 1 }, ["bob"]],
  [{ attribute: "mrr", op: "is_not_set" }, ["cyd"]],
  [{ attribute: "session_count", op: "eq", value: 0 }, ["ada", "bob", "cyd"]],
  // boolean
  [{ attribute: "beta", op: "eq", value: true }, ["ada"]],
  [{ attribute: "beta", op: "eq", value: false }, ["bob"]],
  [{ attribute: "unsubscribed_from_emails", op: "eq", value: false }, ["ada", "bob", "cyd"]],
  // date (custom and built-in): days are 24-hour spans back from now; future dates are "less than N days ago"
  [{ attribute: "trial_ends_at", op: "exactly_days_ago", value: 2 }, ["bob"]],
  [{ attribute: "trial_ends_at", op: "less_than_days_ago", value: 1 }, ["ada"]],
  [{ attribute: "trial_ends_at", op: "after", value: Math.floor(T0 / 1000) }, ["ada"]],
  [{ attribute: "trial_ends_at", op: "before", value: iso(T0) }, ["bob"]],
  [{ attribute: "signed_up_at", op: "more_than_days_ago", value: 30 }, ["ada"]],
  [{ attribute: "signed_up_at", op: "exactly_days_ago", value: 2 }, ["bob"]],
  [{ attribute: "signed_up_at", op: "is_not_set" }, ["cyd"]],
  [{ attribute: "created_at", op: "less_than_days_ago", value: 1 }, ["ada", "bob", "cyd"]],
];

describe("attribute conditions of every type", () => {
  let t: SegTest;
  beforeAll(async () => {
    t = segTest();
    await send(t, ...Object.entries(PEOPLE).map(([u, traits]) => identify(u, traits)));
  });
  afterAll(() => t.close());

  for (const [condition, expected] of CASES) {
    it(`${condition.attribute} ${condition.op} ${JSON.stringify(condition.value ?? "")} → [${expected.join(", ")}]`, async () => {
      const seg = await makeSegment(t, { match: "all", conditions: [condition] });
      expect(members(t, seg.id)).toEqual(expected);
    });
  }
});

describe("day math does not depend on the process time zone", () => {
  const saved = process.env.TZ;
  afterAll(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  // 2026-03-08 is a 23-hour day in New York; day counts must still be exact 24-hour spans.
  const NOW = Date.UTC(2026, 2, 9, 12);
  for (const tz of ["UTC", "America/New_York", "Pacific/Chatham"]) {
    it(`exactly/more than N days ago under TZ=${tz}`, async () => {
      process.env.TZ = tz;
      const t = segTest({ now: NOW });
      try {
        await send(t, identify("edge_in", { createdAt: iso(NOW - 2 * DAY) }), identify("edge_out", { createdAt: iso(NOW - 3 * DAY) }), identify("mid", { createdAt: iso(NOW - 2 * DAY - 23 * HOUR) }));
        const exactly = await makeSegment(t, { match: "all", conditions: [{ attribute: "signed_up_at", op: "exactly_days_ago", value: 2 }] });
        const more = await makeSegment(t, { match: "all", conditions: [{ attribute: "signed_up_at", op: "more_than_days_ago", value: 2 }] });
        expect(members(t, exactly.id)).toEqual(["edge_in", "mid"]);
        expect(members(t, more.id)).toEqual(["edge_out", "mid"]);
      } finally {
        t.close();
      }
    });
  }
});
