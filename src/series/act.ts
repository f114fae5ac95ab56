import type { Ctx } from "../context.js";
import { DEFAULT_APPLY, getContact, updateContactRow } from "../contacts/index.js";
import { findOrCreateTag, findTagByName, tagContact, untagContact } from "../tags/index.js";
import type { ActStep } from "./inputs.js";

/** Applies an act step to a contact inside the caller's transaction (the caller publishes `contact.updated`). */
export function applyAction(ctx: Ctx, workspaceId: string, contactId: string, step: ActStep): void {
  if (step.action === "tag_add") {
    const tag = findOrCreateTag(ctx, workspaceId, step.tag!);
    tagContact(ctx, workspaceId, contactId, tag.id);
  } else if (step.action === "tag_remove") {
    const tag = findTagByName(ctx, workspaceId, step.tag!);
    if (tag) untagContact(ctx, workspaceId, contactId, tag.id);
  } else {
    const contact = getContact(ctx, workspaceId, contactId);
    updateContactRow(ctx, workspaceId, contact, { customAttributes: { [step.attribute!]: step.value ?? null } }, DEFAULT_APPLY);
  }
}
