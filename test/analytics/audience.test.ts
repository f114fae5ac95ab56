import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { audienceReport, tableCsv } from "../../src/analytics/index.js";
import { contacts, sessions } from "../../src/db/schema/index.js";
import { DAY, HOUR } from "../../src/lib/clock.js";
import { get, identify, makeTestApp, owner, send, track, user, type TestApp } from "../admin-contacts/helpers.js";

const at = (day: string, hour = 10) => Date.parse(`${day}T00:00:00Z`) + hour * HOUR;
const NOW = at("2026-01-21", 12); // a Wednesday
const RANGE = { from: at("2026-01-05", 0), to: at("2026-01-15", 0) }; // Mon 5 – Wed 14 January
const page = (userId: string, url: string, ms: number) => ({ type: "page", userId, properties: { url }, timestamp: new Date(ms).toISOString() });

let t: TestApp;
/**
 * a (user, signs up Mon 5): active 5, 13, 20 · b (user, Tue 6): page view 6, login 14 · c (user, Mon 12): active 19
 * · d (lead, Mon 12): never active · e (user, Sat 3, before the range): active 5.
 */
beforeEach(async () => {
  t = makeTestApp({ now: at("2026-01-03") });
  await send(t, identify("e"));
  for (const [day, msg] of [["2026-01-05", identify("a")], ["2026-01-06", identify("b")], ["2026-01-12", identify("c")], ["2026-01-12", { type: "identify", anonymousId: "d", traits: {} }]] as const) {
    t.clock.set(at(day));
    await send(t, msg);
  }
  t.clock.set(NOW);
  await send(
    t,
    track("a", "login", {}, at("2026-01-05", 11)), track("a", "login", {}, at("2026-01-13")), track("a", "login", {}, at("2026-01-20")),
    page("b", "https://acme.test/", at("2026-01-06", 11)), track("b", "login", {}, at("2026-01-14")),
    track("c", "login", {}, at("2026-01-19")), track("e", "purchase", {}, at("2026-01-05", 12)),
  );
});
afterEach(() => t.close());

const report = () => audienceReport(t.ctx.db.$client, t.workspace.id, RANGE, NOW);

describe("audience report", () => {
  it("counts sign-ups per UTC day, users and leads apart, zeros included", () => {
    const rows = report().signups.rows;
    expect(rows).toHaveLength(10);
    expect(rows.filter((r) => r[1] !== 0 || r[2] !== 0)).toEqual([["2026-01-05", 1, 0], ["2026-01-06", 1, 0], ["2026-01-12", 1, 1]]);
  });

  it("counts active contacts per day and per Monday-based week (events and page views)", () => {
    const r = report();
    expect(r["active-daily"].rows.filter((x) => x[1] !== 0)).toEqual([["2026-01-05", 2], ["2026-01-06", 1], ["2026-01-13", 1], ["2026-01-14", 1]]);
    expect(r["active-weekly"].rows).toEqual([["2026-01-05", 3], ["2026-01-12", 2]]);
  });

  it("builds the weekly cohort table up to the current week", () => {
    const c = report().cohorts;
    expect(c.columns).toEqual(["cohort_week", "contacts", "week_0", "week_1", "week_2"]);
    expect(c.rows).toEqual([["2026-01-05", 2, 2, 2, 1], ["2026-01-12", 2, 0, 1, null]]);
  });

  it("ranks events of the range", () => {
    expect(report().events.rows).toEqual([["login", 3, 2], ["purchase", 1, 1]]);
  });

  it("groups sign-ups by first-touch UTM and sessions by referrer host", () => {
    t.ctx.db.update(contacts).set({ firstUtm: { source: "google", medium: "cpc", campaign: "=spring" } }).where(eq(contacts.id, user(t, "a").id)).run();
    const s = (id: string, contactId: string, referrer: string | null, startedAt: number) =>
      ({ id, workspaceId: t.workspace.id, contactId, startedAt, lastSeenAt: startedAt, referrer });
    t.ctx.db.insert(sessions).values([
      s("s1", user(t, "a").id, "https://news.example/a", RANGE.from + DAY), s("s2", user(t, "b").id, "https://news.example/b", RANGE.from + DAY),
      s("s3", user(t, "b").id, null, RANGE.from + 2 * DAY), s("s4", user(t, "c").id, "https://news.example/a", RANGE.to),
    ]).run();
    const r = report();
    expect(r.utm.rows).toEqual([[null, null, null, 3], ["google", "cpc", "=spring", 1]]);
    // b's page view on the 6th opened a session without a referrer too; equal counts sort by name.
    expect(r.referrers.rows).toEqual([["(direct)", 2, 1], ["news.example", 2, 2]]);
    expect(tableCsv(r.utm)).toBe("utm_source,utm_medium,utm_campaign,contacts\r\n,,,3\r\ngoogle,cpc,'=spring,1\r\n");
  });

  it("exports a table as CSV over HTTP and renders the page", async () => {
    const who = owner(t);
    const res = await get(t, "/reports/audience.csv?table=signups&from=2026-01-05&to=2026-01-14", who);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toContain('filename="signups-2026-01-05-2026-01-14.csv"');
    const lines = (await res.text()).split("\r\n");
    expect(lines.slice(0, 3)).toEqual(["day,users,leads", "2026-01-05,1,0", "2026-01-06,1,0"]);
    expect(lines).toHaveLength(12);
    expect((await get(t, "/reports/audience.csv?table=nope", who)).status).toBe(404);
    const html = await (await get(t, "/reports/audience?from=2026-01-05&to=2026-01-14", who)).text();
    expect(html).toContain('id="report-cohorts"');
    expect(html).toContain('data-series="data-signups"');
  });
});
