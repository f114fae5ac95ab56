import { withTx, type Ctx } from "../context.js";
import { seriesEnrollments } from "../db/schema/index.js";
import { findContact } from "../contacts/index.js";
import { newId } from "../lib/ids.js";
import { advanceEnrollment } from "./engine.js";
import { currentVersion, findEnrollment, getSeries, listContactEnrollments, type Enrollment } from "./queries.js";

export type EnrollSource = "segment" | "event" | "date" | "api" | "admin" | "dry_run";
export type EnrollResult = { enrollment: Enrollment } | { skipped: "not_live" | "no_contact" | "archived_contact" | "already_enrolled" | "already_done" };

/**
 * Enrolls a contact in a series' current version, following its re-entry policy (never / after_exit / every_time),
 * then runs the first steps right away and returns the enrollment as they left it. Not live → skipped.
 */
export function enrollContact(ctx: Ctx, workspaceId: string, seriesId: string, contactId: string, source: EnrollSource): EnrollResult {
  const res = withTx(ctx, () => insertEnrollment(ctx, workspaceId, seriesId, contactId, source));
  if (!("enrollment" in res)) return res;
  advanceEnrollment(ctx, res.enrollment.id);
  return { enrollment: findEnrollment(ctx, res.enrollment.id) ?? res.enrollment };
}

/** The enrollment row alone, inside the caller's transaction (`dry_run` ignores status and policy). */
export function insertEnrollment(ctx: Ctx, workspaceId: string, seriesId: string, contactId: string, source: EnrollSource): EnrollResult {
  const s = getSeries(ctx, workspaceId, seriesId);
  const force = source === "dry_run";
  if (s.status !== "live" && !force) return { skipped: "not_live" };
  const contact = findContact(ctx, workspaceId, contactId);
  if (!contact) return { skipped: "no_contact" };
  if (contact.archived && !force) return { skipped: "archived_contact" };
  const v = currentVersion(ctx, s);
  const prior = listContactEnrollments(ctx, s.id, contact.id);
  if (!force && prior.length > 0) {
    if (v.definition.reentry === "never") return { skipped: "already_done" };
    if (v.definition.reentry === "after_exit" && prior.some((p) => p.status === "active")) return { skipped: "already_enrolled" };
  }
  const now = ctx.clock.now();
  const row = {
    id: newId("en", now), workspaceId, seriesId: s.id, versionId: v.id, contactId: contact.id,
    occurrence: (prior[0]?.occurrence ?? 0) + 1, status: "active" as const,
    stepId: v.definition.steps[0]?.id ?? null, stepAt: now, wakeAt: now, source,
    enteredAt: now, createdAt: now, updatedAt: now,
  };
  return { enrollment: ctx.db.insert(seriesEnrollments).values(row).returning().get() };
}
