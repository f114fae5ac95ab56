import { EventEmitter } from "node:events";

/** Domain event names, `entity.verb_past`. Publish only after the writing transaction commits. */
export type BusEvent =
  | "contact.created"
  | "contact.updated"
  | "contact.merged"
  | "event.ingested"
  | "company.updated"
  | "segment.entered"
  | "segment.exited"
  | "conversation.created"
  | "conversation.part_added"
  | "conversation.updated"
  | "conversation.read"
  | "conversation.deleted"
  | "email.opened"
  | "email.clicked"
  | "email.unsubscribed"
  | "message.updated"
  | "delivery.sent"
  | "delivery.updated";

export interface BusPayload {
  workspaceId: string;
  contactId?: string;
  [k: string]: unknown;
}

/**
 * What an `event.ingested` payload may carry besides `name` and `eventId`, so listeners need not re-read the event.
 * Every field is optional: listeners read the row when one is missing. `profileChanged: false` says the call wrote
 * nothing on the contact row (no last-seen, visit, location or identity change); absent means it may have.
 */
export interface IngestedEventFields {
  eventId?: string;
  name?: string;
  metadata?: Record<string, unknown>;
  /** The event's time (`events.created_at`, ms). */
  createdAt?: number;
  profileChanged?: boolean;
}

/** In-process pub/sub; listeners run after the current tick so they never see uncommitted rows. */
export class Bus {
  private readonly emitter = new EventEmitter({ captureRejections: false });
  private pending = 0;
  private waiters: (() => void)[] = [];

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(name: BusEvent, payload: BusPayload): void {
    if (this.emitter.listenerCount(name) === 0) return;
    this.pending++;
    setImmediate(() => {
      try {
        this.emitter.emit(name, payload);
      } finally {
        if (--this.pending === 0) this.waiters.splice(0).forEach((w) => w());
      }
    });
  }

  on(name: BusEvent, fn: (p: BusPayload) => void): () => void {
    this.emitter.on(name, fn);
    return () => this.emitter.off(name, fn);
  }

  /** Resolves once every published event has been delivered (tests await this instead of sleeping). */
  settled(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((r) => this.waiters.push(r));
  }
}
