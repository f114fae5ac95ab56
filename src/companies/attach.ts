import { and, eq, sql } from "drizzle-orm";
import { type Ctx, withTx } from "../context.js";
import { getContact } from "../contacts/index.js";
import { companies, contactCompanies } from "../db/schema/index.js";
import { notFound } from "../lib/errors.js";
import type { Company } from "./queries.js";

/**
 * Puts a contact in a company. Idempotent. The contact must be in the company's workspace
 * (a merged-away contact id resolves to the surviving contact).
 */
export function attachCompany(ctx: Ctx, contactId: string, companyPk: string): Company {
  return withTx(ctx, () => {
    const company = companyById(ctx, companyPk);
    const contact = getContact(ctx, company.workspaceId, contactId);
    const res = ctx.db
      .insert(contactCompanies)
      .values({ contactId: contact.id, companyId: company.id, createdAt: ctx.clock.now() })
      .onConflictDoNothing()
      .run();
    return res.changes > 0 ? recountCompanyUsers(ctx, company.id) : company;
  });
}

/** Takes a contact out of a company; detaching a contact that is not in it is not an error. */
export function detachCompany(ctx: Ctx, contactId: string, companyPk: string): Company {
  return withTx(ctx, () => {
    const company = companyById(ctx, companyPk);
    const contact = getContact(ctx, company.workspaceId, contactId);
    const res = ctx.db
      .delete(contactCompanies)
      .where(and(eq(contactCompanies.contactId, contact.id), eq(contactCompanies.companyId, company.id)))
      .run();
    return res.changes > 0 ? recountCompanyUsers(ctx, company.id) : company;
  });
}

/**
 * Recomputes `user_count` from the membership rows rather than incrementing, so it heals
 * after contact deletes/merges that drop memberships by cascade.
 */
export function recountCompanyUsers(ctx: Ctx, companyPk: string): Company {
  const row = ctx.db
    .update(companies)
    .set({ userCount: sql`(SELECT count(*) FROM ${contactCompanies} WHERE ${contactCompanies.companyId} = ${companyPk})` })
    .where(eq(companies.id, companyPk))
    .returning()
    .get();
  if (!row) throw notFound("Company Not Found", "company_not_found");
  return row;
}

function companyById(ctx: Ctx, companyPk: string): Company {
  const row = ctx.db.select().from(companies).where(eq(companies.id, companyPk)).get();
  if (!row) throw notFound("Company Not Found", "company_not_found");
  return row;
}
