import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addPart } from "../../src/conversations/index.js";
import { makeOperator } from "../api/factories.js";
import { SseReader } from "../conversations/helpers.js";
import { makeTestApp, type TestApp } from "../helpers/app.js";
import { boot, call, visitor } from "./helpers.js";

let t: TestApp;
const readers: SseReader[] = [];
beforeEach(() => {
  t = makeTestApp();
});
afterEach(async () => {
  for (const r of readers.splice(0)) await r.cancel();
  t.close();
});

async function stream(session: string, headers: Record<string, string> = {}, query = ""): Promise<{ res: Response; sse: SseReader }> {
  const res = await t.app.request(`/messenger/stream?session=${encodeURIComponent(session)}${query}`, { headers: { origin: "https://shop.example", ...headers } });
  const sse = SseReader.of(res);
  readers.push(sse);
  return { res, sse };
}

type PartEvent = { conversationId: string; part: { id: string; body: string; public: boolean } };

describe("GET /messenger/stream", () => {
  it("delivers operator replies and the unread count to the contact's stream only, and resumes with Last-Event-ID without duplicates", async () => {
    const a = (await boot(t, { anonymous_id: visitor(), user_id: "stream-a" })).json;
    const b = (await boot(t, { anonymous_id: visitor(), user_id: "stream-b" })).json;
    const conv = (await call(t, a.session, "POST", "/messenger/conversations", { body: "Help" })).json.conversation.id as string;
    const op = makeOperator(t);
    const first = await stream(a.session, {}, `&last_event_id=${encodeURIComponent(a.event_id)}`);
    expect(first.res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(first.res.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    const other = await stream(b.session);

    addPart(t.ctx, t.workspace.id, conv, { author: { type: "operator", operatorId: op.id }, body: "First answer" });
    addPart(t.ctx, t.workspace.id, conv, { author: { type: "operator", operatorId: op.id }, kind: "note", body: "internal note" });
    await t.ctx.bus.settled();
    await first.sse.until((f) => f.some((x) => x.event === "part" && JSON.stringify(x.data).includes("First answer")));
    // The replay from boot's event id brings the contact's own opening message, then the reply.
    const bodies = (first.sse.events("part") as PartEvent[]).map((e) => e.part.body);
    expect(bodies).toEqual(["<p>Help</p>", "<p>First answer</p>"]);
    expect((first.sse.events("part") as { unread?: unknown }[]).at(-1)?.unread).toEqual({ count: 1 });
    const resumeFrom = first.sse.lastId()!;
    await first.sse.cancel();

    addPart(t.ctx, t.workspace.id, conv, { author: { type: "operator", operatorId: op.id }, body: "Second answer" });
    await t.ctx.bus.settled();
    const resumed = await stream(a.session, { "last-event-id": resumeFrom });
    await resumed.sse.until((f) => f.some((x) => x.event === "part"));
    expect((resumed.sse.events("part") as PartEvent[]).map((e) => e.part.body)).toEqual(["<p>Second answer</p>"]);

    const bConv = (await call(t, b.session, "POST", "/messenger/conversations", { body: "B here" })).json.conversation.id as string;
    addPart(t.ctx, t.workspace.id, bConv, { author: { type: "operator", operatorId: op.id }, body: "For B" });
    await t.ctx.bus.settled();
    await other.sse.until((f) => f.some((x) => x.event === "part" && JSON.stringify(x.data).includes("For B")));
    const seenByB = (other.sse.events("part") as PartEvent[]).map((e) => e.part.body);
    expect(seenByB).toEqual(["<p>B here</p>", "<p>For B</p>"]);
    expect(JSON.stringify(other.sse.frames)).not.toMatch(/answer|internal note/);
  });

  it("refuses a stream without a valid session (401), whatever the query names", async () => {
    const a = (await boot(t, { anonymous_id: visitor() })).json;
    expect((await t.app.request(`/messenger/stream?contact_id=${a.contact.id}`)).status).toBe(401);
    expect((await t.app.request(`/messenger/stream?session=ws1.x.y.z.1.sig`)).status).toBe(401);
  });
});
