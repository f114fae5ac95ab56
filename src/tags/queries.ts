import { and, asc, eq } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { companyTags, contactTags, tags } from "../db/schema/index.js";
import { notFound } from "../lib/errors.js";

export type Tag = typeof tags.$inferSelect;

/** A tag as applied to one contact or company. */
export interface AppliedTag extends Tag {
  appliedAt: number;
  /** Operator who applied it; null when applied by the system or an unattributed token. */
  appliedBy: number | null;
}

/** Tag by id within a workspace, or undefined. */
export function findTag(ctx: Ctx, workspaceId: string, id: string): Tag | undefined {
  return ctx.db.select().from(tags).where(and(eq(tags.workspaceId, workspaceId), eq(tags.id, id))).get();
}

/** Tag by id; throws NOT_FOUND. */
export function getTag(ctx: Ctx, workspaceId: string, id: string): Tag {
  const row = findTag(ctx, workspaceId, id);
  if (!row) throw notFound("Tag Not Found");
  return row;
}

/** Tag by exact name, or undefined. */
export function findTagByName(ctx: Ctx, workspaceId: string, name: string): Tag | undefined {
  return ctx.db.select().from(tags).where(and(eq(tags.workspaceId, workspaceId), eq(tags.name, name))).get();
}

/** All tags of a workspace, oldest first. */
export function listTags(ctx: Ctx, workspaceId: string): Tag[] {
  return ctx.db.select().from(tags).where(eq(tags.workspaceId, workspaceId)).orderBy(asc(tags.createdAt), asc(tags.id)).all();
}

/** Tags on a contact, in the order they were applied. */
export function listContactTags(ctx: Ctx, contactId: string): AppliedTag[] {
  return ctx.db
    .select({ tag: tags, appliedAt: contactTags.appliedAt, appliedBy: contactTags.appliedBy })
    .from(contactTags)
    .innerJoin(tags, eq(tags.id, contactTags.tagId))
    .where(eq(contactTags.contactId, contactId))
    .orderBy(asc(contactTags.appliedAt), asc(tags.id))
    .all()
    .map((r) => ({ ...r.tag, appliedAt: r.appliedAt, appliedBy: r.appliedBy }));
}

/** Tags on a company, in the order they were applied. */
export function listCompanyTags(ctx: Ctx, companyPk: string): AppliedTag[] {
  return ctx.db
    .select({ tag: tags, appliedAt: companyTags.appliedAt })
    .from(companyTags)
    .innerJoin(tags, eq(tags.id, companyTags.tagId))
    .where(eq(companyTags.companyId, companyPk))
    .orderBy(asc(companyTags.appliedAt), asc(tags.id))
    .all()
    .map((r) => ({ ...r.tag, appliedAt: r.appliedAt, appliedBy: null }));
}
