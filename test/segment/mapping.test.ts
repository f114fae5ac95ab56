import { afterEach, describe, expect, it } from "vitest";
import { makeTestApp, T0, type TestApp } from "../helpers/app.js";
import { MINUTE } from "../../src/lib/clock.js";
import type { BusEvent, BusPayload } from "../../src/lib/bus.js";
import { companiesOf, eventsOf, findByAnon, findCompany, findUser, merges, pageViewsOf, sessionsOf, summariesOf } from "./read.js";

let t: TestApp;
afterEach(() => t?.close());

async function send(path: string, body: unknown): Promise<void> {
  const res = await t.segment(path, body);
  expect(res.status, await res.clone().text()).toBe(200);
}

function recordBus(names: BusEvent[]): { name: BusEvent; p: BusPayload }[] {
  const seen: { name: BusEvent; p: BusPayload }[] = [];
  for (const name of names) t.ctx.bus.on(name, (p) => seen.push({ name, p }));
  return seen;
}

const iso = (ms: number) => new Date(ms).toISOString();
const UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

describe("identify", () => {
  it("maps traits to the profile, custom attributes (flattened) and companies", async () => {
    t = makeTestApp();
    await send("/v1/identify", {
      userId: "u-1",
      traits: {
        email: "grace@example.com", firstName: "Grace", lastName: "Hopper", phone: "+44 1234", avatar: "https://x/a.png",
        createdAt: "2024-01-02T03:04:05.000Z", plan: "pro", seats: 3, address: { city: "Arlington", zip: "22201" },
        company: { id: "navy", name: "US Navy", plan: "gov", monthlySpend: 12.5, employees: 500, founded: 1775 },
      },
      context: { ip: "81.2.69.142", userAgent: UA, locale: "en-GB" },
    });
    const c = findUser(t, "u-1")!;
    expect(c).toMatchObject({
      role: "user", email: "grace@example.com", name: "Grace Hopper", phone: "+44 1234", avatar: "https://x/a.png",
      signedUpAt: Date.parse("2024-01-02T03:04:05.000Z"), lastSeenAt: T0, browserLanguage: "en-GB",
      countryCode: "GB", city: "St Albans", browser: "Chrome",
      customAttributes: { plan: "pro", seats: 3, address_city: "Arlington", address_zip: "22201" },
    });
    expect(companiesOf(t, c.id)).toMatchObject([
      { companyId: "navy", name: "US Navy", plan: "gov", monthlySpend: 12.5, size: 500, customAttributes: { founded: 1775 }, userCount: 1 },
    ]);
  });

  it("does not touch last-seen or sessions when context.active is false", async () => {
    t = makeTestApp();
    await send("/v1/identify", { userId: "u-1", traits: { name: "Sync" }, context: { active: false, userAgent: UA } });
    const c = findUser(t, "u-1")!;
    expect(c.name).toBe("Sync");
    expect(c.lastSeenAt).toBeNull();
    expect(sessionsOf(t, c.id)).toHaveLength(0);
  });

  it("publishes contact.created then contact.updated only after the rows are readable", async () => {
    t = makeTestApp();
    const seen = recordBus(["contact.created", "contact.updated"]);
    const visible: boolean[] = [];
    t.ctx.bus.on("contact.created", (p) => visible.push(findUser(t, "u-1")?.id === p.contactId));
    await send("/v1/identify", { userId: "u-1" });
    await send("/v1/identify", { userId: "u-1", traits: { plan: "pro" } });
    await t.ctx.bus.settled();
    expect(seen.map((s) => s.name)).toEqual(["contact.created", "contact.updated"]);
    expect(visible).toEqual([true]);
  });
});

