import type { SUPPRESSION_REASONS } from "../db/schema/index.js";

export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/** A mailbox with an optional display name. */
export interface Address {
  name?: string | null | undefined;
  address: string;
}

/** One message to one recipient, fully rendered. */
export interface OutgoingMail {
  to: Address | string;
  subject: string;
  html: string;
  text: string;
  /** Display name on the From line (workspace or operator name); the address itself comes from MAIL_FROM. */
  fromName?: string | undefined;
  replyTo?: string | undefined;
  /** Extra headers (List-Unsubscribe…). CR/LF are removed from values. */
  headers?: Record<string, string> | undefined;
  /** Set it to thread later replies; otherwise one is made (and returned in the result). */
  messageId?: string | undefined;
  inReplyTo?: string | undefined;
  references?: string[] | undefined;
  /** Scope of unsubscribes that apply; omitted for instance-wide mail (e.g. to operators). */
  workspaceId?: string | undefined;
  contactId?: string | undefined;
  deliveryId?: string | undefined;
  /**
   * A reply in a conversation or another message the contact asked for: unsubscribes do not stop it,
   * bounces and complaints still do.
   */
  transactional?: boolean | undefined;
}

/**
 * What happened to a message. `permanent` failures (a 5xx answer) will fail again: do not retry them.
 * `recipientRejected` means the server refused this address (RCPT TO); such an address is suppressed.
 */
export type SendResult =
  | { status: "sent"; via: "smtp" | "outbox"; messageId: string; outboxId?: string }
  | { status: "suppressed"; reason: SuppressionReason }
  | { status: "failed"; permanent: boolean; recipientRejected: boolean; responseCode?: number; error: string };

/** Sends mail; never throws for a refused or undeliverable message, it reports it. */
export interface Mailer {
  send(msg: OutgoingMail): Promise<SendResult>;
}

/** A message with every header decided, handed to a transport. */
export interface PreparedMail {
  from: Address;
  to: Address;
  subject: string;
  html: string;
  text: string;
  replyTo?: string | undefined;
  messageId: string;
  date: Date;
  inReplyTo?: string | undefined;
  references?: string[] | undefined;
  headers: Record<string, string>;
  workspaceId?: string | undefined;
  contactId?: string | undefined;
  deliveryId?: string | undefined;
}

/** Where prepared mail goes: SMTP, or the outbox table. */
export interface Transport {
  deliver(mail: PreparedMail): Promise<SendResult>;
  close(): void;
}
