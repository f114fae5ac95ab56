import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { inboxReport, percentile, tableCsv } from "../../src/analytics/index.js";
import { addPart, setConversationState, startConversation } from "../../src/conversations/index.js";
import { HOUR, MINUTE } from "../../src/lib/clock.js";
import { makeContact, makeOperator } from "../api/factories.js";
import { get, owner } from "../admin/support.js";
import { makeTestApp, type TestApp } from "../helpers/app.js";

const at = (day: string, hour: number, minute = 0) => Date.parse(`${day}T00:00:00Z`) + hour * HOUR + minute * MINUTE;
const RANGE = { from: at("2026-01-05", 0), to: at("2026-01-12", 0) }; // Mon 5 – Sun 11 January

let t: TestApp;
let olive: { id: number };
let bob: { id: number };

/**
 * c1 Mon 09:00, Olive answers in 10 min, closes after 60 min · c2 Mon 09:30, Bob answers in 30 min (Olive later),
 * Bob closes Tue 09:30 · c3 Tue 14:00, Olive answers in 2 min · c4 Tue 15:00, only a private note · c5 Wed, started by
 * Olive (she closes it an hour later) · c6 on the 20th, outside the range.
 */
beforeEach(() => {
  t = makeTestApp({ now: at("2026-01-05", 8) });
  olive = makeOperator(t, { name: "Olive" });
  bob = makeOperator(t, { name: "Bob" });
  const ws = t.workspace.id;
  const op = (o: { id: number }) => ({ type: "operator" as const, operatorId: o.id });
  const start = (when: number, body: string) => {
    t.clock.set(when);
    const contact = makeContact(t);
    return startConversation(t.ctx, ws, { contactId: contact.id, body }).conversation.id;
  };
  const reply = (id: number, who: { id: number }, when: number, kind: "comment" | "note" = "comment") => {
    t.clock.set(when);
    addPart(t.ctx, ws, id, { author: op(who), kind, body: "On it" });
  };
  const close = (id: number, who: { id: number }, when: number) => {
    t.clock.set(when);
    setConversationState(t.ctx, ws, id, { by: op(who), state: "closed" });
  };
  const c1 = start(at("2026-01-05", 9), "Billing?");
  const c2 = start(at("2026-01-05", 9, 30), "Login broken");
  reply(c1, olive, at("2026-01-05", 9, 10));
  reply(c2, bob, at("2026-01-05", 10));
  reply(c2, olive, at("2026-01-05", 10, 5));
  close(c1, olive, at("2026-01-05", 10));
  close(c2, bob, at("2026-01-06", 9, 30));
  const c3 = start(at("2026-01-06", 14), "Export?");
  reply(c3, olive, at("2026-01-06", 14, 2));
  const c4 = start(at("2026-01-06", 15), "Hello");
  reply(c4, olive, at("2026-01-06", 15, 5), "note");
  t.clock.set(at("2026-01-07", 11));
  const c5 = startConversation(t.ctx, ws, { contactId: makeContact(t).id, author: op(olive), body: "Welcome aboard" }).conversation.id;
  close(c5, olive, at("2026-01-07", 12)); // a team-started conversation: a close of the day, not a support close time
  start(at("2026-01-20", 9), "Later");
});
afterEach(() => t.close());

const report = () => inboxReport(t.ctx.db.$client, t.workspace.id, RANGE);

