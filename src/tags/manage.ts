import { eq } from "drizzle-orm";
import { type Ctx, withTx } from "../context.js";
import { tags } from "../db/schema/index.js";
import { invalid } from "../lib/errors.js";
import { newId } from "../lib/ids.js";
import { findTagByName, getTag, type Tag } from "./queries.js";

export const MAX_TAG_NAME = 190;

/** Runs inside the rename's transaction, so definitions that name a tag follow it (segments, message audiences). */
export type TagRenameHook = (ctx: Ctx, workspaceId: string, from: string, to: string) => void;
const renameHooks: TagRenameHook[] = [];

/** Registers a hook called on every tag rename (domains register when imported). */
export function onTagRenamed(hook: TagRenameHook): void {
  if (!renameHooks.includes(hook)) renameHooks.push(hook);
}

/** Trimmed tag name, or a VALIDATION error naming `field`. */
export function cleanTagName(name: string, field = "name"): string {
  const clean = name.trim();
  if (clean.length === 0) throw invalid(field, `${field} must not be blank`);
  if (clean.length > MAX_TAG_NAME) throw invalid(field, `${field} must be at most ${MAX_TAG_NAME} characters`);
  return clean;
}

/** The tag with this name, created on first use (names are unique per workspace). */
export function findOrCreateTag(ctx: Ctx, workspaceId: string, name: string): Tag {
  const clean = cleanTagName(name);
  return withTx(ctx, () => {
    const existing = findTagByName(ctx, workspaceId, clean);
    if (existing) return existing;
    const row: Tag = { id: newId("tag", ctx.clock.now()), workspaceId, name: clean, createdAt: ctx.clock.now() };
    ctx.db.insert(tags).values(row).run();
    return row;
  });
}

/** Renames a tag; another tag already holding the name is a VALIDATION error. */
export function renameTag(ctx: Ctx, workspaceId: string, tagId: string, name: string): Tag {
  const clean = cleanTagName(name);
  return withTx(ctx, () => {
    const tag = getTag(ctx, workspaceId, tagId);
    if (tag.name === clean) return tag;
    const clash = findTagByName(ctx, workspaceId, clean);
    if (clash) throw invalid("name", `A tag named '${clean}' already exists (id=${clash.id})`);
    ctx.db.update(tags).set({ name: clean }).where(eq(tags.id, tag.id)).run();
    for (const hook of renameHooks) hook(ctx, workspaceId, tag.name, clean);
    return { ...tag, name: clean };
  });
}

/** Deletes a tag; its applications to contacts and companies go with it (FK cascade). */
export function deleteTag(ctx: Ctx, workspaceId: string, tagId: string): Tag {
  return withTx(ctx, () => {
    const tag = getTag(ctx, workspaceId, tagId);
    ctx.db.delete(tags).where(eq(tags.id, tag.id)).run();
    return tag;
  });
}
