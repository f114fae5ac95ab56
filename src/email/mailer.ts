import { and, eq } from "drizzle-orm";
import type { Config } from "../config.js";
import { withTx, type Ctx } from "../context.js";
import { contacts } from "../db/schema/index.js";
import { isAddress, newMessageId, oneLine, parseAddress, senderAddress } from "./address.js";
import { createOutboxTransport } from "./outbox.js";
import { createSmtpTransport } from "./smtp-transport.js";
import { addSuppression, GLOBAL } from "./suppressions.js";
import type { Address, Mailer, OutgoingMail, PreparedMail, SendResult, SuppressionReason, Transport } from "./types.js";

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

/** Hooks of a sender that tracks its own state around the hand-off (the outbound delivery engine). */
export interface SendHooks {
  /**
   * Called after the suppression checks, right before the transport gets the message; false cancels the send
   * (the result is then a permanent failure "cancelled before sending").
   */
  beforeTransport?: () => boolean;
}

/** `getMailer(ctx).send` with hooks. */
export async function sendMail(ctx: Ctx, msg: OutgoingMail, hooks: SendHooks = {}): Promise<SendResult> {
  const to = typeof msg.to === "string" ? parseAddress(msg.to) : isAddress(msg.to.address) ? msg.to : undefined;
  if (!to) return { status: "failed", permanent: true, recipientRejected: false, error: "The recipient is not an email address" };
  const suppressed = suppression(ctx, to.address, msg.workspaceId, msg.transactional === true);
  if (suppressed) return { status: "suppressed", reason: suppressed };
  if (!msg.transactional && unsubscribedContact(ctx, msg)) return { status: "suppressed", reason: "unsubscribe" };
  const prepared = prepare(ctx, msg, to);
  if (hooks.beforeTransport && !hooks.beforeTransport()) return { status: "failed", permanent: true, recipientRejected: false, error: "cancelled before sending" };
  const result = await transportFor(ctx).deliver(prepared);
  if (result.status === "failed" && result.recipientRejected) suppressBounce(ctx, msg, to, result.error);
  return result;
}

/*
 * The two checks every message passes, as prepared statements: they run once per email of a broadcast, where
 * building the query each time cost more than the lookup itself.
 */
const SUPPRESSION = "SELECT reason FROM email_suppressions WHERE email = ? AND scope IN (?, ?)";
const UNSUBSCRIBED = "SELECT unsubscribed_from_emails AS off FROM contacts WHERE id = ? AND workspace_id = ?";

/**
 * Why mail to `email` must not be sent (the rules of `findSuppression`: global rows everywhere, a workspace's rows
 * for its mail, unsubscribes not for transactional mail), or undefined.
 */
function suppression(ctx: Ctx, email: string, workspaceId: string | undefined, transactional: boolean): SuppressionReason | undefined {
  const rows = ctx.db.$client.prepare(SUPPRESSION).all(email.trim().toLowerCase(), GLOBAL, workspaceId ?? GLOBAL) as { reason: SuppressionReason }[];
  return rows.find((r) => !(transactional && r.reason === "unsubscribe"))?.reason;
}

/**
 * The contact's own flag counts as much as a suppression row: it can be set without one (the REST API,
 * an import), and mail to someone who unsubscribed must not go out either way.
 */
function unsubscribedContact(ctx: Ctx, msg: OutgoingMail): boolean {
  if (!msg.contactId || !msg.workspaceId) return false;
  const row = ctx.db.$client.prepare(UNSUBSCRIBED).get(msg.contactId, msg.workspaceId) as { off: number } | undefined;
  return row?.off === 1;
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
