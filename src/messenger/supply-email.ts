import type { Ctx } from "../context.js";
import { updateContact, type Contact } from "../contacts/index.js";
import { AppError } from "../lib/errors.js";
import type { Workspace } from "../workspaces/index.js";

/**
 * An anonymous visitor answers "get replies by email": the address is stored on the lead, so operator replies
 * reach it once the messenger is closed. Leads may share an address, so this never merges anyone. A user's
 * email is identity: it is set only when the user has none, and never when the workspace enforces verification
 * (an unsigned widget must not change who a verified user is).
 */
export function supplyEmail(ctx: Ctx, ws: Workspace, contact: Contact, email: string): Contact {
  if (contact.role === "user") {
    if (ws.identityEnforced) throw new AppError("FORBIDDEN", "Identity verification is enforced: a user's email comes from the signed boot", { field: "email" });
    if (contact.email) throw new AppError("CONFLICT", "This user already has an email address");
  }
  return updateContact(ctx, ws.id, contact.id, { email: email.trim() });
}
