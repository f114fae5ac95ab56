import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { withTx, type Ctx } from "../context.js";
import { contacts, deliveries, series, seriesEnrollments, seriesStepRuns, type EnrollmentStatus } from "../db/schema/index.js";
import { enqueueDelivery, recordDeliveryOutcome } from "../outbound/index.js";
import { contactMatches, firstEventBetween, ruleHolds } from "./conditions.js";
import { applyAction } from "./act.js";
import { durationMs, type Step } from "./inputs.js";
import { ensureVersionMessages } from "./messages.js";
import { findEnrollment, getVersion, type Enrollment, type SeriesVersion } from "./queries.js";
import { nextTimeOfDay } from "./time.js";
import { findStep, nextAfter, pathTarget } from "./tree.js";

/** Test seam: called inside a step's transaction after its effects, before commit (crash simulations). */
export const engineHooks: { afterEffects?: ((enrollmentId: string, stepId: string) => void) | undefined } = {};

/** What one step decided: wait until `wakeAt`, or run now taking `outcome`, moving on to `next` at time `at`. */
type Decision = { wakeAt: number } | { outcome: string; next: string | null; at: number };

interface Stepped {
  again: boolean;
  contactChanged: boolean;
  /** Deliveries of this trip to mark as having led to the goal (after commit). */
  goalDeliveries?: string[];
}

/**
 * Moves an enrollment forward as far as it can go now: each step in its own transaction that claims the step-run row
 * (unique per enrollment + step), applies its effects and moves the pointer — all or nothing, so a step runs exactly
 * once across crashes. Stops at a wait that is not over, at the end, or when the series is not live.
 */
export function advanceEnrollment(ctx: Ctx, enrollmentId: string): void {
  for (let i = 0; i < 500; i++) {
    const r = withTx(ctx, () => stepOnce(ctx, enrollmentId));
    if (r.contactChanged) {
      const e = findEnrollment(ctx, enrollmentId);
      if (e) ctx.bus.publish("contact.updated", { workspaceId: e.workspaceId, contactId: e.contactId });
    }
    for (const id of r.goalDeliveries ?? []) recordDeliveryOutcome(ctx, id, "goal", ctx.clock.now());
    if (!r.again) return;
  }
}

function stepOnce(ctx: Ctx, enrollmentId: string): Stepped {
  const idle = { again: false, contactChanged: false };
  const e = findEnrollment(ctx, enrollmentId);
  if (!e || e.status !== "active") return idle;
  const s = ctx.db.select().from(series).where(eq(series.id, e.seriesId)).get();
  if (!s || s.status !== "live") return idle;
  const v = getVersion(ctx, e.versionId);
  const def = v.definition;
  if (def.goal && ruleHolds(ctx, e.workspaceId, def.goal, e.contactId, e.enteredAt)) return end(ctx, e, "goal");
  if (def.exits.some((r) => ruleHolds(ctx, e.workspaceId, r, e.contactId, e.enteredAt))) return end(ctx, e, "exited");
  const step = e.stepId ? findStep(def.steps, e.stepId) : undefined;
  if (!step) return end(ctx, e, "completed");
  const d = decide(ctx, e, def.steps, step);
  if ("wakeAt" in d) {
    if (e.wakeAt !== d.wakeAt) ctx.db.update(seriesEnrollments).set({ wakeAt: d.wakeAt, updatedAt: ctx.clock.now() }).where(eq(seriesEnrollments.id, e.id)).run();
    return idle;
  }
  const now = ctx.clock.now();
  const claimed = ctx.db.insert(seriesStepRuns)
    .values({ enrollmentId: e.id, stepId: step.id, seriesId: e.seriesId, outcome: d.outcome, ranAt: now })
    .onConflictDoNothing().returning().get();
  let contactChanged = false;
  if (claimed) {
    const deliveryId = runEffects(ctx, e, v, step);
    if (deliveryId) ctx.db.update(seriesStepRuns).set({ deliveryId }).where(and(eq(seriesStepRuns.enrollmentId, e.id), eq(seriesStepRuns.stepId, step.id))).run();
    contactChanged = step.type === "act";
    engineHooks.afterEffects?.(e.id, step.id);
  }
  ctx.db.update(seriesEnrollments).set({
    stepId: d.next, stepAt: d.at, wakeAt: d.next ? d.at : null, updatedAt: now,
    ...(d.next ? {} : { status: "completed" as const, endedAt: now }),
  }).where(eq(seriesEnrollments.id, e.id)).run();
  return { again: d.next !== null, contactChanged };
}

