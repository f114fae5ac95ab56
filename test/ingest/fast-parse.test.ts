import { describe, expect, it } from "vitest";
import { fastParse } from "../../src/ingest/fast-parse.js";
import { messageSchemas, type MessageType } from "../../src/ingest/inputs.js";

/** What zod makes of a message: the reference the hand-written checks must match. */
function viaZod(raw: Record<string, unknown>, type: MessageType): { ok: true; value: unknown } | { ok: false } {
  const res = messageSchemas[type].safeParse(raw);
  return res.success ? { ok: true, value: { ...res.data, type } } : { ok: false };
}

const UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

/** Messages as the libraries send them. */
const everyday: [MessageType, Record<string, unknown>][] = [
  ["track", {
    type: "track", userId: "u-1", event: "Order Completed", messageId: "node-1", timestamp: "2024-05-01T10:00:00.000Z",
    properties: { order_id: "o-1", revenue: 42.5, items: [{ sku: "a" }], nested: { a: { b: 1 } } },
    context: { ip: "81.2.69.142", userAgent: UA, library: { name: "analytics-node", version: "3.1.0" } },
    integrations: {}, _metadata: { nodeVersion: "20" }, sentAt: "2024-05-01T10:00:01.000Z",
  }],
  ["track", { userId: 42, anonymousId: " anon-1 ", event: "  Signed Up ", originalTimestamp: 1714557600, messageId: 7 }],
  ["page", {
    type: "page", anonymousId: "a-1", name: "Pricing", category: "Docs", messageId: "ajs-1", timestamp: "2024-05-01T10:00:00.000Z",
    properties: { url: "https://example.com/p?q=1", title: "Pricing", referrer: "https://google.com/", path: "/p", width: 1280 },
    context: {
      page: { url: "https://example.com/p", referrer: "https://google.com/", title: "Pricing", path: "/p", search: "?q=1" },
      campaign: { source: "news", medium: "email", name: "spring", term: "t", content: "c" }, locale: "en-GB", active: true,
      library: { name: "analytics.js", version: "npm:next-1.70.0" }, userAgent: UA, screen: { width: 1280 },
    },
  }],
  ["screen", { userId: "u-2", name: "Home", properties: { title: "Home" }, context: { active: false, device: { type: "ios" } } }],
];

/** Values each field is tried with: valid, edge and wrong ones. */
const TRIALS: unknown[] = [
  undefined, null, "", " x ", "x".repeat(35), "x".repeat(36), "x".repeat(64), "x".repeat(65), "x".repeat(100), "x".repeat(101),
  "x".repeat(190), "x".repeat(255), "x".repeat(256), ` ${"x".repeat(254)}`, "2024-05-01T10:00:00Z", "1714557600", "yesterday", "   ",
  0, 1714557600, 1714557600123, -1, 1.5, true, false, [], ["a"], {}, { a: 1 }, { [`${"k".repeat(191)}`]: 1 }, { [`${"k".repeat(190)}`]: 1 },
  { url: 5 }, { source: "x".repeat(256) }, { name: "n", version: 3 }, { url: "https://x", title: "t".repeat(513) },
];

const FIELDS = [
  "messageId", "userId", "anonymousId", "timestamp", "originalTimestamp", "sentAt", "event", "name", "category", "properties", "integrations",
  "context", "context.ip", "context.userAgent", "context.locale", "context.active", "context.campaign", "context.campaign.source",
  "context.page", "context.page.title", "context.library", "context.library.version", "properties.url", "properties.title", "unknownKey",
];

function withField(base: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(base);
  const keys = path.split(".");
  let at: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) {
    if (at[k] === null || typeof at[k] !== "object") at[k] = {};
    at = at[k] as Record<string, unknown>;
  }
  if (value === undefined) delete at[keys.at(-1)!];
  else at[keys.at(-1)!] = structuredClone(value);
  return copy;
}

describe("hand-written message checks", () => {
  it("accept the everyday messages with zod's output", () => {
    for (const [type, raw] of everyday) {
      const fast = fastParse(structuredClone(raw), type);
      expect(fast, `${type} ${JSON.stringify(raw).slice(0, 60)}`).toBeDefined();
      expect(fast).toEqual((viaZod(structuredClone(raw), type) as { value: unknown }).value);
    }
  });

  it("never accept what zod refuses, and give zod's output for what they accept", () => {
    let accepted = 0;
    let refused = 0;
    const missed: string[] = [];
    for (const [type, base] of everyday) {
      for (const field of FIELDS) {
        for (const value of TRIALS) {
          const raw = withField(base, field, value);
          const fast = fastParse(structuredClone(raw), type);
          const ref = viaZod(structuredClone(raw), type);
          const label = `${type} ${field}=${JSON.stringify(value)?.slice(0, 40)}`;
          if (fast === undefined) {
            if (ref.ok) missed.push(label);
            else refused++;
            continue;
          }
          accepted++;
          expect(ref.ok, label).toBe(true);
          expect(fast, label).toEqual((ref as { value: unknown }).value);
        }
      }
    }
    // Both sides are exercised, and what zod accepts is (nearly) always accepted by hand too.
    expect(accepted).toBeGreaterThan(1000);
    expect(refused).toBeGreaterThan(500);
    expect(missed).toEqual([]);
  });

  it("leave other message types to zod", () => {
    expect(fastParse({ userId: "u-1", traits: { email: "a@b.c" } }, "identify")).toBeUndefined();
    expect(fastParse({ userId: "u-1", groupId: "g" }, "group")).toBeUndefined();
    expect(fastParse({ userId: "u-1", previousId: "p" }, "alias")).toBeUndefined();
  });
});
