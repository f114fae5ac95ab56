import { afterEach, describe, expect, it } from "vitest";
import { get, identify, makeTestApp, owner, send, track, user, type Browser, type TestApp } from "./helpers.js";

let t: TestApp;
let me: Browser;
afterEach(() => t?.close());

type Reader = ReadableStreamDefaultReader<Uint8Array>;

/** Reads the stream until the text so far matches `pattern`; returns everything read. */
async function readUntil(reader: Reader, pattern: RegExp, sofar = ""): Promise<string> {
  const decoder = new TextDecoder();
  let text = sofar;
  while (!pattern.test(text)) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`stream ended before ${pattern}; got: ${text}`);
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

/** Listeners the stream holds on the bus (the Bus keeps its EventEmitter private). */
function busListeners(): number {
  const emitter = (t.ctx.bus as unknown as { emitter: { listenerCount(n: string): number } }).emitter;
  return emitter.listenerCount("event.ingested") + emitter.listenerCount("contact.updated") + emitter.listenerCount("contact.merged");
}

async function open(contactId: string): Promise<{ res: Response; reader: Reader; abort: AbortController }> {
  const abort = new AbortController();
  const res = await t.app.request(`/contacts/${contactId}/stream`, { headers: { cookie: me.cookie }, signal: abort.signal });
  return { res, reader: res.body!.getReader(), abort };
}

describe("live timeline over SSE", () => {
  it("pushes a new event of this contact (and only this contact) as a timeline entry, plus the online dot", async () => {
    t = makeTestApp();
    me = owner(t);
    await send(t, identify("ann", { name: "Ann" }), identify("bob", { name: "Bob" }), track("ann", "old-event"));
    const { res, reader, abort } = await open(user(t, "ann").id);
    try {
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/event-stream");
      const hello = await readUntil(reader, /: connected\n\n/);
      await send(t, track("bob", "bobs-event"));
      await send(t, track("ann", "Upgraded plan", { plan: "<b>pro</b>" }));
      const text = await readUntil(reader, /event: presence\ndata: [^\n]*\n\n/, hello);
      expect(text).toMatch(/event: timeline\ndata: <li class="tl-item tl-event tl-live"/);
      expect(text).toContain("Upgraded plan");
      expect(text).toContain("&lt;b&gt;pro&lt;/b&gt;");
      expect(text).not.toContain("bobs-event");
      expect(text).not.toContain("old-event");
      expect(text).toContain('class="online-dot is-online"');
    } finally {
      await reader.cancel();
      abort.abort();
    }
  });

  it("lets go of the bus when the client goes away", async () => {
    t = makeTestApp();
    me = owner(t);
    await send(t, identify("ann"));
    const before = busListeners();
    const { reader, abort } = await open(user(t, "ann").id);
    await readUntil(reader, /: connected/);
    expect(busListeners()).toBe(before + 3);
    await reader.cancel();
    abort.abort();
    // The loop wakes on abort and unsubscribes in its finally; an ingest afterwards must find no listener left.
    await send(t, track("ann", "after-close"));
    await t.ctx.bus.settled();
    expect(busListeners()).toBe(before);
  });

  it("ends the stream on shutdown", async () => {
    t = makeTestApp();
    me = owner(t);
    await send(t, identify("ann"));
    const before = busListeners();
    const { reader } = await open(user(t, "ann").id);
    await readUntil(reader, /: connected/);
    const shutdown = t.close;
    t = Object.assign(t, { close: () => undefined });
    shutdown();
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
    }
    expect(busListeners()).toBe(before);
  });
});
