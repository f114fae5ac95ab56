import { asc, eq, sql } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { companyTags, contactTags, tags } from "../db/schema/index.js";
import type { Tag } from "./queries.js";

export interface TagUsage extends Tag {
  contacts: number;
  companies: number;
}

/** A workspace's tags by name, each with how many contacts and companies carry it (counted on the tag_id indexes). */
export function listTagUsage(ctx: Ctx, workspaceId: string): TagUsage[] {
  return ctx.db
    .select({
      id: tags.id, workspaceId: tags.workspaceId, name: tags.name, createdAt: tags.createdAt,
      contacts: sql<number>`(SELECT count(*) FROM ${contactTags} WHERE ${contactTags.tagId} = ${tags.id})`,
      companies: sql<number>`(SELECT count(*) FROM ${companyTags} WHERE ${companyTags.tagId} = ${tags.id})`,
    })
    .from(tags)
    .where(eq(tags.workspaceId, workspaceId))
    .orderBy(asc(sql`lower(${tags.name})`), asc(tags.id))
    .all();
}

/** Ids of the contacts carrying a tag (before deleting it, to re-evaluate their segments afterwards). */
export function listTaggedContactIds(ctx: Ctx, tagId: string): string[] {
  return ctx.db.select({ id: contactTags.contactId }).from(contactTags).where(eq(contactTags.tagId, tagId)).all().map((r) => r.id);
}
