import { afterEach, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../helpers/app.js";
import { MINUTE } from "../../src/lib/clock.js";
import { MessageLedger } from "../../src/ingest/index.js";
import { ledgerFor } from "../../src/ingest/dedupe.js";
import { countEvents, findUser, pageViewsOf, snapshot } from "./read.js";

let t: TestApp;
afterEach(() => t?.close());

const UA = "Mozilla/5.0 (X11; Linux x86_64)";

/** A browser-ish session: every message kind, each with its own messageId. */
const batch = () => ({
  batch: [
    { type: "track", anonymousId: "anon-1", event: "Viewed Pricing", messageId: "m-1", context: { userAgent: UA } },
    { type: "page", anonymousId: "anon-1", name: "Pricing", properties: { url: "https://x/pricing" }, messageId: "m-2" },
    { type: "identify", userId: "u-1", traits: { email: "u1@example.com", logins: 1 }, messageId: "m-3" },
    { type: "screen", userId: "u-1", name: "Home", messageId: "m-4" },
    { type: "group", userId: "u-1", groupId: "acme", traits: { name: "Acme" }, messageId: "m-5" },
    { type: "alias", previousId: "anon-1", userId: "u-1", messageId: "m-6" },
    { type: "track", userId: "u-1", event: "Order Completed", properties: { revenue: 42.5 }, messageId: "m-7" },
  ],
});

describe("messageId de-duplication", () => {
  it("a retried batch changes nothing, even after the session would have timed out", async () => {
    t = makeTestApp();
    expect((await t.segment("/v1/batch", batch())).status).toBe(200);
    const before = snapshot(t);
    expect(before).toMatchObject({ events: 2, pageViews: 2, merges: 1, contacts: 1 });
    t.clock.advance(90 * MINUTE);
    const again = await t.segment("/v1/batch", batch());
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ success: true });
    expect(snapshot(t)).toEqual(before);
  });

  it("drops a repeat inside one batch and a retried single call", async () => {
    t = makeTestApp();
    const page = { type: "page", userId: "u-1", name: "Home", messageId: "same" };
    expect((await t.segment("/v1/batch", { batch: [page, page] })).status).toBe(200);
    expect((await t.segment("/v1/p", page)).status).toBe(200);
    expect(pageViewsOf(t, findUser(t, "u-1")!.id)).toHaveLength(1);
  });

  it("keeps track de-duplication durable: the events table knows the messageId", async () => {
    t = makeTestApp();
    const msg = { userId: "u-1", event: "Paid", messageId: "durable-1" };
    expect((await t.segment("/v1/track", msg)).status).toBe(200);
    // Simulate a restart, which forgets the in-memory window: the stored event still refuses the repeat.
    ledgerFor(t.ctx.db.$client).release(t.workspace.id, "durable-1");
    const res = await t.segment("/v1/track", { ...msg, messageId: "durable-1" }, { "x-retry-count": "1" });
    expect(res.status).toBe(200);
    expect(countEvents(t)).toBe(1);
  });

  it("applies a retry whose first attempt was rejected", async () => {
    t = makeTestApp();
    expect((await t.segment("/v1/identify", { userId: "u-1", traits: { plan: "pro" } })).status).toBe(200);
    const bad = await t.segment("/v1/identify", { userId: "u-2", traits: { plan: 3 }, messageId: "fix-me" });
    expect(bad.status).toBe(400);
    expect((await t.segment("/v1/identify", { userId: "u-2", traits: { plan: "basic" }, messageId: "fix-me" })).status).toBe(200);
    expect(findUser(t, "u-2")?.customAttributes).toEqual({ plan: "basic" });
  });

  it("keeps message ids per workspace", async () => {
    t = makeTestApp();
    const msg = { userId: "u-1", event: "Same id", messageId: "shared" };
    const other = t.testWorkspace.writeKey;
    expect((await t.segment("/v1/track", msg)).status).toBe(200);
    const res = await t.app.request("/v1/track", { method: "POST", body: JSON.stringify({ ...msg, writeKey: other }) });
    expect(res.status).toBe(200);
    expect(countEvents(t)).toBe(2);
  });
});

describe("MessageLedger", () => {
  it("claims once, forgets the oldest past its capacity, and takes releases back", () => {
    const l = new MessageLedger(2);
    expect(l.claim("ws", "a")).toBe(true);
    expect(l.claim("ws", "a")).toBe(false);
    expect(l.claim("other", "a")).toBe(true);
    expect(l.claim("ws", "b")).toBe(true);
    expect(l.claim("ws", "a")).toBe(true);
    l.release("ws", "b");
    expect(l.claim("ws", "b")).toBe(true);
  });
});
