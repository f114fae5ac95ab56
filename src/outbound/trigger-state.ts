import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { CONTACT_FIELDS, resolveContactField } from "../contacts/index.js";
import { contacts, contactTags, messageTriggerStates } from "../db/schema/index.js";
import { findTagByName } from "../tags/index.js";
import type { Trigger } from "./inputs.js";
import type { Message } from "./queries.js";

/**
 * The SQL value a state trigger watches on a `contacts` row, as JSON text (null when unset): an attribute's value,
 * or '1' when the contact carries the tag. Undefined when the attribute or tag does not exist (never fires).
 */
export function watchedValue(ctx: Ctx, workspaceId: string, t: Trigger): SQL | undefined {
  if (t.type === "attribute_changed") {
    const std = Object.hasOwn(CONTACT_FIELDS, t.attribute) ? CONTACT_FIELDS[t.attribute] : undefined;
    let expr: SQL;
    if (std && !std.compile) expr = sql`${std.expr}`;
    else {
      const name = t.attribute.startsWith("custom_attributes.") ? t.attribute : `custom_attributes.${t.attribute}`;
      try {
        expr = sql`${resolveContactField(ctx, workspaceId, name, "trigger.attribute").expr}`;
      } catch {
        return undefined;
      }
    }
    return sql`CASE WHEN (${expr}) IS NULL THEN NULL ELSE json_quote(${expr}) END`;
  }
  if (t.type === "tag_added") {
    const tag = findTagByName(ctx, workspaceId, t.tag);
    if (!tag) return undefined;
    return sql`CASE WHEN EXISTS (SELECT 1 FROM ${contactTags} WHERE ${contactTags.contactId} = ${contacts.id} AND ${contactTags.tagId} = ${tag.id}) THEN '1' ELSE NULL END`;
  }
  return undefined;
}

/** At launch: remember every contact's current value, so only later changes fire. */
export function snapshotTriggerState(ctx: Ctx, m: Message): void {
  const t = m.trigger as Trigger | null;
  if (!t) return;
  const value = watchedValue(ctx, m.workspaceId, t);
  if (!value) return;
  ctx.db.delete(messageTriggerStates).where(eq(messageTriggerStates.messageId, m.id)).run();
  ctx.db.run(sql`INSERT INTO ${messageTriggerStates} (message_id, contact_id, value)
    SELECT ${m.id}, ${contacts.id}, ${value} FROM ${contacts} WHERE ${contacts.workspaceId} = ${m.workspaceId} AND (${value}) IS NOT NULL`);
}

/**
 * Compares a contact's current value with the remembered one and stores the new one. Returns the new value
 * (JSON text, or null) when it changed, undefined when it did not.
 */
export function observeChange(ctx: Ctx, m: Message, contactId: string): { value: string | null } | undefined {
  const t = m.trigger as Trigger | null;
  const value = t ? watchedValue(ctx, m.workspaceId, t) : undefined;
  if (!value) return undefined;
  const now = ctx.db.select({ v: sql<string | null>`${value}` }).from(contacts).where(eq(contacts.id, contactId)).get();
  if (!now) return undefined;
  const before = ctx.db.select({ v: messageTriggerStates.value }).from(messageTriggerStates)
    .where(and(eq(messageTriggerStates.messageId, m.id), eq(messageTriggerStates.contactId, contactId))).get();
  if ((before?.v ?? null) === now.v) return undefined;
  ctx.db.insert(messageTriggerStates).values({ messageId: m.id, contactId, value: now.v })
    .onConflictDoUpdate({ target: [messageTriggerStates.messageId, messageTriggerStates.contactId], set: { value: now.v } }).run();
  return { value: now.v };
}
