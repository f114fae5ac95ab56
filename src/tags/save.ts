import { type Ctx, withTx } from "../context.js";
import { findCompany, findCompanyByCompanyId } from "../companies/index.js";
import { findContactByRef } from "../contacts/index.js";
import { AppError, invalid } from "../lib/errors.js";
import { findOrCreateTag, renameTag } from "./manage.js";
import type { Tag } from "./queries.js";
import { tagCompany, tagContact, untagCompany, untagContact } from "./apply.js";

/** A contact named in a bulk tag request (Intercom `users[]`): our id, the product's user id, or an email. */
export interface UserTarget {
  id?: string | undefined;
  userId?: string | undefined;
  email?: string | undefined;
  untag?: boolean | undefined;
}

/** A company named in a bulk tag request: our id or the product's `company_id`. */
export interface CompanyTarget {
  id?: string | undefined;
  companyId?: string | undefined;
  untag?: boolean | undefined;
}

export interface SaveTagInput {
  name: string;
  /** When given, the tag with this id is renamed to `name`. */
  id?: string | undefined;
  users?: UserTarget[] | undefined;
  companies?: CompanyTarget[] | undefined;
}

/**
 * Intercom `POST /tags`: create-or-update by name (or rename by id), then tag/untag the listed
 * contacts and companies — all in one transaction, so an unknown target leaves nothing half-applied.
 */
export function saveTag(ctx: Ctx, workspaceId: string, input: SaveTagInput, operatorId?: number | null): Tag {
  return withTx(ctx, () => {
    const tag = input.id ? renameTag(ctx, workspaceId, input.id, input.name) : findOrCreateTag(ctx, workspaceId, input.name);
    (input.users ?? []).forEach((u, i) => {
      const contactId = resolveUser(ctx, workspaceId, u, `users.${i}`);
      if (u.untag) untagContact(ctx, workspaceId, contactId, tag.id);
      else tagContact(ctx, workspaceId, contactId, tag.id, operatorId);
    });
    (input.companies ?? []).forEach((co, i) => {
      const companyPk = resolveCompany(ctx, workspaceId, co, `companies.${i}`);
      if (co.untag) untagCompany(ctx, workspaceId, companyPk, tag.id);
      else tagCompany(ctx, workspaceId, companyPk, tag.id);
    });
    return tag;
  });
}

function resolveUser(ctx: Ctx, workspaceId: string, u: UserTarget, field: string): string {
  if (!u.id && !u.userId && !u.email) throw invalid(field, `${field} needs one of id, user_id or email`);
  const contact = findContactByRef(ctx, workspaceId, { id: u.id, externalId: u.userId, email: u.email });
  if (!contact) throw new AppError("NOT_FOUND", `User Not Found (${field})`, { field });
  return contact.id;
}

function resolveCompany(ctx: Ctx, workspaceId: string, co: CompanyTarget, field: string): string {
  if (!co.id && !co.companyId) throw invalid(field, `${field} needs one of id or company_id`);
  const company = co.id ? findCompany(ctx, workspaceId, co.id) : findCompanyByCompanyId(ctx, workspaceId, co.companyId ?? "");
  if (!company) throw new AppError("NOT_FOUND", `Company Not Found (${field})`, { field, publicCode: "company_not_found" });
  return company.id;
}
