import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { events } from "../../src/db/schema/index.js";
import { DAY } from "../../src/lib/clock.js";
import { makeTestApp, type TestApp } from "../helpers/app.js";

let t: TestApp;
let contactId: string;

beforeEach(async () => {
  t = makeTestApp();
  contactId = ((await (await t.api("POST", "/api/contacts", { external_id: "u_1", email: "u1@example.com" })).json()) as { id: string }).id;
});
afterEach(() => t.close());

const nowSec = () => Math.floor(t.clock.now() / 1000);
const post = (body: Record<string, unknown>) => t.api("POST", "/api/events", { user_id: "u_1", ...body });
const list = async (query = "") => (await (await t.api("GET", `/api/events?type=user&user_id=u_1${query}`)).json()) as {
  events: { event_name: string; created_at: number; metadata: Record<string, unknown> }[];
  pages: { next?: string };
};

describe("POST /events", () => {
  it("answers 202 with an empty body and defaults created_at to now", async () => {
    const res = await post({ event_name: "signed-in" });
    expect(res.status).toBe(202);
    expect(await res.text()).toBe("");
    expect((await list()).events).toMatchObject([{ event_name: "signed-in", created_at: nowSec() }]);
  });

  it("stores links and prices as flat scalars and gives them back as objects", async () => {
    const metadata = { plan: "pro", seats: 3, paid: true, note: null, order: { url: "https://shop.test/o/1", value: "Order 1" }, price: { amount: 3499, currency: "eur" } };
    await post({ event_name: "ordered", metadata });
    const stored = t.ctx.db.select().from(events).where(eq(events.contactId, contactId)).get();
    expect(stored?.metadata).toEqual({
      plan: "pro", seats: 3, paid: true, note: null, "order.url": "https://shop.test/o/1", "order.value": "Order 1", "price.amount": 3499, "price.currency": "eur",
    });
    expect((await list()).events[0]?.metadata).toEqual(metadata);
  });

  it("keeps one event per contact, name and time (Intercom's dedupe), still answering 202", async () => {
    for (let i = 0; i < 2; i++) expect((await post({ event_name: "paid", created_at: nowSec() - 10 })).status).toBe(202);
    await post({ event_name: "paid", created_at: nowSec() - 5 });
    const summary = (await (await t.api("GET", "/api/events?type=user&user_id=u_1&summary=true")).json()) as { events: { count: number }[] };
    expect(summary.events).toMatchObject([{ count: 2 }]);
  });
});

describe("GET /events", () => {
  it("lists only the last 90 days, pages with absolute links on PUBLIC_URL, and summarises all time", async () => {
    await post({ event_name: "ancient", created_at: nowSec() - 91 * 86400 });
    for (let i = 0; i < 3; i++) await post({ event_name: `e${i}`, created_at: nowSec() - 60 * (3 - i) });
    const first = await list("&per_page=2");
    expect(first.events.map((e) => e.event_name)).toEqual(["e2", "e1"]);
    expect(first.pages.next).toMatch(/^http:\/\/parley\.test\/api\/events\?type=user&user_id=u_1&per_page=2&before=/);
    const second = (await (await t.api("GET", first.pages.next!.replace("http://parley.test", ""))).json()) as Awaited<ReturnType<typeof list>>;
    expect(second.events.map((e) => e.event_name)).toEqual(["e0"]);
    expect(second.pages).toEqual({});
    t.clock.advance(DAY);
    const summary = (await (await t.api("GET", `/api/events?type=user&intercom_user_id=${contactId}&summary=true`)).json()) as { events: { name: string }[] };
    expect(summary.events.map((e) => e.name)).toEqual(["e2", "e1", "e0", "ancient"]);
  });
});
