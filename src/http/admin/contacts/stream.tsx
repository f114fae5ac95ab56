import type { Hono } from "hono";
import { streamSSE, type SSEStreamingApi } from "hono/streaming";
import { findContact } from "../../../contacts/index.js";
import { isOnline } from "../../../contacts/presence.js";
import { listTimeline } from "../../../contacts/timeline.js";
import type { Ctx } from "../../../context.js";
import type { BusPayload } from "../../../lib/bus.js";
import { MINUTE } from "../../../lib/clock.js";
import { OnlineDot } from "../../../../views/contacts/cells.js";
import { TimelineEntry } from "../../../../views/contacts/timeline.js";
import type { AdminEnv } from "../env.js";
import { pathContact } from "./profile.js";

/** Comment lines keep proxies from closing an idle stream. */
const HEARTBEAT_MS = 25_000;
/** Streams end after this long; EventSource reconnects by itself, so no connection lives forever. */
const MAX_LIFETIME_MS = 30 * MINUTE;
/** New activity is looked for among this many latest entries (a backdated event older than that shows on reload). */
const LIVE_WINDOW = 50;

/**
 * `GET /contacts/:id/stream`: Server-Sent Events for the open profile. After each bus notification about this
 * contact (event ingested, profile updated, merge), it sends the timeline entries the page has not shown yet
 * (`event: timeline`) and the online dot (`event: presence`). Ends on client disconnect, shutdown, or max lifetime.
 */
export function streamRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  app.get("/:id/stream", (c) => {
    const contact = pathContact(c, ctx);
    const workspaceId = c.var.workspace.id;
    c.header("X-Accel-Buffering", "no");
    return streamSSE(c, async (stream) => {
      // Everything up to the first await runs before the response is returned, so no notification is missed.
      const seen = new Set(listTimeline(ctx, contact.id, { limit: LIVE_WINDOW }).items.map((i) => i.id));
      const waiter = new Waiter();
      const onBus = (p: BusPayload) => {
        if (p.workspaceId === workspaceId && p.contactId === contact.id) waiter.notify();
      };
      const offs = (["event.ingested", "contact.updated", "contact.merged"] as const).map((name) => ctx.bus.on(name, onBus));
      const stop = () => waiter.stop();
      stream.onAbort(stop);
      ctx.shutdown.addEventListener("abort", stop);
      const deadline = setTimeout(stop, MAX_LIFETIME_MS);
      try {
        await stream.write(": connected\n\n");
        while (!waiter.stopped) {
          const woke = await waiter.wait(HEARTBEAT_MS);
          if (waiter.stopped) break;
          if (woke) await pushChanges(stream, ctx, workspaceId, contact.id, seen);
          else await stream.write(": ping\n\n");
        }
      } finally {
        clearTimeout(deadline);
        offs.forEach((off) => off());
        ctx.shutdown.removeEventListener("abort", stop);
      }
    });
  });
}

async function pushChanges(stream: SSEStreamingApi, ctx: Ctx, workspaceId: string, contactId: string, seen: Set<string>): Promise<void> {
  const fresh = listTimeline(ctx, contactId, { limit: LIVE_WINDOW }).items.filter((i) => !seen.has(i.id));
  fresh.forEach((i) => seen.add(i.id));
  if (fresh.length > 0) {
    const html = await Promise.all(fresh.map((item) => (<TimelineEntry item={item} live />).toString()));
    await stream.writeSSE({ event: "timeline", data: html.join("") });
  }
  const contact = findContact(ctx, workspaceId, contactId);
  if (contact) await stream.writeSSE({ event: "presence", data: String(await (<OnlineDot online={isOnline(ctx, contact)} />).toString()) });
}

/** Lets the stream loop sleep until a notification, a stop, or a timeout (for the heartbeat). */
class Waiter {
  stopped = false;
  private pending = false;
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  notify(): void {
    this.pending = true;
    this.release();
  }

  stop(): void {
    this.stopped = true;
    this.release();
  }

  /** Resolves true when notified (at once if a notification came while busy), false on timeout or stop. */
  wait(ms: number): Promise<boolean> {
    if (this.pending || this.stopped) return Promise.resolve(this.take());
    return new Promise((resolve) => {
      this.wake = () => resolve(this.take());
      this.timer = setTimeout(() => this.release(), ms);
    });
  }

  private take(): boolean {
    const was = this.pending;
    this.pending = false;
    return was && !this.stopped;
  }

  private release(): void {
    clearTimeout(this.timer);
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
