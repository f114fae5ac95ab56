import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listSegments } from "../../src/segments/index.js";
import { get, makeTestApp, owner, post, type Browser, type TestApp } from "../admin-contacts/helpers.js";
import { RANGE, seedFunnel } from "../analytics/funnel-data.js";

let t: TestApp;
let who: Browser;
beforeEach(async () => {
  t = makeTestApp();
  who = owner(t);
  await seedFunnel(t);
});
afterEach(() => t.close());

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe("message them (funnel drop-off → segment → new message)", { timeout: 30_000 }, () => {
  it("saves the drop-off as a segment and opens a new message aimed at it, counting its members", async () => {
    const q = new URLSearchParams({ kind1: "event", value1: "signup", kind2: "page", value2: "*/pricing*", window: "7", order: "loose", from: day(RANGE.from), to: day(RANGE.to - 1) });
    const html = await (await get(t, `/reports/funnels?${q}`, who)).text();
    const drop = /class="step-dropoff" href="([^"]+)">/.exec(html)![1]!.replace(/&amp;/g, "&");
    const list = await (await get(t, drop, who)).text();
    expect(list).toMatch(/<button type="submit" class="btn" name="then" value="message" id="message-hook">/);
    const members = [...list.matchAll(/data-contact="([^"]+)"/g)].length;
    expect(members).toBeGreaterThan(0);
    const fields = Object.fromEntries([...list.matchAll(/<input type="hidden" name="(def|from|to|step|which)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    const res = await post(t, "/reports/funnels/segment", { ...fields, name: "Dropped at pricing", then: "message" }, who);
    const seg = listSegments(t.ctx, t.workspace.id).find((s) => s.name === "Dropped at pricing")!;
    expect(res.headers.get("location")).toBe(`/messages/new?segment=${seg.id}`);
    const editor = await (await get(t, res.headers.get("location")!, who)).text();
    expect(editor).toContain(`<option value="${seg.id}" selected="">Dropped at pricing</option>`);
    expect(editor).toMatch(new RegExp(`id="audience-count"[^>]*><strong>${members}</strong>`));
  });
});
