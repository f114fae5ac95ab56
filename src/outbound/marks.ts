import type { Ctx } from "../context.js";

/*
 * The per-email writes of the sender, each one prepared single-row statement committed on its own (no transaction,
 * no query building: tens of microseconds). They are the crash contract: `sending_at` is durable before the message
 * goes to the transport, `sent` right after the server's 250 (before any other await), so after a crash the only
 * ambiguous rows are `claimed` ones with `sending_at` set.
 */

const SENDING = "UPDATE deliveries SET sending_at = ?, updated_at = ? WHERE id = ? AND status = 'claimed'";
const SENT = "UPDATE deliveries SET status = 'sent', sent_at = ?, smtp_message_id = ?, error = NULL, updated_at = ? WHERE id = ? AND status = 'claimed'";
const REQUEUE = "UPDATE deliveries SET status = 'queued', not_before = ?, sending_at = NULL, error = ?, updated_at = ? WHERE id = ? AND status = 'claimed'";
const CLOSE = "UPDATE deliveries SET status = ?, error = ?, updated_at = ? WHERE id = ? AND status = 'claimed'";

/** Marks a claimed email as handed to the transport; false when the row is no longer this sender's claim. */
export function markSending(ctx: Ctx, id: string, at: number): boolean {
  return ctx.db.$client.prepare(SENDING).run(at, at, id).changes > 0;
}

/** Records the server's acceptance; false when the row was no longer claimed (then nothing is published). */
export function markSent(ctx: Ctx, id: string, at: number, smtpMessageId: string): boolean {
  return ctx.db.$client.prepare(SENT).run(at, smtpMessageId, at, id).changes > 0;
}

/** Back to the queue after a transient failure, to be retried at `notBefore`. */
export function markRetry(ctx: Ctx, id: string, at: number, notBefore: number, error: string): void {
  ctx.db.$client.prepare(REQUEUE).run(notBefore, error.slice(0, 500), at, id);
}

/** Ends a claim without sending: failed (permanent) or skipped (suppressed…). */
export function markClosed(ctx: Ctx, id: string, at: number, status: "failed" | "skipped", error: string): void {
  ctx.db.$client.prepare(CLOSE).run(status, error.slice(0, 500), at, id);
}
