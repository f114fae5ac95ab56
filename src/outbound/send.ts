import { and, eq } from "drizzle-orm";
import type { Contact } from "../contacts/index.js";
import { withTx, type Ctx } from "../context.js";
import { deliveries } from "../db/schema/index.js";
import { MINUTE } from "../lib/clock.js";
import { claimDue, claimOne, finishSent, recoverClaims, sentSince } from "./claim.js";
import { startDueMessages } from "./lifecycle.js";
import { getMessageForSend, type LoadedMessage } from "./loaded.js";
import { publishMessage } from "./manage.js";
import { findDelivery, type Delivery } from "./queries.js";
import { judge, type Verdict } from "./rules.js";
import { sendChat } from "./send-chat.js";
import { EmailSender } from "./send-email.js";

/** Deliveries taken per round; a round's emails are handed to the SMTP pool together. */
export const ROUND = 500;
/** Emails being rendered or sent at once: twice the SMTP pool's connections keeps every connection busy. */
const IN_FLIGHT = 10;

export interface SendReport {
  sent: number;
  skipped: number;
  failed: number;
  deferred: number;
  retried: number;
}

/**
 * One run of the sender: starts due scheduled messages, recovers claims of a dead sender, then claims, judges and
 * sends rounds until nothing is due (or the process is shutting down), and marks finished one-offs `sent`.
 */
export async function runSender(ctx: Ctx, opts: { maxRounds?: number } = {}): Promise<SendReport> {
  const report: SendReport = { sent: 0, skipped: 0, failed: 0, deferred: 0, retried: 0 };
  await startDueMessages(ctx);
  recover(ctx);
  const email = new EmailSender(ctx);
  for (let round = 0; round < (opts.maxRounds ?? Infinity) && !ctx.shutdown.aborted; round++) {
    const cache = new Map<string, LoadedMessage | undefined>();
    const load = (id: string) => (cache.has(id) ? cache.get(id) : cache.set(id, getMessageForSend(ctx, id)).get(id));
    const claimed = withTx(ctx, () => claimDue(ctx, ROUND, (id) => budget(ctx, load(id))));
    if (claimed.length === 0) break;
    await sendRound(ctx, claimed, load, email, report);
  }
  for (const m of finishSent(ctx)) publishMessage(ctx, { ...m, status: "sent" });
  return report;
}

/**
 * Sends one queued, due email/chat delivery right now through the same steps as the job (claim by status
 * transition, rules, send, record): admin-initiated one-to-one messages. Returns the delivery afterwards, or
 * undefined when it was not due or another sender had it.
 */
export async function sendOne(ctx: Ctx, deliveryId: string): Promise<Delivery | undefined> {
  // Before this process claims anything (its first recovery takes every claim as a dead sender's).
  recover(ctx);
  const claimed = claimOne(ctx, deliveryId);
  if (!claimed) return undefined;
  await sendRound(ctx, [claimed], (id) => getMessageForSend(ctx, id), new EmailSender(ctx), { sent: 0, skipped: 0, failed: 0, deferred: 0, retried: 0 });
  for (const m of finishSent(ctx)) publishMessage(ctx, { ...m, status: "sent" });
  return findDelivery(ctx, deliveryId);
}

function recover(ctx: Ctx): void {
  const recovered = recoverClaims(ctx);
  if (recovered.requeued > 0) ctx.log.warn("outbound: claims of a stopped sender returned to the queue", { ...recovered });
}

/** How many more deliveries a message may take now: its per-minute send rate minus the last minute's sends. */
function budget(ctx: Ctx, m: LoadedMessage | undefined): number {
  if (!m) return 0;
  if (m.sendRate === null) return ROUND;
  return Math.max(0, m.sendRate - sentSince(ctx, m.id, ctx.clock.now() - MINUTE));
}

async function sendRound(ctx: Ctx, claimed: Delivery[], load: (id: string) => LoadedMessage | undefined, email: EmailSender, report: SendReport): Promise<void> {
  const byId = new Map<string, LoadedMessage>();
  for (const d of claimed) {
    const m = load(d.messageId);
    if (m) byId.set(d.messageId, m);
  }
  claimed = claimed.filter((d) => byId.has(d.messageId));
  const verdicts = judge(ctx, claimed, byId);
  withTx(ctx, () => {
    for (const d of claimed) applyRule(ctx, d, verdicts.get(d.id)!, report);
  });
  const emails: [LoadedMessage, Delivery, Contact][] = [];
  for (const d of claimed) {
    const v = verdicts.get(d.id)!;
    if (v.kind !== "send") continue;
    const m = byId.get(d.messageId)!;
    if (d.channel === "email") emails.push([m, d, v.contact]);
    else if (sendChat(ctx, m, d, v.contact)) report.sent++;
    else report.failed++;
  }
  email.prepareRound(emails.map(([, , c]) => c.id));
  // A few sends in flight at a time: rendering the next message overlaps the SMTP exchange of the previous ones.
  let next = 0;
  const worker = async () => {
    while (next < emails.length) {
      const [m, d, c] = emails[next++]!;
      report[await email.send(m, d, c)]++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, emails.length) }, worker));
}

/** Writes what the rules decided for a delivery that will not be sent now. */
function applyRule(ctx: Ctx, d: Delivery, v: Verdict, report: SendReport): void {
  if (v.kind === "send") return;
  const now = ctx.clock.now();
  const where = and(eq(deliveries.id, d.id), eq(deliveries.status, "claimed"));
  if (v.kind === "defer") {
    // Waiting for a window is not an attempt.
    ctx.db.update(deliveries).set({ status: "queued", notBefore: v.until, attempts: d.attempts - 1, error: v.reason, updatedAt: now }).where(where).run();
    report.deferred++;
  } else {
    ctx.db.update(deliveries).set({ status: v.kind === "skip" ? "skipped" : "failed", error: v.reason, updatedAt: now }).where(where).run();
    report[v.kind === "skip" ? "skipped" : "failed"]++;
  }
}
