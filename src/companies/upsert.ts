import { eq } from "drizzle-orm";
import { coerceAttributes, type Attrs } from "../attributes/index.js";
import { type Ctx, withTx } from "../context.js";
import { companies } from "../db/schema/index.js";
import { invalid } from "../lib/errors.js";
import { newId } from "../lib/ids.js";
import { findCompanyByCompanyId, getCompany, type Company } from "./queries.js";

/** Fields a company can be written with. `undefined` leaves a field alone; `null` clears it. */
export interface CompanyPatch {
  name?: string | null | undefined;
  plan?: string | null | undefined;
  monthlySpend?: number | null | undefined;
  size?: number | null | undefined;
  website?: string | null | undefined;
  industry?: string | null | undefined;
  /** Epoch milliseconds. */
  remoteCreatedAt?: number | null | undefined;
  /** Merged into the stored ones; a null value removes the key. Unknown names are registered automatically. */
  customAttributes?: Record<string, unknown> | undefined;
}

/** An upsert keyed by the product's own company id. */
export interface CompanyUpsert extends CompanyPatch {
  companyId: string;
}

export interface WriteOpts {
  /** Field prefix for custom attribute errors, e.g. `traits` for Segment input. */
  attributesField?: string;
}

const MAX_TEXT = 255;

/** Creates the company with this `companyId`, or updates the given fields of the existing one. */
export function upsertCompany(ctx: Ctx, workspaceId: string, input: CompanyUpsert, opts: WriteOpts = {}): Company {
  const companyId = typeof input.companyId === "string" ? input.companyId.trim() : "";
  if (!companyId) throw invalid("company_id", "company_id is required");
  if (companyId.length > MAX_TEXT) throw invalid("company_id", `company_id must be at most ${MAX_TEXT} characters`);
  return withTx(ctx, () => {
    const existing = findCompanyByCompanyId(ctx, workspaceId, companyId);
    if (existing) return applyPatch(ctx, existing, input, opts);
    const now = ctx.clock.now();
    const row: Company = {
      id: newId("co", now), workspaceId, companyId, name: null, plan: null, monthlySpend: null, size: null, website: null,
      industry: null, remoteCreatedAt: null, customAttributes: {}, userCount: 0, sessionCount: 0, lastRequestAt: null,
      createdAt: now, updatedAt: now,
    };
    const fields = checkedFields(input);
    const customAttributes = mergeAttrs(ctx, workspaceId, {}, input.customAttributes, opts);
    const created = { ...row, ...fields, customAttributes };
    ctx.db.insert(companies).values(created).run();
    return created;
  });
}

/** Updates a company found by our id (Intercom `PUT /companies/{id}`). */
export function updateCompany(ctx: Ctx, workspaceId: string, id: string, patch: CompanyPatch, opts: WriteOpts = {}): Company {
  return withTx(ctx, () => applyPatch(ctx, getCompany(ctx, workspaceId, id), patch, opts));
}

function applyPatch(ctx: Ctx, company: Company, patch: CompanyPatch, opts: WriteOpts): Company {
  const set: Partial<Company> = { ...checkedFields(patch), updatedAt: ctx.clock.now() };
  if (patch.customAttributes) set.customAttributes = mergeAttrs(ctx, company.workspaceId, company.customAttributes, patch.customAttributes, opts);
  ctx.db.update(companies).set(set).where(eq(companies.id, company.id)).run();
  return { ...company, ...set };
}

/** The standard fields that were given, checked; callers outside HTTP (Segment, identify) get the same rules. */
function checkedFields(p: CompanyPatch): Partial<Company> {
  const out: Partial<Company> = {};
  const text = { name: p.name, plan: p.plan, website: p.website, industry: p.industry } as const;
  for (const [key, value] of Object.entries(text)) {
    if (value === undefined) continue;
    if (value !== null && (typeof value !== "string" || value.length > MAX_TEXT)) throw invalid(key, `${key} must be a string of at most ${MAX_TEXT} characters`);
    out[key as keyof typeof text] = value;
  }
  if (p.monthlySpend !== undefined) out.monthlySpend = checkNumber("monthly_spend", p.monthlySpend, false);
  if (p.size !== undefined) out.size = checkNumber("size", p.size, true);
  if (p.remoteCreatedAt !== undefined) out.remoteCreatedAt = checkNumber("remote_created_at", p.remoteCreatedAt, true);
  return out;
}

function checkNumber(field: string, value: number | null, integer: boolean): number | null {
  if (value === null) return null;
  if (typeof value !== "number" || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw invalid(field, `${field} must be ${integer ? "an integer" : "a number"}`);
  }
  return value;
}

function mergeAttrs(ctx: Ctx, workspaceId: string, current: Attrs, given: Record<string, unknown> | undefined, opts: WriteOpts): Attrs {
  if (!given) return current;
  const typed = coerceAttributes(ctx, workspaceId, "company", given, { field: opts.attributesField ?? "custom_attributes", autoCreate: true });
  const out: Attrs = { ...current };
  for (const [k, v] of Object.entries(typed)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}
