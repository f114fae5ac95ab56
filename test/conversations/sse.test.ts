import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve, type HttpBindings } from "@hono/node-server";
import { Hono, type Context } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { requestId } from "../../src/http/middleware/request-id.js";
import { FakeClock, MINUTE } from "../../src/lib/clock.js";
import { Hub, openSse, parseEventId, type CloseReason, type SseOptions } from "../../src/realtime/index.js";
import { listen, type Listening } from "../helpers/http-server.js";
import { SseReader } from "./helpers.js";

const T0 = Date.UTC(2026, 0, 15);
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

/**
 * A stream route shaped like the real ones: request id before, a header added after the handler returns.
 * `passHeaders` hands the request id on; without it the handler never reads `c.res`, the case where Hono
 * re-wraps the returned response as is.
 */
function streamApp(hub: Hub, extra: Partial<SseOptions> = {}, passHeaders = true) {
  const closes: CloseReason[] = [];
  let closed: (r: CloseReason) => void = () => {};
  const app = new Hono();
  app.use("*", requestId());
  app.use("*", async (c, next) => {
    await next();
    c.header("X-RateLimit-Remaining", "99");
  });
  app.get("/stream", (c: Context) =>
    openSse(hub, {
      topics: (c.req.query("topics") ?? "").split(","),
      outgoing: (c.env as Partial<HttpBindings> | undefined)?.outgoing,
      lastEventId: c.req.header("last-event-id") ?? c.req.query("last_event_id"),
      headers: passHeaders ? c.res.headers : undefined,
      onClose: (r) => {
        closes.push(r);
        closed(r);
      },
      ...extra,
    }),
  );
  const nextClose = () => new Promise<CloseReason>((r) => (closed = r));
  return { app, closes, nextClose };
}

