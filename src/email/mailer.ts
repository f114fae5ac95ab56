import { and, eq } from "drizzle-orm";
import type { Config } from "../config.js";
import { withTx, type Ctx } from "../context.js";
import { contacts } from "../db/schema/index.js";
import { isAddress, newMessageId, oneLine, parseAddress, senderAddress } from "./address.js";
import { createOutboxTransport } from "./outbox.js";
import { createSmtpTransport } from "./smtp-transport.js";
import { addSuppression, findSuppression } from "./suppressions.js";
import type { Address, Mailer, OutgoingMail, PreparedMail, SendResult, Transport } from "./types.js";

/** One SMTP pool per configuration: connections are reused across every send of the process. */
const pools = new WeakMap<Config, Transport>();

function transportFor(ctx: Ctx): Transport {
  if (!ctx.config.SMTP_URL) return createOutboxTransport(ctx);
  let pool = pools.get(ctx.config);
  if (!pool) {
    pool = createSmtpTransport(ctx.config, ctx.log);
    pools.set(ctx.config, pool);
  }
  return pool;
}

/**
 * The mailer for this configuration: SMTP (pooled) when SMTP_URL is set, else the outbox table.
 * Suppressed addresses are skipped, and an address the server refuses permanently is suppressed.
 */
export function getMailer(ctx: Ctx): Mailer {
  return { send: (msg) => sendMail(ctx, msg) };
}

/** Closes the SMTP pool of this configuration (shutdown, tests). */
export function closeMailer(ctx: Ctx): void {
  pools.get(ctx.config)?.close();
  pools.delete(ctx.config);
}

async function sendMail(ctx: Ctx, msg: OutgoingMail): Promise<SendResult> {
  const to = typeof msg.to === "string" ? parseAddress(msg.to) : isAddress(msg.to.address) ? msg.to : undefined;
  if (!to) return { status: "failed", permanent: true, recipientRejected: false, error: "The recipient is not an email address" };
  const suppressed = findSuppression(ctx, to.address, msg.workspaceId, { transactional: msg.transactional === true });
  if (suppressed) return { status: "suppressed", reason: suppressed.reason };
  if (!msg.transactional && unsubscribedContact(ctx, msg)) return { status: "suppressed", reason: "unsubscribe" };
  const result = await transportFor(ctx).deliver(prepare(ctx, msg, to));
  if (result.status === "failed" && result.recipientRejected) suppressBounce(ctx, msg, to, result.error);
  return result;
}

/**
 * The contact's own flag counts as much as a suppression row: it can be set without one (the REST API,
 * an import), and mail to someone who unsubscribed must not go out either way.
 */
function unsubscribedContact(ctx: Ctx, msg: OutgoingMail): boolean {
  if (!msg.contactId || !msg.workspaceId) return false;
  const row = ctx.db.select({ off: contacts.unsubscribedFromEmails }).from(contacts)
    .where(and(eq(contacts.id, msg.contactId), eq(contacts.workspaceId, msg.workspaceId))).get();
  return row?.off === true;
}

function prepare(ctx: Ctx, msg: OutgoingMail, to: Address): PreparedMail {
  const from = senderAddress(ctx.config, msg.fromName);
  const now = ctx.clock.now();
  const headers = Object.fromEntries(Object.entries(msg.headers ?? {}).map(([k, v]) => [oneLine(k), oneLine(v)]));
  return {
    from,
    to: { name: to.name ? oneLine(to.name) : null, address: to.address },
    subject: oneLine(msg.subject),
    html: msg.html,
    text: msg.text,
    replyTo: msg.replyTo ? oneLine(msg.replyTo) : undefined,
    messageId: msg.messageId ?? newMessageId(from, now),
    date: new Date(now),
    inReplyTo: msg.inReplyTo,
    references: msg.references,
    headers,
    workspaceId: msg.workspaceId,
    contactId: msg.contactId,
    deliveryId: msg.deliveryId,
  };
}

/** A mailbox that does not exist refuses mail for every workspace: suppress it globally and flag the contact. */
function suppressBounce(ctx: Ctx, msg: OutgoingMail, to: Address, detail: string): void {
  withTx(ctx, () => {
    addSuppression(ctx, { email: to.address, reason: "bounce", detail, contactId: msg.contactId });
    if (msg.contactId && msg.workspaceId) {
      ctx.db.update(contacts).set({ hasHardBounced: true, updatedAt: ctx.clock.now() })
        .where(and(eq(contacts.id, msg.contactId), eq(contacts.workspaceId, msg.workspaceId))).run();
    }
  });
  if (msg.contactId && msg.workspaceId) ctx.bus.publish("contact.updated", { workspaceId: msg.workspaceId, contactId: msg.contactId });
}
