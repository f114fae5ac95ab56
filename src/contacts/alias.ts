import type { Ctx } from "../context.js";
import { invalid } from "../lib/errors.js";
import { addAlias } from "./identify.js";
import { DEFAULT_APPLY } from "./inputs.js";
import { mergeContactRows } from "./merge.js";
import { insertContact, updateContactRow } from "./profile.js";
import { findContactByAlias, findContactByExternalId, type Contact } from "./queries.js";

/**
 * Segment `alias`: `previousId` (usually an anonymous id) now belongs to `userId`.
 * A lead becomes the user, or is merged into the existing user; two users are never merged.
 */
export function aliasContact(ctx: Ctx, workspaceId: string, previousId: string, userId: string): Contact {
  if (!previousId) throw invalid("previousId", "previousId is required");
  if (!userId) throw invalid("userId", "userId is required");
  const prev = findContactByAlias(ctx, workspaceId, previousId) ?? findContactByExternalId(ctx, workspaceId, previousId);
  const user = findContactByExternalId(ctx, workspaceId, userId);
  if (user) {
    if (prev && prev.id !== user.id && !prev.externalId) return mergeContactRows(ctx, prev, user, "alias");
    if (!prev) addAlias(ctx, workspaceId, previousId, user.id);
    return user;
  }
  if (prev && !prev.externalId) {
    return updateContactRow(ctx, workspaceId, prev, { role: "user", externalId: userId }, DEFAULT_APPLY);
  }
  const created = insertContact(ctx, workspaceId, { role: "user", externalId: userId }, DEFAULT_APPLY);
  if (!prev) addAlias(ctx, workspaceId, previousId, created.id);
  return created;
}
