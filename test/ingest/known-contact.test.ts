import { afterEach, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../helpers/app.js";
import { MINUTE } from "../../src/lib/clock.js";
import { findByAnon, findUser } from "../segment/read.js";

let t: TestApp;
afterEach(() => t?.close());

const UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

/** Events of known contacts skip the profile write when nothing changed; these pin what must still change. */
describe("tracks from known contacts", () => {
  it("move last-seen only after a minute, and follow a new user agent, address or campaign at once", async () => {
    t = makeTestApp();
    const send = async (context: Record<string, unknown>) =>
      expect((await t.segment("/v1/track", { userId: "u-1", event: "Viewed", context })).status).toBe(200);
    await send({ userAgent: UA, ip: "81.2.69.142" });
    const first = findUser(t, "u-1")!;
    expect(first).toMatchObject({ lastSeenUserAgent: UA, browser: "Chrome", lastSeenIp: "81.2.69.142", countryCode: "GB" });
    t.clock.advance(30_000);
    await send({ userAgent: UA, ip: "81.2.69.142" });
    expect(findUser(t, "u-1")!.lastSeenAt).toBe(first.lastSeenAt);
    t.clock.advance(MINUTE);
    await send({ userAgent: UA, ip: "81.2.69.142" });
    expect(findUser(t, "u-1")!.lastSeenAt).toBe(t.clock.now());
    await send({ userAgent: IPHONE, ip: "81.2.69.142" });
    expect(findUser(t, "u-1")).toMatchObject({ lastSeenUserAgent: IPHONE, device: "mobile" });
    await send({ userAgent: IPHONE, ip: "127.0.0.1" });
    expect(findUser(t, "u-1")).toMatchObject({ lastSeenIp: "127.0.0.1" });
    await send({ userAgent: IPHONE, campaign: { source: "news" } });
    expect(findUser(t, "u-1")!.lastUtm).toEqual({ source: "news" });
    await send({ userAgent: IPHONE, locale: "fr-FR" });
    expect(findUser(t, "u-1")!.browserLanguage).toBe("fr-FR");
  });

  it("attach a new anonymous id to the user and keep updating an anonymous lead", async () => {
    t = makeTestApp();
    await t.segment("/v1/track", { userId: "u-2", event: "A" });
    await t.segment("/v1/track", { userId: "u-2", anonymousId: "dev-1", event: "B" });
    expect(findByAnon(t, "dev-1")?.externalId).toBe("u-2");
    await t.segment("/v1/track", { anonymousId: "dev-9", event: "C", context: { ip: "81.2.69.142" } });
    await t.segment("/v1/track", { anonymousId: "dev-9", event: "D", context: { ip: "127.0.0.1" } });
    expect(findByAnon(t, "dev-9")).toMatchObject({ role: "lead", lastSeenIp: "127.0.0.1" });
  });
});
