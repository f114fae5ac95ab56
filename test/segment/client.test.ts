import { Analytics } from "@segment/analytics-node";
import { afterEach, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../helpers/app.js";
import { listen, type Listening } from "../helpers/http-server.js";
import { companiesOf, eventsOf, findByAnon, findCompany, findUser, merges, pageViewsOf, snapshot } from "./read.js";

let t: TestApp;
let server: Listening | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  t?.close();
});

/** The real library against the real server; any delivery failure fails the test. */
async function start(flushAt: number): Promise<{ analytics: Analytics; failures: unknown[]; statuses: number[] }> {
  // The server clock starts at real time: the library stamps real timestamps and sentAt.
  t = makeTestApp({ now: Date.now() });
  server = await listen(t.app);
  const analytics = new Analytics({ writeKey: t.writeKey, host: server.url, flushAt, maxRetries: 0 });
  const failures: unknown[] = [];
  const statuses: number[] = [];
  analytics.on("error", (e) => failures.push(e));
  analytics.on("http_response", (r) => statuses.push(r.status));
  return { analytics, failures, statuses };
}

describe("@segment/analytics-node 3.1.0 against the server", () => {
  it("delivers identify, track, page, screen, group and alias in one batch", async () => {
    const { analytics, failures, statuses } = await start(50);
    analytics.track({ anonymousId: "anon_xyz", event: "Viewed Pricing", messageId: "fixed-message-id-1" });
    analytics.identify({
      userId: "u_2002",
      traits: { email: "grace@example.com", name: "Grace Hopper", plan: "pro", createdAt: "2024-01-02T03:04:05.000Z", company: { id: "navy", name: "US Navy" } },
      context: { ip: "81.2.69.142", userAgent: "Mozilla/5.0 (X11; Linux x86_64)" },
    });
    analytics.track({ userId: "u_2002", event: "Order Completed", properties: { order_id: "o_1", revenue: 42.5, currency: "USD" }, timestamp: "2024-05-01T10:00:00.000Z" });
    analytics.page({
      userId: "u_2002", category: "Docs", name: "Getting Started",
      properties: { url: "https://example.com/docs", path: "/docs", referrer: "https://google.com" },
      context: { campaign: { name: "spring", source: "newsletter", medium: "email" } },
    });
    analytics.screen({ userId: "u_2002", name: "Home", properties: { variation: "blue" } });
    analytics.group({ userId: "u_2002", groupId: "acme", traits: { name: "Acme Inc", plan: "enterprise", employees: 420 } });
    analytics.alias({ userId: "u_2002", previousId: "anon_xyz" });
    await analytics.closeAndFlush();
    expect(failures).toEqual([]);
    expect(statuses).toEqual([200]);

    const user = findUser(t, "u_2002")!;
    expect(user).toMatchObject({ email: "grace@example.com", name: "Grace Hopper", countryCode: "GB", signedUpAt: Date.parse("2024-01-02T03:04:05.000Z") });
    expect(user.customAttributes).toEqual({ plan: "pro" });
    expect(user.firstUtm).toMatchObject({ source: "newsletter", medium: "email", campaign: "spring", referrer: "https://google.com" });
    expect(companiesOf(t, user.id).map((c) => c.companyId).sort()).toEqual(["acme", "navy"]);
    expect(findCompany(t, "acme")).toMatchObject({ name: "Acme Inc", plan: "enterprise", size: 420 });
    // The anonymous visitor's event followed the alias onto the user.
    expect(findByAnon(t, "anon_xyz")?.id).toBe(user.id);
    expect(merges(t)).toHaveLength(1);
    const events = eventsOf(t, user.id);
    expect(events.map((e) => e.name).sort()).toEqual(["Order Completed", "Viewed Pricing"]);
    const order = events.find((e) => e.name === "Order Completed")!;
    expect(order.metadata).toEqual({ order_id: "o_1", revenue: 42.5, currency: "USD" });
    // Backdated, shifted only by the few milliseconds between sentAt and arrival.
    expect(Math.abs(order.createdAt - Date.parse("2024-05-01T10:00:00.000Z"))).toBeLessThan(60_000);
    expect(pageViewsOf(t, user.id).map((p) => [p.kind, p.title, p.url])).toEqual([
      ["page", "Getting Started", "https://example.com/docs"],
      ["screen", "Home", null],
    ]);
  });

  it("sends one request per message with flushAt: 1, and a replayed batch is absorbed", async () => {
    const { analytics, failures, statuses } = await start(1);
    const bodies: string[] = [];
    analytics.on("http_request", (r) => bodies.push(r.body));
    analytics.identify({ userId: "u_3003", traits: { email: "linus@example.com" } });
    analytics.track({ userId: "u_3003", event: "x" });
    await analytics.closeAndFlush();
    expect(failures).toEqual([]);
    expect(statuses).toEqual([200, 200]);
    expect(findUser(t, "u_3003")?.email).toBe("linus@example.com");

    // Replaying what the library sent (as its retry would) stores nothing new.
    const before = snapshot(t);
    for (const body of bodies) {
      const res = await fetch(`${server!.url}/v1/batch`, { method: "POST", body, headers: { "content-type": "application/json", "x-retry-count": "1" } });
      expect(res.status).toBe(200);
    }
    expect(snapshot(t)).toEqual(before);
  });

  it("reports a wrong write key as a non-retryable failure", async () => {
    const { failures, statuses } = await start(1);
    const wrong = new Analytics({ writeKey: "wk_wrong", host: server!.url, flushAt: 1, maxRetries: 0 });
    const wrongStatuses: number[] = [];
    wrong.on("http_response", (r) => wrongStatuses.push(r.status));
    wrong.track({ userId: "u_1", event: "x" });
    await wrong.closeAndFlush();
    expect(wrongStatuses).toEqual([401]);
    expect(findUser(t, "u_1")).toBeUndefined();
    expect([failures, statuses]).toEqual([[], []]);
  });
});
