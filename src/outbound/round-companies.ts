import { asc, eq, inArray } from "drizzle-orm";
import type { Company } from "../companies/index.js";
import type { Ctx } from "../context.js";
import { companies, contactCompanies } from "../db/schema/index.js";

/**
 * Each contact's first company (the one `{{ company.* }}` personalizes with, as `buildEmail` picks it), for a whole
 * round of recipients in one query per 500 contacts instead of one per email. Contacts without one map to null.
 */
export function firstCompanies(ctx: Ctx, contactIds: string[]): Map<string, Company | null> {
  const out = new Map<string, Company | null>(contactIds.map((id) => [id, null]));
  for (let i = 0; i < contactIds.length; i += 500) {
    const rows = ctx.db.select({ contactId: contactCompanies.contactId, company: companies }).from(contactCompanies)
      .innerJoin(companies, eq(companies.id, contactCompanies.companyId))
      .where(inArray(contactCompanies.contactId, contactIds.slice(i, i + 500)))
      .orderBy(asc(contactCompanies.createdAt), asc(companies.id)).all();
    for (const r of rows) if (out.get(r.contactId) === null) out.set(r.contactId, r.company);
  }
  return out;
}
