import type { Ctx } from "../context.js";
import { prepare } from "./sql.js";

/** One contact entering or leaving one segment. */
export interface Change {
  segmentId: string;
  contactId: string;
  entered: boolean;
}

/** Why memberships changed: campaigns may treat a new segment's first members differently from live entries. */
export type ChangeReason = "definition" | "activity" | "time";

/** Changes that turn the current members `before` into `after` for one segment. */
export function diffMembers(segmentId: string, before: Set<string>, after: Set<string>): Change[] {
  const changes: Change[] = [];
  for (const id of after) if (!before.has(id)) changes.push({ segmentId, contactId: id, entered: true });
  for (const id of before) if (!after.has(id)) changes.push({ segmentId, contactId: id, entered: false });
  return changes;
}

const changed = new WeakMap<object, Set<string>>();

/** Segments whose members changed since the last call (size history counts only those); resets the set. */
export function takeChangedSegments(ctx: Ctx): Set<string> {
  const set = changed.get(ctx.db.$client) ?? new Set<string>();
  changed.set(ctx.db.$client, new Set());
  return set;
}

/** Writes entries (a new open stay) and exits (the open stay closes), inside the caller's transaction. */
export function writeChanges(ctx: Ctx, changes: Change[], at: number): void {
  const db = ctx.db.$client;
  let dirty = changed.get(db);
  if (!dirty) changed.set(db, (dirty = new Set()));
  const enter = prepare(db, "INSERT OR IGNORE INTO segment_memberships (segment_id, contact_id, entered_at) VALUES (?, ?, ?)");
  const exit = prepare(db, "UPDATE segment_memberships SET exited_at = ? WHERE segment_id = ? AND contact_id = ? AND exited_at IS NULL");
  for (const c of changes) {
    dirty.add(c.segmentId);
    if (c.entered) enter.run(c.segmentId, c.contactId, at);
    else exit.run(at, c.segmentId, c.contactId);
  }
}

/** Publishes `segment.entered` / `segment.exited`, one per change; call after the writing transaction commits. */
export function publishChanges(ctx: Ctx, workspaceId: string, changes: Change[], at: number, reason: ChangeReason): void {
  for (const c of changes) {
    ctx.bus.publish(c.entered ? "segment.entered" : "segment.exited", { workspaceId, contactId: c.contactId, segmentId: c.segmentId, at, reason });
  }
}
