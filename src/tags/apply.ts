import { and, eq } from "drizzle-orm";
import { type Ctx, withTx } from "../context.js";
import { companyTags, contactTags } from "../db/schema/index.js";
import { getCompany } from "../companies/index.js";
import { getContact } from "../contacts/index.js";
import { getTag, type AppliedTag, type Tag } from "./queries.js";

/**
 * Applies a tag to a contact. Idempotent: re-tagging keeps the first `appliedAt`/`appliedBy`.
 * The contact id may be a merged-away alias; the surviving contact is tagged.
 */
export function tagContact(ctx: Ctx, workspaceId: string, contactId: string, tagId: string, operatorId?: number | null): AppliedTag {
  return withTx(ctx, () => {
    const contact = getContact(ctx, workspaceId, contactId);
    const tag = getTag(ctx, workspaceId, tagId);
    ctx.db
      .insert(contactTags)
      .values({ contactId: contact.id, tagId: tag.id, appliedAt: ctx.clock.now(), appliedBy: operatorId ?? null })
      .onConflictDoNothing()
      .run();
    const row = ctx.db
      .select({ appliedAt: contactTags.appliedAt, appliedBy: contactTags.appliedBy })
      .from(contactTags)
      .where(and(eq(contactTags.contactId, contact.id), eq(contactTags.tagId, tag.id)))
      .get();
    return { ...tag, appliedAt: row?.appliedAt ?? ctx.clock.now(), appliedBy: row?.appliedBy ?? null };
  });
}

/** Removes a tag from a contact; removing an absent tag is not an error. */
export function untagContact(ctx: Ctx, workspaceId: string, contactId: string, tagId: string): Tag {
  return withTx(ctx, () => {
    const contact = getContact(ctx, workspaceId, contactId);
    const tag = getTag(ctx, workspaceId, tagId);
    ctx.db.delete(contactTags).where(and(eq(contactTags.contactId, contact.id), eq(contactTags.tagId, tag.id))).run();
    return tag;
  });
}

/** Applies a tag to a company (by our id). Idempotent. */
export function tagCompany(ctx: Ctx, workspaceId: string, companyPk: string, tagId: string): Tag {
  return withTx(ctx, () => {
    const company = getCompany(ctx, workspaceId, companyPk);
    const tag = getTag(ctx, workspaceId, tagId);
    ctx.db.insert(companyTags).values({ companyId: company.id, tagId: tag.id, appliedAt: ctx.clock.now() }).onConflictDoNothing().run();
    return tag;
  });
}

/** Removes a tag from a company; removing an absent tag is not an error. */
export function untagCompany(ctx: Ctx, workspaceId: string, companyPk: string, tagId: string): Tag {
  return withTx(ctx, () => {
    const company = getCompany(ctx, workspaceId, companyPk);
    const tag = getTag(ctx, workspaceId, tagId);
    ctx.db.delete(companyTags).where(and(eq(companyTags.companyId, company.id), eq(companyTags.tagId, tag.id))).run();
    return tag;
  });
}
