import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { contacts, deliveries, messageVariants, series, seriesStepRuns } from "../db/schema/index.js";
import { DEFAULT_APPLY, getContact, insertContact } from "../contacts/index.js";
import { recordEvent } from "../events/index.js";
import { Bus } from "../lib/bus.js";
import { DAY, FakeClock, HOUR } from "../lib/clock.js";
import { invalid } from "../lib/errors.js";
import { advanceEnrollment } from "./engine.js";
import { insertEnrollment } from "./enroll.js";
import { ensureVersionMessages } from "./messages.js";
import { currentVersion, findEnrollment, getSeries } from "./queries.js";
import { findStep, pathsOf } from "./tree.js";

type Scalar = string | number | boolean | null;

export interface DryRunInput {
  /** An existing contact, as they are now… */
  contactId?: string | undefined;
  /** …or a described one. */
  contact?: { name?: string | undefined; attributes?: Record<string, Scalar> | undefined; timezone?: string | undefined } | undefined;
  /** What the contact will do, in hours after entering. */
  events?: { afterHours: number; name: string; metadata?: Record<string, Scalar> | undefined }[] | undefined;
  /** How far to look ahead (default 30 days). */
  horizonDays?: number | undefined;
}

export interface DryRunStep {
  at: number;
  stepId: string;
  type: string;
  label: string;
  outcome: string;
  message?: { channel: string; variant: string | null; subject: string | null; body: string } | undefined;
}

export interface DryRunResult {
  start: number;
  version: number;
  steps: DryRunStep[];
  /** How the trip ended within the horizon, or null if still on its way. */
  end: { status: string; at: number } | null;
  /** Where it stands at the horizon (a wait), if still active. */
  waitingAt: { stepId: string; until: number | null } | null;
}

const ROLLBACK = Symbol("dry-run rollback");

/**
 * Runs the real engine for one contact on a simulated clock inside a transaction that is always rolled back:
 * the prediction is what the engine does, and nothing is written, sent or published.
 */
export function dryRun(ctx: Ctx, workspaceId: string, seriesId: string, input: DryRunInput): DryRunResult {
  const client = ctx.db.$client;
  if (client.inTransaction) throw new Error("dryRun cannot run inside another transaction");
  const horizon = Math.min(Math.max(input.horizonDays ?? 30, 1), 365) * DAY;
  const script = [...(input.events ?? [])].sort((a, b) => a.afterHours - b.afterHours);
  script.forEach((e, i) => {
    if (!e.name?.trim()) throw invalid(`events[${i}].name`, `events[${i}].name: is required`);
    if (!Number.isFinite(e.afterHours) || e.afterHours < 0) throw invalid(`events[${i}].afterHours`, `events[${i}].afterHours: must be 0 or more`);
  });
  const start = ctx.clock.now();
  const clock = new FakeClock(start);
  const sim: Ctx = { ...ctx, clock, bus: new Bus() };
  let result: DryRunResult | undefined;
  try {
    client.transaction(() => {
      result = simulate(sim, workspaceId, seriesId, input, script, start, start + horizon);
      throw ROLLBACK;
    })();
  } catch (err) {
    if (err !== ROLLBACK) throw err;
  }
  return result!;
}

