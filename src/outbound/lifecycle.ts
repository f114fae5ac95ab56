import { and, eq, inArray, isNull, lte } from "drizzle-orm";
import { withTx, type Ctx } from "../context.js";
import { deliveries, messages } from "../db/schema/index.js";
import { enqueueAudience } from "./audience.js";
import { fail } from "./inputs.js";
import { getMessageForSend } from "./loaded.js";
import { publishMessage, transition } from "./manage.js";
import { getMessage, type MessageWithVariants } from "./queries.js";
import { snapshotTriggerState } from "./trigger-state.js";

/**
 * Launches a draft: a one-off is scheduled (future `scheduledAt`) or starts sending now (its audience is
 * enqueued in batches before this resolves); an ongoing or series message goes live.
 */
export async function launchMessage(ctx: Ctx, workspaceId: string, id: string): Promise<MessageWithVariants> {
  const cur = getMessage(ctx, workspaceId, id);
  const now = ctx.clock.now();
  if (cur.kind === "ongoing" && !cur.trigger) throw fail("trigger", "an ongoing message needs a trigger");
  if (cur.variants.length === 0) throw fail("variants", "a message needs at least one variant");
  if (cur.channel === "email" && cur.variants.some((v) => !v.subject?.trim())) throw fail("variants[0].subject", "an email needs a subject");
  if (cur.kind !== "one_off") {
    const m = withTx(ctx, () => {
      const live = transition(ctx, workspaceId, id, ["draft"], "live", { startedAt: now });
      snapshotTriggerState(ctx, live);
      return live;
    });
    publishMessage(ctx, m);
    return m;
  }
  if (cur.scheduledAt !== null && cur.scheduledAt > now) {
    const m = transition(ctx, workspaceId, id, ["draft"], "scheduled");
    publishMessage(ctx, m);
    return m;
  }
  return startSending(ctx, workspaceId, id, ["draft"]);
}

async function startSending(ctx: Ctx, workspaceId: string, id: string, from: ("draft" | "scheduled")[]): Promise<MessageWithVariants> {
  const m = transition(ctx, workspaceId, id, from, "sending", { startedAt: ctx.clock.now() });
  publishMessage(ctx, m);
  await enqueueAudience(ctx, m);
  return getMessage(ctx, workspaceId, id);
}

/** Starts scheduled one-offs that are due and finishes enqueueing any a restart interrupted (the send job calls it). */
export async function startDueMessages(ctx: Ctx): Promise<void> {
  const now = ctx.clock.now();
  const due = ctx.db.select({ id: messages.id, workspaceId: messages.workspaceId }).from(messages)
    .where(and(eq(messages.status, "scheduled"), lte(messages.scheduledAt, now))).all();
  for (const m of due) await startSending(ctx, m.workspaceId, m.id, ["scheduled"]);
  const unfinished = ctx.db.select({ id: messages.id }).from(messages)
    .where(and(inArray(messages.status, ["sending", "paused"]), eq(messages.kind, "one_off"), isNull(messages.audienceEnqueuedAt))).all();
  for (const { id } of unfinished) {
    const m = getMessageForSend(ctx, id);
    if (m) await enqueueAudience(ctx, m);
  }
}

/** Stops sending (one-off) or triggering (ongoing) until resumed; queued deliveries wait. */
export function pauseMessage(ctx: Ctx, workspaceId: string, id: string): MessageWithVariants {
  const m = transition(ctx, workspaceId, id, ["sending", "live", "scheduled"], "paused");
  publishMessage(ctx, m);
  return m;
}

/** Picks up where a pause left off. */
export function resumeMessage(ctx: Ctx, workspaceId: string, id: string): MessageWithVariants {
  const cur = getMessage(ctx, workspaceId, id);
  const to = cur.kind !== "one_off" ? "live" : cur.startedAt === null ? "scheduled" : "sending";
  const m = transition(ctx, workspaceId, id, ["paused"], to);
  publishMessage(ctx, m);
  return m;
}

/** Stops the message for good: queued deliveries are cancelled (one being sent right now still completes). */
export function cancelMessage(ctx: Ctx, workspaceId: string, id: string): MessageWithVariants {
  return stop(ctx, workspaceId, id, ["draft", "scheduled", "sending", "live", "paused"], "cancelled");
}

/** Hides the message from lists; like cancel, nothing more is sent. */
export function archiveMessage(ctx: Ctx, workspaceId: string, id: string): MessageWithVariants {
  return stop(ctx, workspaceId, id, ["draft", "scheduled", "sending", "sent", "live", "paused", "cancelled"], "archived");
}

function stop(ctx: Ctx, workspaceId: string, id: string, from: MessageWithVariants["status"][], to: "cancelled" | "archived"): MessageWithVariants {
  const m = withTx(ctx, () => {
    const now = ctx.clock.now();
    const cur = getMessage(ctx, workspaceId, id);
    const done = transition(ctx, workspaceId, id, from, to, { finishedAt: cur.finishedAt ?? now });
    ctx.db.update(deliveries).set({ status: "cancelled", updatedAt: now })
      .where(and(eq(deliveries.messageId, id), eq(deliveries.status, "queued"))).run();
    return done;
  });
  publishMessage(ctx, m);
  return m;
}