async function served(hub: Hub, extra: Partial<SseOptions> = {}, passHeaders = true) {
  const s = streamApp(hub, extra, passHeaders);
  const server: Listening = await listen(s.app);
  open.push(server);
  const connect = async (topics: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}/stream?topics=${topics}`, { headers });
    return { res, sse: SseReader.of(res) };
  };
  return { ...s, server, connect };
}

const data = (sse: SseReader, event = "m") => sse.events(event);

describe("SSE over real HTTP", () => {
  it("writes to the Node response with SSE headers and delivers published messages, even when middleware adds headers afterwards", async () => {
    const hub = new Hub({ clock: new FakeClock(T0) });
    const { connect } = await served(hub, {}, false);
    const { res, sse } = await connect("room:1");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    expect(res.headers.get("cache-control")).toBe("no-cache, no-transform");
    const first = await sse.until((f) => f.some((x) => x.id !== undefined));
    expect(first[0]).toEqual({ retry: 2000 });
    expect(parseEventId(first[1]!.id)).toEqual(hub.position());
    hub.publish("room:1", "m", { n: 1 });
    hub.publish("room:2", "m", { n: 2 });
    hub.publish("room:1", "m", { n: 3 });
    await sse.until(() => data(sse).length === 2);
    expect(data(sse)).toEqual([{ n: 1 }, { n: 3 }]);
    await sse.cancel();
  });

  it("resumes with Last-Event-ID: exactly the missed messages, then live ones, no duplicates", async () => {
    const hub = new Hub({ clock: new FakeClock(T0) });
    const { connect, nextClose } = await served(hub);
    const first = await connect("room:1", { "x-request-id": "req-42" });
    expect(first.res.headers.get("x-request-id")).toBe("req-42");
    hub.publish("room:1", "m", 1);
    await first.sse.until(() => data(first.sse).length === 1);
    const lastId = first.sse.lastId()!;
    const gone = nextClose();
    await first.sse.cancel();
    expect(await gone).toBe("client");
    expect(hub.stats().streams).toBe(0);

    hub.publish("room:1", "m", 2);
    hub.publish("room:1", "typing", "ephemeral", { ephemeral: true });
    hub.publish("room:1", "m", 3);
    const again = await connect("room:1", { "last-event-id": lastId });
    await again.sse.until(() => data(again.sse).length === 2);
    hub.publish("room:1", "m", 4);
    await again.sse.until(() => data(again.sse).length === 3);
    expect(data(again.sse)).toEqual([2, 3, 4]);
    expect(again.sse.events("typing")).toEqual([]);
    await again.sse.cancel();
  });

  it("takes the first resume position from a query parameter (EventSource cannot send headers on its first connect)", async () => {
    const hub = new Hub({ clock: new FakeClock(T0) });
    const { server } = await served(hub);
    const loadedAt = hub.eventId();
    hub.publish("room:1", "m", "published between the page load and the stream");
    const res = await fetch(`${server.url}/stream?topics=room:1&last_event_id=${loadedAt}`);
    const sse = SseReader.of(res);
    await sse.until(() => data(sse).length === 1);
    expect(data(sse)).toEqual(["published between the page load and the stream"]);
    await sse.cancel();
  });

  it("sends heartbeats when quiet and ends idle and too-old streams (swept with a fake clock)", async () => {
    const clock = new FakeClock(T0);
    const hub = new Hub({ clock });
    const { connect, nextClose, closes } = await served(hub, { heartbeatMs: 20_000, idleMs: 5 * MINUTE, maxLifetimeMs: 30 * MINUTE });
    const a = await connect("room:1");
    await a.sse.until((f) => f.some((x) => x.id !== undefined));
    clock.advance(19_000);
    hub.sweep();
    hub.publish("room:2", "m", "elsewhere");
    clock.advance(2_000);
    hub.sweep();
    await a.sse.until((f) => f.some((x) => x.comment));
    const idle = nextClose();
    clock.advance(5 * MINUTE);
    hub.sweep();
    expect(await idle).toBe("idle");
    await a.sse.end();
    expect(a.sse.done).toBe(true);
    // One heartbeat: the sweep at 19 s (under the 20 s interval) wrote none, the idle close writes none.
    expect(a.sse.frames.filter((f) => f.comment)).toHaveLength(1);

    const b = await connect("room:1");
    await b.sse.until((f) => f.some((x) => x.id !== undefined));
    // Busy (never idle), yet closed once 30 minutes old: after the 8th 4-minute step.
    let steps = 0;
    while (!closes.includes("max_lifetime") && steps < 20) {
      steps++;
      clock.advance(4 * MINUTE);
      hub.publish("room:1", "m", steps);
      hub.sweep();
    }
    expect(steps).toBe(8);
    await b.sse.end();
    expect(data(b.sse)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("ends every stream when the hub closes (shutdown), so server.close() completes", async () => {
    const hub = new Hub({ clock: new FakeClock(T0) });
    const { app } = streamApp(hub);
    const server = await new Promise<Server>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s as Server)) as Server;
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const readers = await Promise.all(["a", "b"].map(async (topic) => SseReader.of(await fetch(`${url}/stream?topics=${topic}`))));
    await Promise.all(readers.map((r) => r.until((f) => f.some((x) => x.id !== undefined))));
    expect(hub.stats().streams).toBe(2);
    hub.close();
    await Promise.all(readers.map((r) => r.end()));
    expect(readers.every((r) => r.done)).toBe(true);
    await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    expect(hub.stats().streams).toBe(0);
    expect((await streamApp(hub).app.request("/stream?topics=a")).status).toBe(503);
  });
});

describe("SSE without a Node response (app.request)", () => {
  it("streams through a web ReadableStream and cleans up when the reader cancels", async () => {
    const hub = new Hub({ clock: new FakeClock(T0) });
    const { app, nextClose } = streamApp(hub);
    const res = await app.request("/stream?topics=room:1");
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const sse = SseReader.of(res);
    hub.publish("room:1", "m", "hello");
    await sse.until(() => data(sse).length === 1);
    expect(hub.presence("room:1").subscribers).toBe(1);
    const gone = nextClose();
    await sse.cancel();
    expect(await gone).toBe("client");
    expect(hub.presence("room:1").subscribers).toBe(0);
  });

  it("drops a client that stops reading instead of buffering without bound", async () => {
    const hub = new Hub({ clock: new FakeClock(T0) });
    const { app, closes } = streamApp(hub, { maxBufferedBytes: 256 * 4 });
    const res = await app.request("/stream?topics=room:1");
    for (let i = 0; i < 20; i++) hub.publish("room:1", "m", i);
    expect(closes).toEqual(["slow"]);
    expect(hub.stats().streams).toBe(0);
    await res.body?.cancel();
  });
});
