import { IntercomClient } from "intercom-client";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createSegment } from "../../src/segments/index.js";
import { T0 } from "../helpers/app.js";
import { listen, type Listening } from "../helpers/http-server.js";
import { identify, segTest, send, user, type SegTest } from "./helpers.js";

// The official SDK (v7) against the real app: segments as intercom-client users read them.
let t: SegTest;
let server: Listening;
let client: IntercomClient;

beforeEach(async () => {
  t = segTest();
  server = await listen(t.app);
  client = new IntercomClient({ token: t.token, baseUrl: `${server.url}/api`, maxRetries: 0 });
});
afterEach(async () => {
  await server.close();
  t.close();
});

it("lists, finds and attaches segments through intercom-client 7", async () => {
  await send(t, identify("u1", { plan: "pro" }), identify("u2", { plan: "free" }));
  const seg = createSegment(t.ctx, t.workspace.id, { name: "Pro", match: "all", conditions: [{ attribute: "plan", op: "eq", value: "pro" }] });
  const summary = { type: "segment", id: seg.id, name: "Pro", created_at: T0 / 1000, updated_at: T0 / 1000, person_type: "all" };
  expect(await client.segments.list()).toEqual({ type: "segment.list", segments: [summary] });
  expect(await client.segments.list({ include_count: true })).toEqual({ type: "segment.list", segments: [{ ...summary, count: 1 }] });
  expect(await client.segments.find({ segment_id: seg.id })).toMatchObject(summary);
  expect(await client.contacts.listAttachedSegments({ contact_id: user(t, "u1").id })).toEqual({ type: "list", data: [summary] });
  expect(await client.contacts.listAttachedSegments({ contact_id: user(t, "u2").id })).toEqual({ type: "list", data: [] });
});
