import type { ServerResponse } from "node:http";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";

/** Where an SSE stream's bytes go. `write` returns false once the client reads too slowly to keep up. */
export interface Sink {
  open(headers: Record<string, string>): void;
  write(chunk: string): boolean;
  end(): void;
  /** Called once when the client goes away (not after our own end()). */
  onGone(fn: () => void): void;
  /** What the route handler returns. */
  response(): Response;
}

/** The Node response as @hono/node-server hands it over (`c.env.outgoing`); only what a stream uses. */
export type NodeResponse = Pick<ServerResponse, "writeHead" | "write" | "end" | "on" | "writableLength" | "destroyed" | "writableEnded">;

/**
 * Writes straight to the Node response: no web-stream pipeline per connection, which is what made Hono's
 * streamSSE cost ~3× the memory and 4–7× the fan-out time of a raw node:http hub (PERF.md §1.5).
 */
export class NodeSink implements Sink {
  private gone: (() => void) | undefined;
  private ended = false;

  constructor(private readonly res: NodeResponse, private readonly maxBufferedBytes: number) {
    res.on("close", () => {
      if (!this.ended) this.gone?.();
    });
  }

  open(headers: Record<string, string>): void {
    this.res.writeHead(200, headers);
  }

  write(chunk: string): boolean {
    if (this.res.destroyed || this.res.writableEnded) return false;
    this.res.write(chunk);
    return this.res.writableLength <= this.maxBufferedBytes;
  }

  end(): void {
    this.ended = true;
    if (!this.res.writableEnded) this.res.end();
  }

  onGone(fn: () => void): void {
    this.gone = fn;
    // The client may have left while the request was routed: 'close' has then already fired.
    if (this.res.destroyed) queueMicrotask(fn);
  }

  /**
   * Tells @hono/node-server the response is already being written. A fresh instance, read once (`.body`), so
   * that middleware re-wrapping the response after the handler (adding headers) keeps the marker instead of
   * having the adapter write a second head.
   */
  response(): Response {
    const res = new Response(null, { headers: RESPONSE_ALREADY_SENT.headers });
    void res.body;
    return res;
  }
}

/** Fallback without a Node response (`app.request()` in tests, other runtimes): a web ReadableStream body. */
export class WebSink implements Sink {
  private controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  private readonly encoder = new TextEncoder();
  private headers: Record<string, string> = {};
  private gone: (() => void) | undefined;
  private ended = false;
  private readonly stream: ReadableStream<Uint8Array>;

  constructor(private readonly maxQueuedChunks: number) {
    this.stream = new ReadableStream<Uint8Array>({
      start: (c) => {
        this.controller = c;
      },
      cancel: () => {
        if (!this.ended) this.gone?.();
      },
    });
  }

  open(headers: Record<string, string>): void {
    this.headers = headers;
  }

  write(chunk: string): boolean {
    if (this.ended || !this.controller) return false;
    this.controller.enqueue(this.encoder.encode(chunk));
    return (this.controller.desiredSize ?? 0) > -this.maxQueuedChunks;
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    try {
      this.controller?.close();
    } catch {
      // Already cancelled by the reader.
    }
  }

  onGone(fn: () => void): void {
    this.gone = fn;
  }

  response(): Response {
    return new Response(this.stream, { status: 200, headers: this.headers });
  }
}
