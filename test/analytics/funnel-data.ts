import { DAY, HOUR } from "../../src/lib/clock.js";
import { identify, send, track, type TestApp } from "../admin-contacts/helpers.js";
import { T0 } from "../helpers/app.js";

/** Range of the crafted data: the ten days before T0. */
export const RANGE = { from: T0 - 10 * DAY, to: T0 };
/** Where the crafted sequences start. */
export const B = T0 - 9 * DAY;

const iso = (ms: number) => new Date(ms).toISOString();
const page = (userId: string, url: string, at: number) => ({ type: "page", userId, properties: { url }, timestamp: iso(at) });

/** signup → a /pricing page → purchase with plan "pro", over 7 days. */
export const FUNNEL = {
  steps: [
    { kind: "event", event: "signup" },
    { kind: "page", url: "*/pricing*" },
    { kind: "event", event: "purchase", where: [{ key: "plan", op: "eq", value: "pro" }] },
  ],
  window_days: 7,
} as const;

/**
 * Nine contacts whose answers are worked out in funnels.test.ts:
 * u1 straight through; u2 buys before seeing pricing (loose only); u3 buys "basic"; u4 sees pricing after the
 * window; u5 sees pricing exactly at the window's end and buys 1 ms too late; u6 never signs up; u7 signed up
 * before the range; u8 reads the blog; u9 signs up twice (a repeat that strict order tolerates).
 */
export async function seedFunnel(t: TestApp): Promise<void> {
  const u = (n: number) => `u${n}`;
  await send(t, identify("u1", { plan: "a" }), identify("u2", { plan: "a" }), identify("u3", { plan: "b" }), ...[4, 5, 6, 7, 8, 9].map((n) => identify(u(n))));
  await send(
    t,
    track("u1", "signup", {}, B), page("u1", "https://acme.test/pricing/pro", B + HOUR), track("u1", "purchase", { plan: "pro" }, B + 2 * HOUR),
    track("u2", "signup", {}, B), track("u2", "purchase", { plan: "pro" }, B + HOUR), page("u2", "https://acme.test/pricing", B + 3 * HOUR),
    track("u2", "purchase", { plan: "pro" }, B + 5 * HOUR),
    track("u3", "signup", {}, B), page("u3", "https://acme.test/pricing", B + 2 * HOUR), track("u3", "purchase", { plan: "basic" }, B + 3 * HOUR),
    track("u4", "signup", {}, B), page("u4", "https://acme.test/pricing", B + 8 * DAY),
    track("u5", "signup", {}, B), page("u5", "https://acme.test/pricing", B + 7 * DAY), track("u5", "purchase", { plan: "pro" }, B + 7 * DAY + 1),
    page("u6", "https://acme.test/pricing", B), track("u6", "purchase", { plan: "pro" }, B + HOUR),
    track("u7", "signup", {}, T0 - 11 * DAY), page("u7", "https://acme.test/pricing", B), track("u7", "purchase", { plan: "pro" }, B + HOUR),
    track("u8", "signup", {}, B), page("u8", "https://acme.test/blog/why-pricing", B + HOUR),
    track("u9", "signup", {}, B), track("u9", "signup", {}, B + HOUR), page("u9", "https://acme.test/pricing", B + 2 * HOUR),
    track("u9", "purchase", { plan: "pro" }, B + 3 * HOUR),
  );
}
