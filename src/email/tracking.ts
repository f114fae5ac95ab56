import { and, eq } from "drizzle-orm";
import { withTx, type Ctx } from "../context.js";
import { findContact, type Contact } from "../contacts/index.js";
import { contacts } from "../db/schema/index.js";
import { addSuppression } from "./suppressions.js";
import type { ClickRef, TrackingRef } from "./tokens.js";

/** One thing a recipient did with an email. */
export type EmailActivity =
  | ({ type: "opened"; at: number } & TrackingRef)
  | ({ type: "clicked"; at: number; url: string; linkIndex: number } & TrackingRef)
  | ({ type: "unsubscribed"; at: number; via: UnsubscribeVia } & TrackingRef);

export type UnsubscribeVia = "page" | "one_click" | "mailto";

/** A synchronous step run inside the transaction that records an activity (e.g. delivery statistics). */
export type ActivityHook = (ctx: Ctx, activity: EmailActivity) => void;
const hooks: ActivityHook[] = [];

/** Registers a hook for opens, clicks and unsubscribes; returns a function that removes it. */
export function onEmailActivity(hook: ActivityHook): () => void {
  hooks.push(hook);
  return () => {
    const i = hooks.indexOf(hook);
    if (i >= 0) hooks.splice(i, 1);
  };
}

/** The contact a token names, following merges (a lead merged into a user keeps its links working). */
function resolve(ctx: Ctx, ref: TrackingRef): Contact | undefined {
  return findContact(ctx, ref.workspaceId, ref.contactId);
}

/** Records an open: `last_email_opened_at`, hooks, then `email.opened` after commit. */
export function recordEmailOpen(ctx: Ctx, ref: TrackingRef): void {
  const at = ctx.clock.now();
  const contact = withTx(ctx, () => {
    const c = resolve(ctx, ref);
    if (!c) return undefined;
    ctx.db.update(contacts).set({ lastEmailOpenedAt: at }).where(eq(contacts.id, c.id)).run();
    for (const h of hooks) h(ctx, { type: "opened", at, ...ref, contactId: c.id });
    return c;
  });
  if (contact) ctx.bus.publish("email.opened", { workspaceId: ref.workspaceId, contactId: contact.id, deliveryId: ref.deliveryId });
}

/** Records a click on link `index`: `last_email_clicked_at`, hooks, then `email.clicked` after commit. */
export function recordEmailClick(ctx: Ctx, ref: ClickRef): void {
  const at = ctx.clock.now();
  const contact = withTx(ctx, () => {
    const c = resolve(ctx, ref);
    if (!c) return undefined;
    ctx.db.update(contacts).set({ lastEmailClickedAt: at }).where(eq(contacts.id, c.id)).run();
    const { url, index, ...who } = ref;
    for (const h of hooks) h(ctx, { type: "clicked", at, ...who, contactId: c.id, url, linkIndex: index });
    return c;
  });
  if (contact) {
    ctx.bus.publish("email.clicked", { workspaceId: ref.workspaceId, contactId: contact.id, deliveryId: ref.deliveryId, url: ref.url, linkIndex: ref.index });
  }
}

/**
 * Unsubscribes the contact from this workspace's email: sets `unsubscribed_from_emails` and suppresses
 * the address for the workspace, in one transaction. Repeating it changes nothing. Returns the contact
 * (undefined when it no longer exists).
 */
export function unsubscribeContact(ctx: Ctx, ref: TrackingRef, via: UnsubscribeVia): Contact | undefined {
  const at = ctx.clock.now();
  let changed = false;
  const contact = withTx(ctx, () => {
    const c = resolve(ctx, ref);
    if (!c) return undefined;
    if (c.email) addSuppression(ctx, { workspaceId: ref.workspaceId, email: c.email, reason: "unsubscribe", detail: via, contactId: c.id });
    if (c.unsubscribedFromEmails) return c;
    changed = true;
    ctx.db.update(contacts).set({ unsubscribedFromEmails: true, updatedAt: at })
      .where(and(eq(contacts.id, c.id), eq(contacts.workspaceId, ref.workspaceId))).run();
    for (const h of hooks) h(ctx, { type: "unsubscribed", at, via, ...ref, contactId: c.id });
    return { ...c, unsubscribedFromEmails: true, updatedAt: at };
  });
  if (contact && changed) {
    const payload = { workspaceId: ref.workspaceId, contactId: contact.id, deliveryId: ref.deliveryId };
    ctx.bus.publish("email.unsubscribed", { ...payload, via });
    ctx.bus.publish("contact.updated", payload);
  }
  return contact;
}
