import type { Clock } from "../lib/clock.js";
import { formatEventId, type Position } from "./position.js";

/** One message on a topic. `frame` is the SSE text, built once and written to every subscriber as is. */
export interface HubMessage {
  seq: number;
  /** The hub's part cursor when it was published (see position.ts). */
  cursor: number;
  topic: string;
  event: string;
  data: unknown;
  frame: string;
  ephemeral: boolean;
  at: number;
}

/** Receives the messages of the topics it subscribed to, synchronously, in publish order. */
export interface Subscriber {
  deliver(m: HubMessage): void;
}

/** A long-lived subscriber the hub sweeps (heartbeats, lifetimes) and closes on shutdown: an SSE stream. */
export interface Stream extends Subscriber {
  sweep(now: number): void;
  close(reason: CloseReason): void;
}

export type CloseReason = "client" | "idle" | "max_lifetime" | "slow" | "shutdown";

/** A stored message rebuilt for a resume the buffer cannot serve (e.g. a part read back from the database). */
export interface ReplayItem {
  event: string;
  data: unknown;
  /** The part id it carries; items are replayed in this order, cursor-less ones last. */
  cursor?: number;
}

/** Rebuilds a topic's stored messages with cursors in (after, upTo]; undefined when there are too many to replay. */
export type ReplaySource = (topic: string, after: number, upTo: number) => ReplayItem[] | undefined;

export interface Replay {
  /** Buffered messages, in seq order (when every topic's buffer covers the gap). */
  messages: HubMessage[];
  /** Otherwise: items rebuilt by the topics' sources, in cursor order. */
  items: ReplayItem[];
  /** Some topic could not be replayed: the client must reload its state. */
  reset: boolean;
}

interface Topic {
  subs: Set<Subscriber>;
  buffer: HubMessage[];
  /** Every buffered message of this topic with a seq above this is still in `buffer`. */
  floor: number;
  lastActiveAt: number;
  /** When a subscriber last came or went (messages do not move it): "no open stream since". */
  lastSubscriberAt: number | null;
}

export interface HubOptions {
  clock: Clock;
  /** Messages kept per topic for resumes. */
  bufferSize?: number;
  /** How long buffered messages and idle topics are kept. */
  retentionMs?: number;
}

/**
 * In-process pub/sub of topics (`conversation:<id>`, `contact:<id>`, `inbox:<workspaceId>`). Every message gets
 * the next seq; seqs start at the boot time in µs so a restarted process never reuses one. Per-topic buffers
 * let a stream resume after a drop; a gap the buffers cannot fill falls back to the topic's ReplaySource.
 */
export class Hub {
  readonly startSeq: number;
  private seq: number;
  private cursor = 0;
  /** Seq below which a topic that was dropped (or never existed) cannot be replayed from memory. */
  private gcFloor: number;
  private readonly topics = new Map<string, Topic>();
  private readonly streams = new Set<Stream>();
  private readonly sources = new Map<string, ReplaySource>();
  private readonly bufferSize: number;
  private readonly retentionMs: number;
  closed = false;

  constructor(readonly opts: HubOptions) {
    this.startSeq = opts.clock.now() * 1000;
    this.seq = this.startSeq;
    this.gcFloor = this.startSeq;
    this.bufferSize = opts.bufferSize ?? 200;
    this.retentionMs = opts.retentionMs ?? 15 * 60_000;
  }

  /** Current position: a stream opened now resumes from here. */
  position(): Position {
    return { seq: this.seq, cursor: this.cursor };
  }

  /** The Last-Event-ID of the current position (hand it to a client that loads state before streaming). */
  eventId(): string {
    return formatEventId(this.position());
  }

  /** Moves the part cursor forward (the bridge seeds it with the highest stored part id at start). */
  advanceCursor(n: number): void {
    if (n > this.cursor) this.cursor = n;
  }

  /** Registers how a topic family (`conversation` for `conversation:<id>`) is replayed from storage. */
  setReplaySource(prefix: string, source: ReplaySource): void {
    this.sources.set(prefix, source);
  }