describe("identify → track → alias", () => {
  it("moves the anonymous visitor's events onto the user and logs the merge", async () => {
    t = makeTestApp();
    const seen = recordBus(["contact.merged", "event.ingested"]);
    await send("/v1/identify", { userId: "u-1", traits: { email: "ada@example.com" } });
    await send("/v1/track", { anonymousId: "anon-1", event: "Viewed Pricing", properties: { plan: { tier: "pro", seats: 5 } } });
    const lead = findByAnon(t, "anon-1")!;
    expect(lead.role).toBe("lead");
    await send("/v1/track", { userId: "u-1", event: "Viewed Pricing" });
    await send("/v1/alias", { previousId: "anon-1", userId: "u-1" });
    const user = findUser(t, "u-1")!;
    expect(findByAnon(t, "anon-1")?.id).toBe(user.id);
    expect(eventsOf(t, user.id).map((e) => e.metadata)).toEqual([{ plan_tier: "pro", plan_seats: 5 }, {}]);
    expect(summariesOf(t, user.id)).toMatchObject([{ name: "Viewed Pricing", count: 2 }]);
    expect(merges(t)).toMatchObject([{ fromContactId: lead.id, intoContactId: user.id, reason: "alias" }]);
    await t.ctx.bus.settled();
    expect(seen.filter((s) => s.name === "contact.merged").map((s) => s.p)).toEqual([
      { workspaceId: t.workspace.id, contactId: user.id, mergedFrom: lead.id },
    ]);
    expect(seen.filter((s) => s.name === "event.ingested")).toHaveLength(2);
  });

  it("turns a lead into the user when alias names a user id nobody has yet", async () => {
    t = makeTestApp();
    await send("/v1/page", { anonymousId: "anon-2", name: "Home" });
    const lead = findByAnon(t, "anon-2")!;
    await send("/v1/alias", { previousId: "anon-2", userId: "u-2" });
    expect(findUser(t, "u-2")).toMatchObject({ id: lead.id, role: "user" });
    expect(merges(t)).toHaveLength(0);
  });
});

describe("group", () => {
  it("upserts the company with its traits and attaches the user", async () => {
    t = makeTestApp();
    const created = Date.parse("2020-06-01T00:00:00.000Z");
    await send("/v1/group", {
      userId: "u-1", groupId: "acme",
      traits: { name: "Acme Inc", plan: "enterprise", employees: 420, monthlySpend: 99.5, createdAt: iso(created), industry: "Tools", region: "EU" },
    });
    await send("/v1/group", { userId: "u-2", groupId: "acme", traits: { plan: "growth" } });
    const co = findCompany(t, "acme")!;
    expect(co).toMatchObject({
      name: "Acme Inc", plan: "growth", size: 420, monthlySpend: 99.5, remoteCreatedAt: created, industry: "Tools",
      customAttributes: { region: "EU" }, userCount: 2,
    });
    expect(companiesOf(t, findUser(t, "u-1")!.id).map((c) => c.companyId)).toEqual(["acme"]);
  });
});

describe("page and screen", () => {
  it("records page views in sessions, with first- and last-touch UTM", async () => {
    t = makeTestApp();
    const spring = { source: "newsletter", medium: "email", name: "spring" };
    await send("/v1/p", {
      anonymousId: "anon-1", name: "Pricing", properties: { url: "https://shop.example.com/pricing", title: "Pricing | Shop" },
      context: { campaign: spring, page: { referrer: "https://google.com/" }, userAgent: UA, ip: "81.2.69.142" },
    });
    t.clock.advance(10 * MINUTE);
    await send("/v1/screen", { anonymousId: "anon-1", name: "Home" });
    t.clock.advance(45 * MINUTE);
    await send("/v1/page", {
      anonymousId: "anon-1", properties: { url: "https://shop.example.com/docs", referrer: "https://news.example/" },
      context: { campaign: { source: "ads", medium: "cpc", name: "summer", term: "chat", content: "b" } },
    });
    const c = findByAnon(t, "anon-1")!;
    expect(c.firstUtm).toEqual({ source: "newsletter", medium: "email", campaign: "spring", referrer: "https://google.com/" });
    expect(c.lastUtm).toEqual({ source: "ads", medium: "cpc", campaign: "summer", term: "chat", content: "b", referrer: "https://news.example/" });
    expect(c.sessionCount).toBe(2);
    const [s1, s2] = sessionsOf(t, c.id);
    expect(s1).toMatchObject({ startedAt: T0, pageViews: 2, utmSource: "newsletter", referrer: "https://google.com/", ip: "81.2.69.142" });
    expect(s2).toMatchObject({ startedAt: T0 + 55 * MINUTE, pageViews: 1, utmCampaign: "summer" });
    expect(pageViewsOf(t, c.id)).toMatchObject([
      { kind: "page", url: "https://shop.example.com/pricing", title: "Pricing | Shop", referrer: "https://google.com/", sessionId: s1!.id },
      { kind: "screen", url: null, title: "Home", sessionId: s1!.id },
      { kind: "page", url: "https://shop.example.com/docs", referrer: "https://news.example/", sessionId: s2!.id },
    ]);
  });

  it("extends the session for other browser messages but not for server-side ones", async () => {
    t = makeTestApp();
    await send("/v1/track", { userId: "u-1", event: "From the backend" });
    expect(sessionsOf(t, findUser(t, "u-1")!.id)).toHaveLength(0);
    await send("/v1/track", { userId: "u-1", event: "From the browser", context: { userAgent: UA } });
    expect(sessionsOf(t, findUser(t, "u-1")!.id)).toMatchObject([{ pageViews: 0, userAgent: UA }]);
  });
});

