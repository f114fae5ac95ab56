import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { emailOutbox } from "../db/schema/index.js";
import { notFound } from "../lib/errors.js";
import { newId } from "../lib/ids.js";
import type { Address, PreparedMail, Transport } from "./types.js";

export type OutboxMessage = typeof emailOutbox.$inferSelect;
export type OutboxSummary = Pick<OutboxMessage, "id" | "workspaceId" | "contactId" | "toAddress" | "subject" | "createdAt">;

/** `"Name" <a@b>` for display and the stored headers. */
export function formatAddress(a: Address): string {
  return a.name ? `"${a.name.replace(/["\\]/g, "")}" <${a.address}>` : a.address;
}

/** The headers a message carries, in the order an SMTP client would write them. */
function headerList(m: PreparedMail): [string, string][] {
  const list: [string, string][] = [
    ["From", formatAddress(m.from)],
    ["To", formatAddress(m.to)],
    ["Subject", m.subject],
    ["Date", m.date.toUTCString()],
    ["Message-ID", m.messageId],
  ];
  if (m.replyTo) list.push(["Reply-To", m.replyTo]);
  if (m.inReplyTo) list.push(["In-Reply-To", m.inReplyTo]);
  if (m.references?.length) list.push(["References", m.references.join(" ")]);
  for (const [k, v] of Object.entries(m.headers)) list.push([k, v]);
  return list;
}

/** Keeps mail in SQLite instead of sending it (SMTP_URL unset); the admin reads it in the outbox. */
export function createOutboxTransport(ctx: Ctx): Transport {
  return {
    async deliver(m) {
      const id = newId("eml", ctx.clock.now());
      ctx.db.insert(emailOutbox).values({
        id,
        workspaceId: m.workspaceId ?? null,
        contactId: m.contactId ?? null,
        deliveryId: m.deliveryId ?? null,
        messageId: m.messageId,
        fromAddress: formatAddress(m.from),
        toAddress: formatAddress(m.to),
        subject: m.subject,
        headers: headerList(m),
        html: m.html,
        text: m.text,
        createdAt: ctx.clock.now(),
      }).run();
      return { status: "sent", via: "outbox", messageId: m.messageId, outboxId: id };
    },
    close() {},
  };
}

/** Mail of a workspace (and instance-wide mail), newest first, paged by id. */
export function listOutbox(ctx: Ctx, workspaceId: string, opts: { limit?: number; beforeId?: string } = {}): OutboxSummary[] {
  const scope = or(eq(emailOutbox.workspaceId, workspaceId), isNull(emailOutbox.workspaceId));
  return ctx.db
    .select({
      id: emailOutbox.id, workspaceId: emailOutbox.workspaceId, contactId: emailOutbox.contactId,
      toAddress: emailOutbox.toAddress, subject: emailOutbox.subject, createdAt: emailOutbox.createdAt,
    })
    .from(emailOutbox)
    .where(opts.beforeId ? and(scope, lt(emailOutbox.id, opts.beforeId)) : scope)
    .orderBy(desc(emailOutbox.id))
    .limit(opts.limit ?? 50)
    .all();
}

/** One kept message of the workspace (or instance-wide); NOT_FOUND otherwise. */
export function getOutboxMessage(ctx: Ctx, workspaceId: string, id: string): OutboxMessage {
  const row = ctx.db.select().from(emailOutbox).where(eq(emailOutbox.id, id)).get();
  if (!row || (row.workspaceId !== null && row.workspaceId !== workspaceId)) throw notFound("No such message in the outbox.");
  return row;
}

/** Deletes kept mail older than `before` (ms); returns how many went. For a retention job. */
export function pruneOutbox(ctx: Ctx, before: number): number {
  return ctx.db.delete(emailOutbox).where(lt(emailOutbox.createdAt, before)).run().changes;
}
