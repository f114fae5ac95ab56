import type { Hub, HubMessage, CloseReason, Stream } from "./hub.js";
import { formatEventId, parseEventId, type Position } from "./position.js";
import { NodeSink, WebSink, type NodeResponse, type Sink } from "./sinks.js";

export interface SseOptions {
  /** Topics to stream. The caller has checked the client may read each of them. */
  topics: string[];
  /** The Node response (`c.env?.outgoing` under @hono/node-server); without it the body is a web stream. */
  outgoing?: NodeResponse | undefined;
  /** `Last-Event-ID` header, or a `last_event_id` query value for the first connect (EventSource cannot set headers). */
  lastEventId?: string | null | undefined;
  /** Extra response headers, e.g. the request id middleware already set (`c.res.headers`). */
  headers?: Headers | Record<string, string> | undefined;
  /** A comment line is written when nothing else was for this long (proxies drop silent connections). */
  heartbeatMs?: number;
  /** Ends the stream after this long without a message; EventSource reconnects and resumes. */
  idleMs?: number;
  /** Ends the stream after this long in any case, so no connection lives forever. */
  maxLifetimeMs?: number;
  /** Reconnect delay suggested to EventSource. */
  retryMs?: number;
  /** A client this far behind (bytes queued) is dropped; it resumes from its last event when it reconnects. */
  maxBufferedBytes?: number;
  onClose?: (reason: CloseReason) => void;
}

type Limits = Required<Pick<SseOptions, "heartbeatMs" | "idleMs" | "maxLifetimeMs" | "retryMs" | "maxBufferedBytes">>;

export const SSE_DEFAULTS: Limits = {
  heartbeatMs: 25_000,
  idleMs: 10 * 60_000,
  maxLifetimeMs: 60 * 60_000,
  retryMs: 2_000,
  maxBufferedBytes: 512 * 1024,
};

const SKIP_HEADERS = new Set(["content-type", "content-length", "transfer-encoding", "connection"]);

function responseHeaders(extra: SseOptions["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = extra instanceof Headers ? [...extra.entries()] : Object.entries(extra ?? {});
  for (const [k, v] of entries) if (!SKIP_HEADERS.has(k.toLowerCase())) out[k] = v;
  return {
    ...out,
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-cache, no-transform",
    // nginx buffers proxied responses unless told not to; the stream would arrive in bursts.
    "X-Accel-Buffering": "no",
  };
}

/** One client's stream: replays what it missed, then writes each hub message's prebuilt frame. */
class SseConnection implements Stream {
  private unsubscribe: () => void = () => {};
  private closed = false;
  private readonly openedAt: number;
  private lastMessageAt: number;
  private lastWriteAt: number;

  constructor(private readonly hub: Hub, private readonly sink: Sink, private readonly o: SseOptions & Limits) {
    this.openedAt = hub.opts.clock.now();
    this.lastMessageAt = this.openedAt;
    this.lastWriteAt = this.openedAt;
  }

  /** Replay and subscribe run in one synchronous step: no message can fall between them. */
  start(from: Position | undefined): void {
    this.sink.open(responseHeaders(this.o.headers));
    this.write(`retry: ${this.o.retryMs}\n\n`);
    let reset = false;
    if (from) {
      const missed = this.hub.replay(this.o.topics, from);
      for (const m of missed.messages) this.write(m.frame);
      for (const item of missed.items) {
        const id = formatEventId({ seq: from.seq, cursor: item.cursor ?? from.cursor });
        this.write(`id: ${id}\nevent: ${item.event}\ndata: ${JSON.stringify(item.data)}\n\n`);
      }
      reset = missed.reset;
    }
    this.unsubscribe = this.hub.subscribe(this.o.topics, this);
    this.hub.attach(this);
    // The current position, so a drop before the next message resumes from here and not from scratch.
    this.write(`id: ${this.hub.eventId()}\n${reset ? "event: reset\ndata: {}\n" : ""}\n`);
  }

  deliver(m: HubMessage): void {
    if (m.at > this.lastMessageAt) this.lastMessageAt = m.at;
    this.write(m.frame, m.at);
  }

  sweep(now: number): void {
    if (now - this.openedAt >= this.o.maxLifetimeMs) this.close("max_lifetime");
    else if (now - this.lastMessageAt >= this.o.idleMs) this.close("idle");
    else if (now - this.lastWriteAt >= this.o.heartbeatMs) this.write(":\n\n", now);
  }

  close(reason: CloseReason): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    this.hub.detach(this);
    this.sink.end();
    this.o.onClose?.(reason);
  }

  private write(chunk: string, at = this.hub.opts.clock.now()): void {
    if (this.closed) return;
    this.lastWriteAt = at;
    if (!this.sink.write(chunk)) this.close("slow");
  }
}

/**
 * Opens an SSE stream on hub topics and returns the Response for the route handler to return as is.
 * With a Node response it writes to it directly; Hono must not touch it afterwards (see NodeSink.response).
 * A shut-down hub answers 503 so clients retry elsewhere or later.
 */
export function openSse(hub: Hub, opts: SseOptions): Response {
  if (hub.closed) return new Response("shutting down", { status: 503, headers: { "Retry-After": "5" } });
  const o: SseOptions & Limits = { ...opts, ...SSE_DEFAULTS };
  for (const k of Object.keys(SSE_DEFAULTS) as (keyof Limits)[]) o[k] = opts[k] ?? SSE_DEFAULTS[k];
  const sink = o.outgoing ? new NodeSink(o.outgoing, o.maxBufferedBytes) : new WebSink(Math.ceil(o.maxBufferedBytes / 256));
  const conn = new SseConnection(hub, sink, o);
  sink.onGone(() => conn.close("client"));
  conn.start(parseEventId(o.lastEventId));
  return sink.response();
}