describe("inbox report", () => {
  it("takes nearest-rank percentiles", () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([2, 10, 30], 50)).toBe(10);
    expect(percentile([2, 10, 30], 90)).toBe(30);
    expect(percentile([60, 1440], 50)).toBe(60);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
  });

  it("measures first response and time to close, median and p90, from contact-started conversations", () => {
    const s = report().summary;
    expect(s).toMatchObject({ conversations: 5, answered: 3, closed: 2 });
    expect(s.firstResponseMedian).toBe(10 * MINUTE);
    expect(s.firstResponseP90).toBe(30 * MINUTE);
    expect(s.closeMedian).toBe(60 * MINUTE);
    expect(s.closeP90).toBe(24 * HOUR);
    expect(report().times.rows).toEqual([["first_response", 3, 10, 30], ["time_to_close", 2, 60, 1440]]);
  });

  it("counts conversations started and closed per day", () => {
    const rows = report().volume.rows;
    expect(rows).toHaveLength(7);
    expect(rows.slice(0, 3)).toEqual([["2026-01-05", 2, 0, 1], ["2026-01-06", 2, 0, 1], ["2026-01-07", 0, 1, 1]]);
  });

  it("credits first replies and closes to the teammate who made them", () => {
    expect(report().teammates.rows).toEqual([
      ["Olive", 2, 2, 10, 1, 60, 60],
      ["Bob", 1, 30, 30, 1, 1440, 1440],
    ]);
  });

  it("lays contact-started conversations on a weekday × hour grid", () => {
    const grid = report().hours;
    expect(grid.columns).toHaveLength(25);
    const cell = (day: string, hour: number) => grid.rows.find((r) => r[0] === day)![hour + 1];
    expect(cell("Mon", 9)).toBe(2);
    expect(cell("Tue", 14)).toBe(1);
    expect(cell("Tue", 15)).toBe(1);
    expect(cell("Wed", 11)).toBe(0);
    expect(grid.rows.flatMap((r) => r.slice(1) as number[]).reduce((a, b) => a + b, 0)).toBe(4);
  });

  it("keeps a teammate's hostile name inert on the page and in the CSV", async () => {
    const mallory = makeOperator(t, { name: '=HYPERLINK("https://evil.example") <script>alert(1)</script>' });
    t.clock.set(at("2026-01-08", 9));
    const id = startConversation(t.ctx, t.workspace.id, { contactId: makeContact(t).id, body: "Hi" }).conversation.id;
    t.clock.set(at("2026-01-08", 9, 20));
    addPart(t.ctx, t.workspace.id, id, { author: { type: "operator", operatorId: mallory.id }, kind: "comment", body: "Yes?" });
    const admin = owner(t);
    const html = await (await get(t, "/reports/inbox?from=2026-01-05&to=2026-01-11", admin)).text();
    expect(html).not.toContain("<script>alert(1)");
    expect(html).toContain("=HYPERLINK(&quot;https://evil.example&quot;) &lt;script&gt;alert(1)&lt;/script&gt;");
    const csv = await (await get(t, "/reports/inbox.csv?table=teammates&from=2026-01-05&to=2026-01-11", admin)).text();
    expect(csv).toContain(`"'=HYPERLINK(""https://evil.example"") <script>alert(1)</script>",1,20,20,0,,`);
  });

  it("renders the page with figures and exports each table as CSV", async () => {
    const admin = owner(t);
    const res = await get(t, "/reports/inbox?from=2026-01-05&to=2026-01-11", admin);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("First response, median");
    expect(html).toContain("10 min");
    expect(html).toContain("p90 1.0 d");
    const csv = await get(t, "/reports/inbox.csv?table=teammates&from=2026-01-05&to=2026-01-11", admin);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    expect(await csv.text()).toBe(tableCsv(report().teammates));
    expect((await get(t, "/reports/inbox.csv?table=nope", admin)).status).toBe(404);
  });

  it("refuses a day that does not exist instead of showing another range (400 naming the field)", async () => {
    const admin = owner(t);
    for (const [path, field] of [
      ["/reports/inbox?from=2026-02-31", "from"], ["/reports/inbox?to=yesterday", "to"], ["/reports/inbox.csv?table=volume&from=2026-13-01", "from"],
      ["/reports/map?to=2026-1-5", "to"], ["/reports/map.svg?from=2026-02-30", "from"], ["/reports/map.csv?table=cities&to=2026-04-31", "to"],
    ] as const) {
      const res = await get(t, path, admin);
      expect(res.status, path).toBe(400);
      expect(await res.text(), path).toContain(field);
    }
    expect((await get(t, "/reports/inbox?from=2024-02-29&to=", admin)).status).toBe(200);
  });
});