  /**
   * Publishes to a topic. `cursor` is the part id a stored message carries (advances the hub cursor);
   * `ephemeral` messages (typing, presence) are delivered live only, never buffered or replayed.
   */
  publish(topic: string, event: string, data: unknown, opts: { cursor?: number; ephemeral?: boolean } = {}): HubMessage {
    if (opts.cursor !== undefined) this.advanceCursor(opts.cursor);
    const seq = ++this.seq;
    const frame = `id: ${formatEventId({ seq, cursor: this.cursor })}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    const now = this.opts.clock.now();
    const m: HubMessage = { seq, cursor: this.cursor, topic, event, data, frame, ephemeral: opts.ephemeral === true, at: now };
    const t = this.topics.get(topic) ?? (m.ephemeral ? undefined : this.createTopic(topic));
    if (!t) return m;
    t.lastActiveAt = now;
    if (!m.ephemeral) {
      t.buffer.push(m);
      if (t.buffer.length > this.bufferSize) t.floor = t.buffer.shift()!.seq;
    }
    // A subscriber may leave while being delivered to (a slow stream closes): Set iteration allows that.
    for (const sub of t.subs) sub.deliver(m);
    return m;
  }

  /** Subscribes to topics; returns the unsubscribe function. */
  subscribe(topics: readonly string[], sub: Subscriber): () => void {
    const now = this.opts.clock.now();
    for (const name of topics) {
      const t = this.topics.get(name) ?? this.createTopic(name);
      t.subs.add(sub);
      t.lastActiveAt = now;
      t.lastSubscriberAt = now;
    }
    return () => {
      const at = this.opts.clock.now();
      for (const name of topics) {
        const t = this.topics.get(name);
        if (t?.subs.delete(sub)) t.lastActiveAt = t.lastSubscriberAt = at;
      }
    };
  }

  private createTopic(name: string): Topic {
    const t: Topic = { subs: new Set(), buffer: [], floor: this.gcFloor, lastActiveAt: this.opts.clock.now(), lastSubscriberAt: null };
    this.topics.set(name, t);
    return t;
  }

  /** Whether every stored message of `topic` after `seq` is still buffered. */
  private covers(topic: string, seq: number): boolean {
    if (seq > this.seq) return false;
    return seq >= (this.topics.get(topic)?.floor ?? this.gcFloor);
  }

  /** What a stream resuming from `from` missed on `topics` (see position.ts for why this is exact). */
  replay(topics: readonly string[], from: Position): Replay {
    if (topics.every((t) => this.covers(t, from.seq))) {
      const messages = topics.flatMap((t) => this.topics.get(t)?.buffer.filter((m) => m.seq > from.seq) ?? []);
      return { messages: messages.sort((a, b) => a.seq - b.seq), items: [], reset: false };
    }
    const items: ReplayItem[] = [];
    let reset = false;
    for (const topic of topics) {
      const rebuilt = this.sources.get(topic.slice(0, topic.indexOf(":")))?.(topic, from.cursor, this.cursor);
      if (rebuilt) items.push(...rebuilt);
      else reset = true;
    }
    items.sort((a, b) => (a.cursor ?? Infinity) - (b.cursor ?? Infinity));
    return { messages: [], items, reset };
  }

  /** Adds a stream to the sweep and shutdown lists (SSE connections call this). */
  attach(stream: Stream): void {
    if (this.closed) throw new Error("hub is closed");
    this.streams.add(stream);
  }

  detach(stream: Stream): void {
    this.streams.delete(stream);
  }

  /**
   * Open streams, when the topic last saw a subscriber come or go or a message, and when it last had a
   * subscriber (now while one is open; null when unknown: never, or forgotten after the retention time).
   */
  presence(topic: string): { subscribers: number; lastActiveAt: number | null; lastSubscribedAt: number | null } {
    const t = this.topics.get(topic);
    const subscribers = t?.subs.size ?? 0;
    return { subscribers, lastActiveAt: t?.lastActiveAt ?? null, lastSubscribedAt: subscribers > 0 ? this.opts.clock.now() : (t?.lastSubscriberAt ?? null) };
  }

  /** Sends heartbeats, ends idle and old streams, forgets expired buffers and unused topics. Runs on a timer. */
  sweep(): void {
    const now = this.opts.clock.now();
    for (const s of [...this.streams]) s.sweep(now);
    const expired = now - this.retentionMs;
    for (const [name, t] of this.topics) {
      while (t.buffer.length > 0 && t.buffer[0]!.at < expired) t.floor = t.buffer.shift()!.seq;
      if (t.subs.size === 0 && t.buffer.length === 0 && t.lastActiveAt < expired) {
        if (t.floor > this.gcFloor) this.gcFloor = t.floor;
        this.topics.delete(name);
      }
    }
  }

  /** Closes every stream (on shutdown); later attach() calls throw. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of [...this.streams]) s.close("shutdown");
    this.streams.clear();
  }

  /** Counts, for health pages and tests. */
  stats(): { streams: number; topics: number; buffered: number } {
    let buffered = 0;
    for (const t of this.topics.values()) buffered += t.buffer.length;
    return { streams: this.streams.size, topics: this.topics.size, buffered };
  }
}
