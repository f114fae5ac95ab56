import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pushNewInApp } from "../../src/http/widget/inapp-push.js";
import { createMessage, inAppPushPayload, launchMessage, lastDeliveryRowid, listContactDeliveries, parseMessageInput, watchOutbound } from "../../src/outbound/index.js";
import { send, track } from "../admin-contacts/helpers.js";
import { contactTopic, hubFor, type HubMessage } from "../../src/realtime/index.js";
import { SseReader } from "../conversations/helpers.js";
import { makeTestApp, type TestApp } from "../helpers/app.js";
import { due, inApp, session } from "./inapp-helpers.js";

let t: TestApp;
const readers: SseReader[] = [];
beforeEach(() => {
  t = makeTestApp();
});
afterEach(async () => {
  for (const r of readers.splice(0)) await r.cancel();
  t.close();
});

async function stream(token: string): Promise<SseReader> {
  const res = await t.app.request(`/messenger/stream?session=${encodeURIComponent(token)}`);
  expect(res.status).toBe(200);
  const sse = SseReader.of(res);
  readers.push(sse);
  return sse;
}

describe("in-app messages pushed to an open widget", { timeout: 30_000 }, () => {
  it("a launch for a contact with a stream open sends `event: inapp` naming the delivery; the widget's next ask shows it", async () => {
    const s = await session(t, { user_id: "live-1" });
    const sse = await stream(s.token);
    await sse.until((f) => f.length > 0);
    const d = await inApp(t, s.contactId, { display: { urlPattern: "*/billing" }, variants: [{ subject: "Trial ends", body: "Pick a plan" }] });
    await t.ctx.bus.settled();
    const frames = await sse.until((f) => f.some((x) => x.event === "inapp"));
    const pushed = frames.filter((x) => x.event === "inapp").map((x) => JSON.parse(String(x.data)) as unknown);
    expect(pushed).toEqual([{ id: d.id, message_id: d.messageId, channel: "post" }]);
    expect(pushed[0]).toEqual(inAppPushPayload({ ...d, channel: "post" }));
    // What the widget then asks still applies the page rules: shown on /billing only.
    expect(((await due(t, s.token, "https://shop.example/billing")).messages as { id: string }[]).map((m) => m.id)).toEqual([d.id]);
    expect((await due(t, s.token, "https://shop.example/pricing")).messages).toEqual([]);
  });

  it("an automatic post fired by what the contact just did arrives on the open stream", async () => {
    const unwatch = watchOutbound(t.ctx); // as the server does at boot, before any widget stream
    const s = await session(t, { user_id: "live-2" });
    const sse = await stream(s.token);
    await sse.until((f) => f.length > 0);
    const m = createMessage(t.ctx, t.workspace.id, parseMessageInput({
      name: "After export", kind: "ongoing", channel: "post", trigger: { type: "event", name: "report_exported" }, variants: [{ body: "Share it?" }],
    }));
    await launchMessage(t.ctx, t.workspace.id, m.id);
    await t.ctx.bus.settled(); // the trigger listeners learn about the live message
    await send(t, track("live-2", "report_exported"));
    await t.ctx.bus.settled();
    const frames = await sse.until((f) => f.some((x) => x.event === "inapp"));
    const d = listContactDeliveries(t.ctx, m.id, s.contactId)[0]!;
    expect(frames.filter((x) => x.event === "inapp").map((x) => JSON.parse(String(x.data)) as unknown)).toEqual([{ id: d.id, message_id: m.id, channel: "post" }]);
    unwatch();
  });

  it("reads each new row once, only for in-app channels and contacts with a stream open", async () => {
    const online = await session(t, { user_id: "on" });
    const offline = await session(t, { user_id: "off" });
    const hub = hubFor(t.ctx);
    const got: HubMessage[] = [];
    // The online contact's page has its stream open (a subscriber on its topic); the offline one has none.
    const off = hub.subscribe([contactTopic(online.contactId)], { deliver: (m) => got.push(m) });
    const state = { after: lastDeliveryRowid(t.ctx) };
    const banner = await inApp(t, online.contactId, { channel: "banner", variants: [{ body: "Maintenance tonight" }] });
    await inApp(t, offline.contactId, { channel: "notification", variants: [{ body: "Hello" }] });
    const email = createMessage(t.ctx, t.workspace.id, parseMessageInput({ name: "Mail", channel: "email", audience: { contactId: online.contactId }, variants: [{ subject: "s", body: "b" }] }));
    await launchMessage(t.ctx, t.workspace.id, email.id);
    expect(pushNewInApp(t.ctx, hub, state)).toEqual({ pushed: 1, more: false });
    const frames = got.filter((m) => m.event === "inapp");
    expect(frames.map((m) => [m.topic, m.data])).toEqual([[contactTopic(online.contactId), { id: banner.id, message_id: banner.messageId, channel: "banner" }]]);
    expect(frames[0]!.frame).toContain("event: inapp\n");
    expect(pushNewInApp(t.ctx, hub, state)).toEqual({ pushed: 0, more: false });
    off();
  });
});
