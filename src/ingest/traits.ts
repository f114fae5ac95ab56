import { flatten } from "../attributes/index.js";
import type { CompanyUpsert } from "../companies/index.js";
import type { ProfileInput } from "../contacts/index.js";
import type { Metadata } from "../db/schema/index.js";
import { invalid } from "../lib/errors.js";
import type { CompanyTraits, IdentifyTraits } from "./inputs.js";

/** Identify traits with a column of their own (or handled apart); everything else is a custom attribute. */
const PROFILE_TRAITS = new Set([
  "email", "name", "firstName", "lastName", "first_name", "last_name", "phone", "avatar", "createdAt", "created_at",
  "unsubscribedFromEmails", "company", "companies", "id", "userId", "user_id", "anonymousId",
]);

/** Group / company traits with a column of their own. */
const COMPANY_TRAITS = new Set(Object.keys({
  id: 1, name: 1, plan: 1, monthlySpend: 1, monthly_spend: 1, createdAt: 1, created_at: 1, employees: 1, size: 1, website: 1, industry: 1,
}));

export interface IdentifyPlan {
  profile: ProfileInput;
  companies: { upsert: CompanyUpsert; field: string }[];
}

/** Segment identify traits → contact profile + companies to upsert and attach (COMPAT.md §5.3). */
export function planIdentify(traits: IdentifyTraits | null | undefined): IdentifyPlan {
  if (!traits) return { profile: {}, companies: [] };
  const p: ProfileInput = {};
  if (traits.email !== undefined) p.email = traits.email;
  const first = traits.firstName ?? traits.first_name;
  const last = traits.lastName ?? traits.last_name;
  if (traits.name !== undefined) p.name = traits.name;
  else if (first || last) p.name = [first, last].filter(Boolean).join(" ");
  if (traits.phone !== undefined) p.phone = traits.phone;
  if (traits.avatar !== undefined) p.avatar = traits.avatar;
  const signedUp = traits.createdAt ?? traits.created_at;
  if (signedUp !== undefined) p.signedUpAt = signedUp;
  if (traits.unsubscribedFromEmails != null) p.unsubscribedFromEmails = traits.unsubscribedFromEmails;
  const custom = flatten(pick(traits, (k) => !PROFILE_TRAITS.has(k)));
  if (Object.keys(custom).length > 0) p.customAttributes = custom;
  const companies: IdentifyPlan["companies"] = [];
  if (traits.company != null) companies.push({ upsert: companyFromTrait(traits.company, "traits.company"), field: "traits.company" });
  for (const [i, c] of (traits.companies ?? []).entries()) {
    companies.push({ upsert: companyFromTrait(c, `traits.companies.${i}`), field: `traits.companies.${i}` });
  }
  return { profile: p, companies };
}

/** `traits.company` as a string is a company name (Segment's Intercom mapping), used as its id too. */
function companyFromTrait(c: string | CompanyTraits, field: string): CompanyUpsert {
  if (typeof c === "string") return { companyId: c, name: c };
  const companyId = c.id || c.name;
  if (!companyId) throw invalid(`${field}.id`, `${field}.id (or ${field}.name) is required`);
  return companyUpsert(companyId, c);
}

/** Group traits (or a company trait) → company fields; unknown traits become company custom attributes. */
export function companyUpsert(companyId: string, t: CompanyTraits | null | undefined): CompanyUpsert {
  const u: CompanyUpsert = { companyId };
  if (!t) return u;
  if (t.name !== undefined) u.name = t.name;
  if (t.plan !== undefined) u.plan = t.plan;
  if (t.website !== undefined) u.website = t.website;
  if (t.industry !== undefined) u.industry = t.industry;
  const spend = t.monthlySpend ?? t.monthly_spend;
  if (spend !== undefined) u.monthlySpend = spend;
  const created = t.createdAt ?? t.created_at;
  if (created !== undefined) u.remoteCreatedAt = created;
  const size = t.employees ?? t.size;
  if (size !== undefined) u.size = size;
  const custom = flatten(pick(t, (k) => !COMPANY_TRAITS.has(k)));
  if (Object.keys(custom).length > 0) u.customAttributes = custom;
  return u;
}

/** Event properties → flat metadata (nested objects joined with `_`; anything still structured as JSON text). */
export function metadataOf(properties: Record<string, unknown> | null | undefined): Metadata {
  if (!properties) return {};
  const out: Metadata = {};
  for (const [k, v] of Object.entries(flatten(properties))) {
    out[k] = v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? v : JSON.stringify(v) ?? null;
  }
  return out;
}

function pick(o: Record<string, unknown>, keep: (k: string) => boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (keep(k) && v !== undefined) out[k] = v;
  return out;
}
