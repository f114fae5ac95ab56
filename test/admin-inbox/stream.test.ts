import { afterEach, describe, expect, it } from "vitest";
import { addPart } from "../../src/conversations/index.js";
import { SseReader } from "../conversations/helpers.js";
import { addOperator, as, contactWrites, get, hxPost, makeTestApp, owner, type TestApp } from "./helpers.js";

let t: TestApp;
afterEach(() => t?.close());

type Part = { part: { id: string; type: string; public: boolean; body: string } };

describe("inbox SSE stream", () => {
  it("streams new parts of the open conversation (notes too) and list changes of the workspace, nothing of other conversations' parts", async () => {
    t = makeTestApp();
    const me = owner(t);
    const open = contactWrites(t, "first");
    const other = contactWrites(t, "elsewhere");
    // Their own messages are published after this tick: let them pass before the stream opens.
    await t.ctx.bus.settled();
    const abort = new AbortController();
    const res = await t.app.request(`/inbox/stream?c=${open.conversation.id}`, { headers: { cookie: me.cookie }, signal: abort.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const sse = SseReader.of(res);
    try {
      await sse.until((f) => f.some((x) => x.id !== undefined));
      addPart(t.ctx, t.workspace.id, other.conversation.id, { author: { type: "contact", contactId: other.contact.id }, body: "not yours" });
      addPart(t.ctx, t.workspace.id, open.conversation.id, { author: { type: "contact", contactId: open.contact.id }, body: "second" });
      addPart(t.ctx, t.workspace.id, open.conversation.id, { author: { type: "operator", operatorId: me.operator.id }, kind: "note", body: "psst" });
      await t.ctx.bus.settled();
      await sse.until(() => sse.events("part").length === 2 && sse.events("conversation").length >= 3);
      const parts = sse.events("part") as Part[];
      expect(parts.map((p) => [p.part.type, p.part.public, p.part.body])).toEqual([["comment", true, "<p>second</p>"], ["note", false, "<p>psst</p>"]]);
      // The list hears about both conversations.
      const changed = (sse.events("conversation") as { conversation: { id: string } }[]).map((e) => e.conversation.id);
      expect(new Set(changed)).toEqual(new Set([String(open.conversation.id), String(other.conversation.id)]));
    } finally {
      await sse.cancel();
      abort.abort();
    }
  });

  it("refuses a conversation of another workspace and signed-out requests", async () => {
    t = makeTestApp();
    const me = owner(t);
    const other = contactWrites(t, "hidden", { workspaceId: t.testWorkspace.id });
    expect((await get(t, `/inbox/stream?c=${other.conversation.id}`, me)).status).toBe(404);
    expect((await get(t, "/inbox/stream")).status).not.toBe(200);
  });

  it("relays an operator's typing to the open conversation and announces teammates' presence", async () => {
    t = makeTestApp();
    const me = owner(t);
    const mate = as(t, addOperator(t, "agent", { name: "Mate" }));
    const { conversation } = contactWrites(t, "hi");
    await t.ctx.bus.settled();
    const abort = new AbortController();
    const res = await t.app.request(`/inbox/stream?c=${conversation.id}`, { headers: { cookie: me.cookie }, signal: abort.signal });
    const sse = SseReader.of(res);
    const mateAbort = new AbortController();
    try {
      await sse.until((f) => f.some((x) => x.id !== undefined));
      const mateRes = await t.app.request("/inbox/stream", { headers: { cookie: mate.cookie }, signal: mateAbort.signal });
      const mateSse = SseReader.of(mateRes);
      await sse.until(() => sse.events("presence").length === 1);
      expect(sse.events("presence")).toEqual([{ operatorId: String(mate.operator.id), status: "online" }]);
      // The page lists the teammate as online while their stream is open.
      expect(await (await get(t, "/inbox", me)).text()).toContain(`class="online-dot is-online" data-presence="${mate.operator.id}"`);

      expect((await hxPost(t, `/inbox/${conversation.id}/typing`, { typing: "1" }, mate)).status).toBe(204);
      await sse.until(() => sse.events("typing").length === 1);
      expect(sse.events("typing")).toEqual([{ conversationId: String(conversation.id), author: { type: "operator", id: String(mate.operator.id), name: "Mate" }, typing: true }]);

      await mateSse.cancel();
      mateAbort.abort();
      await sse.until(() => sse.events("presence").length === 2);
      expect(sse.events("presence").at(-1)).toEqual({ operatorId: String(mate.operator.id), status: "offline" });
    } finally {
      await sse.cancel();
      abort.abort();
      mateAbort.abort();
    }
  });
});