describe("analytics.js (browser)", () => {
  it("takes the caller's address (behind two trusted proxies) when the browser sends no context.ip, and the page's UTM", async () => {
    t = makeTestApp({ config: { TRUST_PROXY: 2 } });
    const context = {
      library: { name: "analytics.js", version: "npm:next-1.84.3" }, userAgent: UA, locale: "en-US",
      page: { url: "https://shop.example.com/pricing?utm_source=newsletter", referrer: "https://google.com/", title: "Pricing" },
      campaign: { source: "newsletter", medium: "email", name: "spring" },
    };
    const res = await t.segment("/v1/i", { type: "identify", userId: "u-4004", anonymousId: "ccc5", traits: { name: "Margaret" }, context, writeKey: t.writeKey }, {
      "content-type": "text/plain", "x-forwarded-for": "81.2.69.142, 10.0.0.1",
    });
    expect(res.status).toBe(200);
    expect(findUser(t, "u-4004")).toMatchObject({
      name: "Margaret", countryCode: "GB", lastSeenIp: "81.2.69.142", browserLanguage: "en-US", sessionCount: 1,
      firstUtm: { source: "newsletter", medium: "email", campaign: "spring", referrer: "https://google.com/" },
    });
    expect(findByAnon(t, "ccc5")?.externalId).toBe("u-4004");
  });

  it("does not take the caller's address for server libraries (that would be the server's)", async () => {
    t = makeTestApp();
    await t.segment("/v1/batch", { batch: [{ type: "identify", userId: "u-1" }] }, { "x-forwarded-for": "81.2.69.142" });
    expect(findUser(t, "u-1")).toMatchObject({ lastSeenIp: null, countryCode: null });
  });
});

describe("timestamps", () => {
  it("honours backdated timestamps without moving last-seen backwards", async () => {
    t = makeTestApp();
    await send("/v1/track", { userId: "u-1", event: "now" });
    await send("/v1/track", { userId: "u-1", event: "then", timestamp: "2024-05-01T10:00:00.000Z" });
    await send("/v1/track", { userId: "u-1", event: "then too", originalTimestamp: "2024-05-02T10:00:00.000Z" });
    const c = findUser(t, "u-1")!;
    expect(eventsOf(t, c.id).map((e) => [e.name, e.createdAt])).toEqual([
      ["then", Date.parse("2024-05-01T10:00:00.000Z")], ["then too", Date.parse("2024-05-02T10:00:00.000Z")], ["now", T0],
    ]);
    expect(c.lastSeenAt).toBe(T0);
  });

  it("corrects a device clock by receivedAt − sentAt and never stores future times", async () => {
    t = makeTestApp();
    const fast = 5 * MINUTE;
    await send("/v1/t", { userId: "u-1", event: "skewed", timestamp: iso(T0 + fast - 10_000), sentAt: iso(T0 + fast) });
    await send("/v1/batch", { sentAt: iso(T0 - fast), batch: [{ type: "track", userId: "u-1", event: "slow", timestamp: iso(T0 - fast - 2_000) }] });
    await send("/v1/t", { userId: "u-1", event: "future", timestamp: iso(T0 + 3_600_000) });
    const c = findUser(t, "u-1")!;
    expect(Object.fromEntries(eventsOf(t, c.id).map((e) => [e.name, e.createdAt]))).toEqual({ skewed: T0 - 10_000, slow: T0 - 2_000, future: T0 });
  });

  it("merges the batch-level context into each message", async () => {
    t = makeTestApp();
    await send("/v1/batch", {
      context: { ip: "81.2.69.142", locale: "fr-FR" },
      batch: [{ type: "identify", userId: "u-1", context: { locale: "de-DE" } }, { type: "identify", userId: "u-2" }],
    });
    expect(findUser(t, "u-1")).toMatchObject({ countryCode: "GB", browserLanguage: "de-DE" });
    expect(findUser(t, "u-2")).toMatchObject({ countryCode: "GB", browserLanguage: "fr-FR" });
  });
});
