import { and, eq, isNull } from "drizzle-orm";
import { withTx, type Ctx } from "../context.js";
import { deliveries } from "../db/schema/index.js";
import type { Delivery } from "./queries.js";

export const OUTCOMES = ["seen", "opened", "clicked", "replied", "dismissed", "answered", "goal", "unsubscribed", "bounced"] as const;
export type Outcome = (typeof OUTCOMES)[number];

const COLUMN = {
  seen: "seenAt", opened: "openedAt", clicked: "clickedAt", replied: "repliedAt", dismissed: "dismissedAt",
  answered: null, goal: "goalAt", unsubscribed: "unsubscribedAt", bounced: "bouncedAt",
} as const satisfies Record<Outcome, keyof Delivery | null>;

export interface OutcomeExtra {
  /** Quick-reply value (`answered`). */
  answer?: string;
  conversationId?: number;
}

/**
 * Records what a contact did with a delivery: the first time only (later repeats change nothing). A click also
 * counts as an open (images may be blocked). Publishes `delivery.updated` after commit when something changed.
 * Returns whether it changed anything. Safe inside the caller's transaction.
 */
export function recordDeliveryOutcome(ctx: Ctx, deliveryId: string, outcome: Outcome, at: number, extra: OutcomeExtra = {}): boolean {
  const changed = withTx(ctx, () => {
    const d = ctx.db.select().from(deliveries).where(eq(deliveries.id, deliveryId)).get();
    if (!d) return undefined;
    let any = false;
    const setFirst = (col: Exclude<(typeof COLUMN)[Outcome], null>) => {
      const r = ctx.db.update(deliveries).set({ [col]: at, updatedAt: at }).where(and(eq(deliveries.id, d.id), isNull(deliveries[col]))).run();
      any ||= r.changes > 0;
    };
    const col = COLUMN[outcome];
    if (col) setFirst(col);
    if (outcome === "clicked") setFirst("openedAt");
    if (outcome === "answered" && extra.answer !== undefined && d.answer === null) {
      ctx.db.update(deliveries).set({ answer: extra.answer.slice(0, 500), updatedAt: at }).where(eq(deliveries.id, d.id)).run();
      any = true;
    }
    if (extra.conversationId !== undefined && d.conversationId === null) {
      ctx.db.update(deliveries).set({ conversationId: extra.conversationId, updatedAt: at }).where(eq(deliveries.id, d.id)).run();
      any = true;
    }
    return any ? d : undefined;
  });
  if (!changed) return false;
  ctx.bus.publish("delivery.updated", { workspaceId: changed.workspaceId, contactId: changed.contactId, messageId: changed.messageId, deliveryId, outcome });
  return true;
}
