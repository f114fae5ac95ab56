import { attachCompany, detachCompany, findCompanyByCompanyId, upsertCompany, type CompanyPatch } from "../companies/index.js";
import { type Ctx, withTx } from "../context.js";
import { invalid } from "../lib/errors.js";
import type { ApplyOpts, ProfileInput } from "./inputs.js";
import { assertUnique } from "./manage.js";
import { insertContact, updateContactRow } from "./profile.js";
import { findContactByEmail, findContactByExternalId, getContact, type Contact } from "./queries.js";
import { startSession } from "./sessions.js";

/**
 * The API 1.x user endpoints (`/users`, used by the `intercom.io` client and a widely copied 2014-era
 * tutorial). Kept out of the contacts index: it drives the companies domain, which itself imports contacts.
 */

/** A company named in a legacy `companies[]` entry; `remove` detaches the user from it. */
export interface LegacyCompany extends CompanyPatch {
  companyId: string;
  remove?: boolean | undefined;
}

export interface LegacyUserInput {
  /** How the user is looked up: our id, then the product's user id, then email. */
  id?: string | undefined;
  /** Fields to write; `externalId`/`email` also key the lookup. */
  profile: ProfileInput;
  newSession?: boolean | undefined;
  companies?: LegacyCompany[] | undefined;
}

const LEGACY_APPLY: ApplyOpts = { field: "custom_attributes", autoCreate: true };

/** `POST /users`: creates or updates the user keyed by id → user_id → email, in one transaction. */
export function upsertLegacyUser(ctx: Ctx, workspaceId: string, input: LegacyUserInput): { contact: Contact; created: boolean } {
  const { externalId, email } = input.profile;
  if (!input.id && !externalId && !email) throw invalid("user_id", "One of id, user_id or email is required", "parameter_not_found");
  const result = withTx(ctx, () => {
    const found = findLegacyUser(ctx, workspaceId, input.id, externalId ?? undefined, email ?? undefined);
    let contact: Contact;
    if (found) {
      assertUnique(ctx, workspaceId, found.id, found.role, externalId === undefined ? found.externalId : externalId, email === undefined ? found.email : email);
      contact = updateContactRow(ctx, workspaceId, found, input.profile, LEGACY_APPLY);
    } else {
      assertUnique(ctx, workspaceId, undefined, "user", externalId, email);
      contact = insertContact(ctx, workspaceId, { ...input.profile, role: "user" }, LEGACY_APPLY);
    }
    if (input.newSession) startSession(ctx, contact.id, workspaceId, ctx.clock.now());
    (input.companies ?? []).forEach((co, i) => applyCompany(ctx, workspaceId, contact.id, co, `companies.${i}`));
    return { contact: getContact(ctx, workspaceId, contact.id), created: !found };
  });
  ctx.bus.publish(result.created ? "contact.created" : "contact.updated", { workspaceId, contactId: result.contact.id });
  return result;
}

/** The user a legacy request names, or undefined; an unknown Intercom `id` is NOT_FOUND. */
export function findLegacyUser(ctx: Ctx, workspaceId: string, id?: string, userId?: string, email?: string): Contact | undefined {
  if (id) return getContact(ctx, workspaceId, id);
  if (userId) return findContactByExternalId(ctx, workspaceId, userId);
  if (email) return findContactByEmail(ctx, workspaceId, email, "user");
  return undefined;
}

function applyCompany(ctx: Ctx, workspaceId: string, contactId: string, co: LegacyCompany, field: string): void {
  if (!co.companyId) throw invalid(`${field}.company_id`, `${field} needs a company_id (or the legacy id)`);
  const { remove, ...patch } = co;
  if (remove) {
    // Detaching never creates the company it names.
    const existing = findCompanyByCompanyId(ctx, workspaceId, co.companyId);
    if (existing) detachCompany(ctx, contactId, existing.id);
    return;
  }
  const company = upsertCompany(ctx, workspaceId, patch, { attributesField: `${field}.custom_attributes` });
  attachCompany(ctx, contactId, company.id);
}
