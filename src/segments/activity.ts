import { type Ctx, withTx } from "../context.js";
import type { WatchedSegment } from "./catalog.js";
import { evaluateContacts } from "./evaluate.js";
import { publishChanges, writeChanges, type Change } from "./memberships.js";
import { prepare } from "./sql.js";

/**
 * Re-evaluates contacts against some segments of their workspace (those the activity can move) and stores and
 * publishes what changed; memberships in the other segments are left as they are.
 */
export function reevaluateSome(ctx: Ctx, workspaceId: string, list: WatchedSegment[], contactIds: string[]): Change[] {
  if (contactIds.length === 0 || list.length === 0) return [];
  const now = ctx.clock.now();
  const flags = evaluateContacts(ctx.db.$client, workspaceId, list.map((s) => s.compiled), contactIds, now);
  const stmt = prepare(ctx.db.$client, "SELECT segment_id FROM segment_memberships WHERE contact_id = ? AND exited_at IS NULL");
  const open = (contactId: string) => new Set(stmt.pluck(true).all(contactId) as string[]);
  const changes: Change[] = [];
  for (const contactId of contactIds) {
    const member = flags.get(contactId);
    const current = open(contactId);
    list.forEach(({ segment }, i) => {
      const is = member?.[i] ?? false;
      const was = current?.has(segment.id) ?? false;
      if (is !== was) changes.push({ segmentId: segment.id, contactId, entered: is });
    });
  }
  // Reading and diffing need no transaction; most events change nothing, and a commit per event is what group
  // commit exists to avoid.
  if (changes.length === 0) return changes;
  withTx(ctx, () => writeChanges(ctx, changes, now));
  publishChanges(ctx, workspaceId, changes, now, "activity");
  return changes;
}