function simulate(ctx: Ctx, workspaceId: string, seriesId: string, input: DryRunInput, script: NonNullable<DryRunInput["events"]>, start: number, until: number): DryRunResult {
  const clock = ctx.clock as FakeClock;
  const s = getSeries(ctx, workspaceId, seriesId);
  ctx.db.update(series).set({ status: "live" }).where(eq(series.id, s.id)).run();
  const v = currentVersion(ctx, s);
  ensureVersionMessages(ctx, { ...s, status: "live" }, v);
  const contactId = input.contactId
    ? getContact(ctx, workspaceId, input.contactId).id
    : insertContact(ctx, workspaceId, { role: "user", name: input.contact?.name ?? "Dry-run contact", customAttributes: input.contact?.attributes ?? {} }, DEFAULT_APPLY).id;
  if (input.contact?.timezone) ctx.db.update(contacts).set({ timezone: input.contact.timezone }).where(eq(contacts.id, contactId)).run();
  const res = insertEnrollment(ctx, workspaceId, s.id, contactId, "dry_run");
  if (!("enrollment" in res)) throw invalid("contactId", `contactId: cannot enroll (${res.skipped})`);
  const id = res.enrollment.id;
  let next = 0;
  advanceEnrollment(ctx, id);
  for (let guard = 0; guard < 10_000; guard++) {
    const e = findEnrollment(ctx, id)!;
    if (e.status !== "active") break;
    const evAt = next < script.length ? start + script[next]!.afterHours * HOUR : Infinity;
    const t = Math.min(e.wakeAt ?? Infinity, evAt);
    if (t > until) break;
    clock.set(Math.max(t, clock.now()));
    while (next < script.length && start + script[next]!.afterHours * HOUR <= clock.now()) {
      const ev = script[next++]!;
      recordEvent(ctx, workspaceId, contactId, { name: ev.name, createdAt: start + ev.afterHours * HOUR, metadata: ev.metadata ?? {} });
    }
    advanceEnrollment(ctx, id);
  }
  const e = findEnrollment(ctx, id)!;
  return {
    start, version: v.number, steps: stepsOf(ctx, id, v.definition.steps),
    end: e.status === "active" ? null : { status: e.status, at: e.endedAt ?? clock.now() },
    waitingAt: e.status === "active" && e.stepId ? { stepId: e.stepId, until: e.wakeAt } : null,
  };
}

function stepsOf(ctx: Ctx, enrollmentId: string, root: Parameters<typeof findStep>[0]): DryRunStep[] {
  const runs = ctx.db.select().from(seriesStepRuns).where(eq(seriesStepRuns.enrollmentId, enrollmentId)).orderBy(asc(seriesStepRuns.ranAt), asc(sql`rowid`)).all();
  const ids = runs.map((r) => r.deliveryId).filter((x): x is string => !!x);
  const sent = ids.length === 0 ? [] : ctx.db.select({ id: deliveries.id, channel: deliveries.channel, label: messageVariants.label, subject: messageVariants.subject, body: messageVariants.body })
    .from(deliveries).leftJoin(messageVariants, eq(messageVariants.id, deliveries.variantId)).where(inArray(deliveries.id, ids)).all();
  return runs.map((r) => {
    const step = findStep(root, r.stepId);
    const d = sent.find((x) => x.id === r.deliveryId);
    return {
      at: r.ranAt, stepId: r.stepId, type: step?.type ?? "?", label: step ? labelOf(step) : r.stepId, outcome: outcomeLabel(step, r.outcome ?? ""),
      ...(d ? { message: { channel: d.channel, variant: d.label, subject: d.subject, body: d.body ?? "" } } : {}),
    };
  });
}

/** A one-line description of a step for people. */
export function labelOf(step: NonNullable<ReturnType<typeof findStep>>): string {
  switch (step.type) {
    case "send": return `Send ${step.channel}: ${step.name}`;
    case "wait": return step.mode === "duration" ? `Wait ${step.duration.amount} ${step.duration.unit}`
      : step.mode === "time_of_day" ? `Wait until ${String(step.hour).padStart(2, "0")}:${String(step.minute).padStart(2, "0")} (contact's time zone)`
      : `Wait up to ${step.timeout.amount} ${step.timeout.unit} for ${step.event}`;
    case "split": return step.mode === "condition" ? "Split by condition" : "Random split";
    case "act": return step.action === "set_attribute" ? `Set ${step.attribute} = ${String(step.value)}` : `${step.action === "tag_add" ? "Add" : "Remove"} tag ${step.tag}`;
  }
}

function outcomeLabel(step: ReturnType<typeof findStep>, outcome: string): string {
  if (!step) return outcome;
  const path = pathsOf(step).find((p) => p.ref === `${step.id}.${outcome}`);
  return path ? path.label : outcome;
}
