import type { Ctx } from "../context.js";
import { bulkTag } from "../contacts/bulk-tags.js";
import { createSegmentOffThread, type Segment } from "../segments/index.js";
import { invalid } from "../lib/errors.js";
import type { FunnelDefinition, Range } from "./funnel-inputs.js";
import { withReach } from "./funnel-evaluate.js";

/** Who to list: those who reached a step, or those of the previous step who did not (its drop-off). */
export interface StepPick {
  step: number;
  which: "reached" | "dropped";
}

export interface FunnelContact {
  id: string;
  name: string | null;
  email: string | null;
  externalId: string | null;
  /** When the contact reached the step (reached) or the previous step (dropped). */
  at: number;
}

function checkPick(def: FunnelDefinition, pick: StepPick): void {
  if (!Number.isInteger(pick.step) || pick.step < 1 || pick.step > def.steps.length) throw invalid("step", "No such step in this funnel.");
  if (pick.which === "dropped" && pick.step === 1) throw invalid("step", "The first step has no drop-off.");
}

/** The query over temp.funnel_reach that selects the picked contacts with their time, in time order. */
function pickSql(pick: StepPick): { text: string; params: unknown[] } {
  if (pick.which === "reached") return { text: "SELECT contact_id, t FROM funnel_reach WHERE step = ?", params: [pick.step] };
  return {
    text: "SELECT r.contact_id, r.t FROM funnel_reach r WHERE r.step = ? AND NOT EXISTS (SELECT 1 FROM funnel_reach x WHERE x.step = ? AND x.contact_id = r.contact_id)",
    params: [pick.step - 1, pick.step],
  };
}

/** Ids of the picked contacts (all of them), oldest first. */
export function funnelContactIds(ctx: Ctx, ws: string, def: FunnelDefinition, range: Range, pick: StepPick): string[] {
  checkPick(def, pick);
  const db = ctx.db.$client;
  return withReach(db, ws, def, range, ctx.clock.now(), () => {
    const p = pickSql(pick);
    return (db.prepare(`SELECT contact_id FROM (${p.text}) ORDER BY t, contact_id`).all(...p.params) as { contact_id: string }[]).map((r) => r.contact_id);
  });
}

/** The first `limit` picked contacts with their names, and how many there are in all. */
export function listFunnelContacts(ctx: Ctx, ws: string, def: FunnelDefinition, range: Range, pick: StepPick, limit = 100): { total: number; contacts: FunnelContact[] } {
  checkPick(def, pick);
  const db = ctx.db.$client;
  return withReach(db, ws, def, range, ctx.clock.now(), () => {
    const p = pickSql(pick);
    const total = (db.prepare(`SELECT count(*) AS n FROM (${p.text})`).get(...p.params) as { n: number }).n;
    const contacts = db
      .prepare(
        `SELECT c.id, c.name, c.email, c.external_id AS externalId, p.t AS at FROM (${p.text}) p JOIN contacts c ON c.id = p.contact_id ORDER BY p.t, c.id LIMIT ?`,
      )
      .all(...p.params, limit) as FunnelContact[];
    return { total, contacts };
  });
}

/**
 * Saves the picked contacts as a segment. Segment definitions are rules, not lists, so the contacts get a tag
 * made for this purpose (named after the segment and the time) and the segment is "has that tag": it keeps
 * exactly these contacts, and an operator can still add or remove members by tagging.
 */
export async function saveFunnelSegment(
  ctx: Ctx, ws: string, def: FunnelDefinition, range: Range, pick: StepPick, name: string, operatorId: number | null,
): Promise<Segment> {
  const clean = name.trim();
  if (!clean || clean.length > 150) throw invalid("name", "Give the segment a name of at most 150 characters.");
  const ids = funnelContactIds(ctx, ws, def, range, pick);
  const tag = `${clean} · ${new Date(ctx.clock.now()).toISOString().slice(0, 19).replace("T", " ")}`;
  // Tagging nobody still creates the tag, so the segment compiles (strictly) and stays empty.
  const { tag: made } = bulkTag(ctx, ws, { ids }, tag, "tag", operatorId);
  // By id, so renaming the tag keeps the segment.
  return createSegmentOffThread(ctx, ws, { name: clean, match: "all", conditions: [{ tag: made.id, op: "has" }] });
}
