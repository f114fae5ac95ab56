import { and, eq, ne, sql, type SQL } from "drizzle-orm";
import { type Ctx, withTx } from "../context.js";
import { contactCompanies, contacts } from "../db/schema/index.js";
import { AppError, invalid } from "../lib/errors.js";
import type { ApplyOpts, ProfileInput } from "./inputs.js";
import { mergeContactRows, recountUsers } from "./merge.js";
import { insertContact, updateContactRow } from "./profile.js";
import { findContactByExternalId, getContact, type Contact } from "./queries.js";

/** Unknown custom attributes are registered on first write (COMPAT §0.3 item 4: lenient). */
const API_APPLY: ApplyOpts = { field: "custom_attributes", autoCreate: true };

/** Creates a contact (Intercom `POST /contacts`): needs email, external_id or role; default role `user`. */
export function createContact(ctx: Ctx, workspaceId: string, input: ProfileInput): Contact {
  if (!input.email && !input.externalId && !input.role) {
    throw invalid("email", "One of email, external_id or role is required", "parameter_not_found");
  }
  const contact = withTx(ctx, () => {
    const role = input.role ?? "user";
    assertUnique(ctx, workspaceId, undefined, role, input.externalId, input.email);
    return insertContact(ctx, workspaceId, { ...input, role }, API_APPLY);
  });
  ctx.bus.publish("contact.created", { workspaceId, contactId: contact.id });
  return contact;
}

/** Updates a contact (Intercom `PUT /contacts/{id}`): custom attributes merge, null clears a key. */
export function updateContact(ctx: Ctx, workspaceId: string, id: string, input: ProfileInput): Contact {
  const contact = withTx(ctx, () => {
    const current = getContact(ctx, workspaceId, id);
    if (current.role === "user" && input.role === "lead") throw invalid("role", "A user cannot become a lead");
    const role = input.role ?? current.role;
    const externalId = input.externalId === undefined ? current.externalId : input.externalId;
    const email = input.email === undefined ? current.email : input.email;
    assertUnique(ctx, workspaceId, current.id, role, externalId, email);
    return updateContactRow(ctx, workspaceId, current, input, API_APPLY);
  });
  ctx.bus.publish("contact.updated", { workspaceId, contactId: contact.id });
  return contact;
}

/**
 * Enforces Intercom's identity rules: `external_id` is unique among contacts and `email` among users
 * (leads may share an email). The message is kept word for word: integrations parse `id=` out of it.
 */
export function assertUnique(
  ctx: Ctx, workspaceId: string, selfId: string | undefined, role: "user" | "lead",
  externalId: string | null | undefined, email: string | null | undefined,
): void {
  const others = (extra: SQL | undefined) =>
    ctx.db
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, workspaceId), extra, selfId ? ne(contacts.id, selfId) : undefined))
      .orderBy(contacts.createdAt)
      .get();
  const clash =
    (externalId ? others(eq(contacts.externalId, externalId)) : undefined) ??
    (email && role === "user" ? others(and(eq(contacts.role, "user"), sql`lower(${contacts.email}) = ${email.trim().toLowerCase()}`)) : undefined);
  if (clash) throw new AppError("CONFLICT", `A contact matching those details already exists with id=${clash.id}`);
}

/** Deletes a contact with its events, sessions, tags and memberships (FK cascade); returns the deleted row. */
export function deleteContact(ctx: Ctx, workspaceId: string, id: string): Contact {
  return withTx(ctx, () => {
    const contact = getContact(ctx, workspaceId, id);
    const memberships = ctx.db.select({ id: contactCompanies.companyId }).from(contactCompanies).where(eq(contactCompanies.contactId, contact.id)).all();
    ctx.db.delete(contacts).where(eq(contacts.id, contact.id)).run();
    recountUsers(ctx, memberships.map((m) => m.id));
    return contact;
  });
}

/** Archives or unarchives a contact; archived contacts leave list and search but stay findable by id. */
export function setContactArchived(ctx: Ctx, workspaceId: string, id: string, archived: boolean): Contact {
  return withTx(ctx, () => {
    const contact = getContact(ctx, workspaceId, id);
    if (contact.archived === archived) return contact;
    return ctx.db.update(contacts).set({ archived, updatedAt: ctx.clock.now() }).where(eq(contacts.id, contact.id)).returning().get();
  });
}

/** Intercom `POST /contacts/merge`: `from` must be a lead, `into` a user; returns the surviving user. */
export function mergeLeadInUser(ctx: Ctx, workspaceId: string, fromId: string, intoId: string): Contact {
  const merged = withTx(ctx, () => {
    const from = getContact(ctx, workspaceId, fromId);
    const into = getContact(ctx, workspaceId, intoId);
    if (from.id === into.id) throw invalid("from", "from and into are the same contact");
    if (from.role !== "lead") throw invalid("from", "from must be a lead");
    if (into.role !== "user") throw invalid("into", "into must be a user");
    return mergeContactRows(ctx, from, into, "api");
  });
  ctx.bus.publish("contact.merged", { workspaceId, contactId: merged.id, mergedFrom: fromId });
  return merged;
}

/** A contact by the product's user id; throws NOT_FOUND like `getContact`. */
export function getContactByExternalId(ctx: Ctx, workspaceId: string, externalId: string): Contact {
  const contact = findContactByExternalId(ctx, workspaceId, externalId);
  if (!contact) throw new AppError("NOT_FOUND", "User Not Found");
  return contact;
}
