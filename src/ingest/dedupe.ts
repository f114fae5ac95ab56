import type Database from "better-sqlite3";

/**
 * Recently accepted Segment `messageId`s, so a retried identify/page/group/alias is acknowledged without
 * being applied twice (a retried track is also caught durably by the events table's unique message id).
 * Retries come within seconds to minutes (analytics-node backs off from 100 ms; analytics.js from 1 s), so a
 * bounded window of the latest ids covers them; after a restart only tracks stay protected.
 */
export class MessageLedger {
  private readonly seen = new Set<string>();

  constructor(private readonly capacity = 100_000) {}

  /** Claims a message id; false when it was already accepted. Call inside the write, so claims follow commit order. */
  claim(workspaceId: string, messageId: string): boolean {
    const key = `${workspaceId}\u0000${messageId}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    // A Set iterates in insertion order: evict the oldest claim.
    if (this.seen.size > this.capacity) this.seen.delete(this.seen.values().next().value!);
    return true;
  }

  /** Gives a claim back when its write rolled back, so the sender's retry is applied. */
  release(workspaceId: string, messageId: string): void {
    this.seen.delete(`${workspaceId}\u0000${messageId}`);
  }
}

const ledgers = new WeakMap<Database.Database, MessageLedger>();

/** The ledger of one database connection (tests each get their own). */
export function ledgerFor(db: Database.Database): MessageLedger {
  let l = ledgers.get(db);
  if (!l) ledgers.set(db, (l = new MessageLedger()));
  return l;
}
