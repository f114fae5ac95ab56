import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../helpers/app.js";
import { countEvents, findUser } from "./read.js";

let t: TestApp;
afterEach(() => t?.close());

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString("base64")}`;
const raw = async (path: string, init: { body?: string; headers?: Record<string, string>; method?: string }): Promise<Response> =>
  t.app.request(path, { method: init.method ?? "POST", headers: init.headers ?? {}, ...(init.body !== undefined ? { body: init.body } : {}) });
const track = (extra: Record<string, unknown> = {}) => ({ userId: "u-1", event: "Signed Up", ...extra });

interface Case {
  name: string;
  send: () => Promise<Response> | Response;
  status: number;
  /** Substring the error (or whole body) must contain. */
  says?: RegExp;
  field?: string;
  /** Events stored afterwards (proves an accepted request really stored and a refused one did not). */
  events?: number;
}

const cases: Case[] = [
  { name: "malformed JSON", send: () => t.segment("/v1/track", "{not json"), status: 400, says: /not valid JSON/, events: 0 },
  { name: "a JSON array body", send: () => t.segment("/v1/track", "[]"), status: 400, says: /JSON object/, events: 0 },
  { name: "text/plain body (analytics.js)", send: () => t.segment("/v1/t", track(), { "content-type": "text/plain" }), status: 200, events: 1 },
  { name: "no userId or anonymousId", send: () => t.segment("/v1/track", { event: "x" }), status: 400, field: "userId", says: /userId or anonymousId is required/, events: 0 },
  { name: "track without event", send: () => t.segment("/v1/track", { userId: "u-1" }), status: 400, field: "event", says: /event is required/, events: 0 },
  { name: "track with an empty event", send: () => t.segment("/v1/track", track({ event: "  " })), status: 400, field: "event", events: 0 },
  { name: "event name too long", send: () => t.segment("/v1/track", track({ event: "e".repeat(256) })), status: 400, field: "event", says: /at most 255/, events: 0 },
  { name: "userId of the wrong type", send: () => t.segment("/v1/track", track({ userId: { id: 1 } })), status: 400, field: "userId", events: 0 },
  { name: "a numeric userId is accepted", send: () => t.segment("/v1/track", track({ userId: 42 })), status: 200, events: 1 },
  { name: "traits.email of the wrong type", send: () => t.segment("/v1/identify", { userId: "u-1", traits: { email: 5 } }), status: 400, field: "traits.email" },
  { name: "traits.email not an address", send: () => t.segment("/v1/identify", { userId: "u-1", traits: { email: "nope" } }), status: 400, field: "traits.email" },
  { name: "bad timestamp", send: () => t.segment("/v1/track", track({ timestamp: "yesterday" })), status: 400, field: "timestamp", events: 0 },
  { name: "context.ip too long", send: () => t.segment("/v1/track", track({ context: { ip: "1".repeat(65) } })), status: 400, field: "context.ip", events: 0 },
  { name: "group without groupId", send: () => t.segment("/v1/group", { userId: "u-1", traits: {} }), status: 400, field: "groupId" },
  { name: "alias without previousId", send: () => t.segment("/v1/alias", { userId: "u-1" }), status: 400, field: "previousId" },
  { name: "alias without userId", send: () => t.segment("/v1/alias", { previousId: "a-1" }), status: 400, field: "userId" },
  { name: "message over 32 KB", send: () => t.segment("/v1/track", track({ properties: { blob: "x".repeat(33 * 1024) } })), status: 413, says: /32 KB/, events: 0 },
  { name: "batch over 500 KB", send: () => t.segment("/v1/batch", { batch: bigBatch(20, 30 * 1024) }), status: 413, says: /500 KB/, events: 0 },
  { name: "more than 2,500 messages", send: () => t.segment("/v1/batch", { batch: Array.from({ length: 2501 }, () => track()) }), status: 400, says: /2500/, events: 0 },
  { name: "batch that is not an array", send: () => t.segment("/v1/batch", { batch: {} }), status: 400, says: /batch must be an array/ },
  { name: "unknown write key", send: () => raw("/v1/track", { body: JSON.stringify(track()), headers: { authorization: basic("wk_nope") } }), status: 401, says: /write key/, events: 0 },
  { name: "no write key at all", send: () => raw("/v1/track", { body: JSON.stringify(track()) }), status: 401, events: 0 },
  { name: "write key in the body only", send: () => raw("/v1/track", { body: JSON.stringify(track({ writeKey: t.writeKey })) }), status: 200, events: 1 },
  { name: "Basic header only", send: () => raw("/v1/track", { body: JSON.stringify(track()), headers: { authorization: basic(t.writeKey) } }), status: 200, events: 1 },
  {
    name: "Bearer token with the key in the body",
    send: () => raw("/v1/track", { body: JSON.stringify(track({ writeKey: t.writeKey })), headers: { authorization: "Bearer oauth-token" } }),
    status: 200, events: 1,
  },
  {
    name: "a wrong Basic key is rescued by the body key",
    send: () => raw("/v1/track", { body: JSON.stringify(track({ writeKey: t.writeKey })), headers: { authorization: basic("wk_old") } }),
    status: 200, events: 1,
  },
  {
    name: "a declared length over the limit is refused unread",
    send: () => raw("/v1/track", { body: JSON.stringify(track()), headers: { authorization: basic(t.writeKey), "content-length": String(40 * 1024) } }),
    status: 413, says: /32 KB/, events: 0,
  },
  {
    name: "gzip-compressed batch",
    send: () => t.app.request("/v1/batch", {
      method: "POST", body: gzipSync(JSON.stringify({ batch: [{ type: "track", ...track() }] })),
      headers: { authorization: basic(t.writeKey), "content-encoding": "gzip", "content-type": "application/json" },
    }),
    status: 200, events: 1,
  },
  {
    name: "gzip that inflates past the limit",
    send: () => t.app.request("/v1/track", {
      method: "POST", body: gzipSync(JSON.stringify(track({ properties: { blob: "x".repeat(64 * 1024) } }))),
      headers: { authorization: basic(t.writeKey), "content-encoding": "gzip" },
    }),
    status: 413, says: /32 KB/, events: 0,
  },
  { name: "metrics are accepted and ignored", send: () => t.segment("/v1/m", { series: [] }), status: 200, events: 0 },
  { name: "unknown path under /v1", send: () => t.segment("/v1/nope", track()), status: 404, events: 0 },
];

function bigBatch(n: number, size: number) {
  return Array.from({ length: n }, (_, i) => track({ messageId: `m-${i}`, properties: { blob: "x".repeat(size) } }));
}

describe("Segment request validation", () => {
  it.each(cases)("$name → $status", async (c) => {
    t = makeTestApp();
    const res = await c.send();
    const text = await res.text();
    expect(res.status, text).toBe(c.status);
    if (c.status === 200) expect(JSON.parse(text)).toEqual({ success: true });
    else if (c.status !== 404) expect(JSON.parse(text)).toMatchObject({ success: false, error: expect.any(String) });
    if (c.says) expect(text).toMatch(c.says);
    if (c.field) expect(JSON.parse(text).field).toBe(c.field);
    if (c.events !== undefined) expect(countEvents(t)).toBe(c.events);
  });

  it("rejects a wrong-typed trait for an attribute that is already typed", async () => {
    t = makeTestApp();
    expect((await t.segment("/v1/identify", { userId: "u-1", traits: { plan: "pro" } })).status).toBe(200);
    const res = await t.segment("/v1/identify", { userId: "u-1", traits: { plan: 5, seats: 3 } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ field: "traits.plan", error: expect.stringMatching(/traits\.plan must be a string/) });
    expect(findUser(t, "u-1")?.customAttributes).toEqual({ plan: "pro" });
  });

  it("stores the valid messages of a batch and names the dropped ones", async () => {
    t = makeTestApp();
    expect((await t.segment("/v1/identify", { userId: "u-0", traits: { plan: "pro" } })).status).toBe(200);
    const res = await t.segment("/v1/batch", {
      batch: [
        { type: "track", userId: "u-1", event: "ok 1" },
        { type: "track", userId: "u-2" },
        { type: "identify", userId: "u-3", traits: { plan: 7 } },
        { type: "bogus", userId: "u-4" },
        { type: "track", userId: "u-5", event: "big", properties: { blob: "x".repeat(33 * 1024) } },
        { type: "track", anonymousId: "a-6", event: "ok 2" },
      ],
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({
      success: true,
      dropped: [
        { index: 1, reason: "invalid_message", field: "event", message: "event is required" },
        { index: 2, reason: "invalid_value", field: "traits.plan", message: expect.stringMatching(/must be a string/) },
        { index: 3, reason: "invalid_message", field: "type", message: expect.any(String) },
        { index: 4, reason: "message_too_large", field: "message", message: expect.stringMatching(/32 KB/) },
      ],
    });
    expect(JSON.stringify(body)).not.toMatch(/"errors?"/);
    expect(countEvents(t)).toBe(2);
    // The rejected identify rolled back alone: no contact was created for it.
    expect(findUser(t, "u-3")).toBeUndefined();
  });
});

describe("CORS and settings", () => {
  it("answers the browser preflight", async () => {
    t = makeTestApp();
    const res = await raw("/v1/t", { method: "OPTIONS", headers: { origin: "https://shop.example.com", "access-control-request-method": "POST" } });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://shop.example.com");
    expect(res.headers.get("access-control-allow-methods")).toBe("POST, OPTIONS");
    expect(res.headers.get("access-control-allow-headers")).toBe("Content-Type, Authorization, X-Retry-Count");
  });

  it("puts CORS headers on answers too, * without an Origin", async () => {
    t = makeTestApp();
    const withOrigin = await t.segment("/v1/t", track(), { origin: "https://a.example", "content-type": "text/plain" });
    expect(withOrigin.headers.get("access-control-allow-origin")).toBe("https://a.example");
    const refused = await raw("/v1/t", { body: "{}", headers: { origin: "https://a.example" } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("access-control-allow-origin")).toBe("https://a.example");
    expect((await t.segment("/v1/t", track())).headers.get("access-control-allow-origin")).toBe("*");
  });

  it("serves analytics.js settings for a known write key and 404 otherwise", async () => {
    t = makeTestApp({ config: { PUBLIC_URL: "https://chat.example.com" } });
    const res = await t.app.request(`/v1/projects/${t.writeKey}/settings`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      integrations: { "Segment.io": { apiKey: t.writeKey, apiHost: "chat.example.com/v1" } },
      plan: { track: { __default: { enabled: true } } },
      analyticsNextEnabled: true,
    });
    expect((await t.app.request("/v1/projects/wk_unknown/settings")).status).toBe(404);
  });

  it("tells analytics.js to use plain http and keeps a path prefix", async () => {
    t = makeTestApp({ config: { PUBLIC_URL: "http://localhost:3000/parley" } });
    const body = (await (await t.app.request(`/v1/projects/${t.writeKey}/settings`)).json()) as { integrations: Record<string, unknown> };
    expect(body.integrations["Segment.io"]).toEqual({ apiKey: t.writeKey, apiHost: "localhost:3000/parley/v1", protocol: "http" });
  });
});