/** The path a step takes for this contact now (pure reads). */
function decide(ctx: Ctx, e: Enrollment, root: Step[], step: Step): Decision {
  const now = ctx.clock.now();
  const next = nextAfter(root, step.id);
  if (step.type === "wait") {
    if (step.mode === "event") {
      const hit = firstEventBetween(ctx, e.contactId, step.event, step.where, e.stepAt, now);
      if (hit) return { outcome: "yes", next: pathTarget(root, step, "yes"), at: Math.min(now, Math.max(hit.createdAt, e.stepAt)) };
      const due = e.stepAt + durationMs(step.timeout);
      return due <= now ? { outcome: "no", next: pathTarget(root, step, "no"), at: due } : { wakeAt: due };
    }
    const due = step.mode === "duration" ? e.stepAt + durationMs(step.duration) : nextTimeOfDay(e.stepAt, step.hour, step.minute, timezoneOf(ctx, e.contactId));
    return due <= now ? { outcome: "done", next, at: due } : { wakeAt: due };
  }
  if (step.type === "split" && step.mode === "condition") {
    const i = step.branches.findIndex((b) => contactMatches(ctx, e.workspaceId, b.condition, e.contactId));
    const key = i >= 0 ? `b${i}` : "otherwise";
    return { outcome: key, next: pathTarget(root, step, key), at: e.stepAt };
  }
  if (step.type === "split") {
    let at = randomBucket(e.seriesId, step.id, e.contactId) * 100;
    const i = step.branches.findIndex((b) => (at -= b.percent) < 0);
    const key = `b${i >= 0 ? i : step.branches.length - 1}`;
    return { outcome: key, next: pathTarget(root, step, key), at: e.stepAt };
  }
  return { outcome: "done", next, at: e.stepAt };
}

/** Side effects of a step (inside the step's transaction); returns the delivery id of a send. */
function runEffects(ctx: Ctx, e: Enrollment, v: SeriesVersion, step: Step): string | undefined {
  if (step.type === "act") applyAction(ctx, e.workspaceId, e.contactId, step);
  if (step.type !== "send") return undefined;
  let messageId = v.messageIds[step.id];
  if (!messageId) {
    const s = ctx.db.select().from(series).where(eq(series.id, e.seriesId)).get()!;
    messageId = ensureVersionMessages(ctx, s, v)[step.id]!;
  }
  const d = enqueueDelivery(ctx, { workspaceId: e.workspaceId, messageId, contactId: e.contactId, occurrence: e.occurrence, enrollmentId: e.id, notBefore: ctx.clock.now() });
  return d?.id;
}

/**
 * Ends a trip. On a goal or an exit, messages of this trip still waiting in the queue (deferred by the frequency cap
 * or quiet hours) are cancelled: the sender claims only queued rows, so none of them goes out afterwards.
 */
function end(ctx: Ctx, e: Enrollment, status: EnrollmentStatus): Stepped {
  const now = ctx.clock.now();
  ctx.db.update(seriesEnrollments).set({ status, endedAt: now, endedStepId: e.stepId, stepId: null, wakeAt: null, updatedAt: now })
    .where(eq(seriesEnrollments.id, e.id)).run();
  if (status === "completed") return { again: false, contactChanged: false };
  ctx.db.update(deliveries).set({ status: "cancelled", error: status === "goal" ? "series goal reached" : "series exit rule", updatedAt: now })
    .where(and(eq(deliveries.enrollmentId, e.id), eq(deliveries.status, "queued"))).run();
  const sent = status === "goal"
    ? ctx.db.select({ id: deliveries.id }).from(deliveries).where(and(eq(deliveries.enrollmentId, e.id), eq(deliveries.status, "sent"))).all().map((d) => d.id)
    : [];
  return { again: false, contactChanged: false, goalDeliveries: sent };
}

function timezoneOf(ctx: Ctx, contactId: string): string | null {
  return ctx.db.select({ tz: contacts.timezone }).from(contacts).where(eq(contacts.id, contactId)).get()?.tz ?? null;
}

/** A stable number in [0, 1) per (series, step, contact): a contact always takes the same random path. */
export function randomBucket(seriesId: string, stepId: string, contactId: string): number {
  return createHash("sha256").update(`${seriesId}\0${stepId}\0${contactId}`).digest().readUInt32BE(0) / 0x1_0000_0000;
}
