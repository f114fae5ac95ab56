import { and, eq, inArray } from "drizzle-orm";
import { type Ctx, withTx } from "../context.js";
import { contactTags, contacts } from "../db/schema/index.js";
import { invalid } from "../lib/errors.js";
import { recordAudit } from "../operators/audit.js";
import { findOrCreateTag, findTagByName, type Tag } from "../tags/index.js";
import { iterateAdminContacts, type AdminContactQuery } from "./admin-list.js";

/** Whom a bulk action applies to: picked contact ids, or every contact a list query matches. */
export type BulkTarget = { ids: string[] } | { query: AdminContactQuery };

export interface BulkTagResult {
  tag: Tag;
  /** Contacts that gained (or lost) the tag; already-tagged (or untagged) ones are not counted. */
  changed: number;
}

const CHUNK = 500;

/**
 * Tags or untags many contacts. Work goes in chunks of 500, one short transaction each, so tagging a large filter
 * never blocks ingestion for long; the list query pages by keyset, so contacts leaving the filter as they are
 * tagged do not make it skip others. Each changed contact is announced (`contact.updated`) for segments.
 */
export function bulkTag(ctx: Ctx, workspaceId: string, target: BulkTarget, tagName: string, action: "tag" | "untag", operatorId: number | null): BulkTagResult {
  const tag = action === "tag" ? findOrCreateTag(ctx, workspaceId, tagName) : findTagByName(ctx, workspaceId, tagName.trim());
  if (!tag) throw invalid("tag", `No tag is named '${tagName.trim().slice(0, 100)}'.`);
  const chunks = "ids" in target ? splitIds(target.ids) : mapChunks(iterateAdminContacts(ctx, workspaceId, target.query, CHUNK));
  let changed = 0;
  for (const ids of chunks) {
    const touched = withTx(ctx, () => applyChunk(ctx, workspaceId, tag, ids, action, operatorId));
    changed += touched.length;
    for (const contactId of touched) ctx.bus.publish("contact.updated", { workspaceId, contactId });
  }
  // One row for the whole action (it spans many short transactions by design).
  recordAudit(ctx, {
    operatorId, workspaceId, action: action === "tag" ? "contacts.bulk_tagged" : "contacts.bulk_untagged", target: tag.id,
    details: { tag: tag.name, changed, scope: "ids" in target ? "selected" : "filter" },
  });
  return { tag, changed };
}

function applyChunk(ctx: Ctx, workspaceId: string, tag: Tag, ids: string[], action: "tag" | "untag", operatorId: number | null): string[] {
  // Only ids of this workspace: the form's ids are user input.
  const own = ctx.db.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, ids))).all().map((r) => r.id);
  if (own.length === 0) return [];
  if (action === "untag") {
    return ctx.db.delete(contactTags).where(and(eq(contactTags.tagId, tag.id), inArray(contactTags.contactId, own))).returning({ id: contactTags.contactId }).all().map((r) => r.id);
  }
  const at = ctx.clock.now();
  return ctx.db
    .insert(contactTags)
    .values(own.map((contactId) => ({ contactId, tagId: tag.id, appliedAt: at, appliedBy: operatorId })))
    .onConflictDoNothing()
    .returning({ id: contactTags.contactId })
    .all()
    .map((r) => r.id);
}

function* splitIds(ids: string[]): Generator<string[]> {
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += CHUNK) yield unique.slice(i, i + CHUNK);
}

function* mapChunks(rows: Generator<{ id: string }[]>): Generator<string[]> {
  for (const chunk of rows) yield chunk.map((c) => c.id);
}
