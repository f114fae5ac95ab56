import { expect } from "vitest";
import type { Contact } from "../../src/contacts/index.js";
import { createMessage, enqueueDelivery, parseMessageInput, type Delivery, type MessageWithVariants } from "../../src/outbound/index.js";
import type { TestApp } from "../helpers/app.js";
import { send, user } from "../admin-contacts/helpers.js";

let seq = 0;

/** `n` users with email addresses, created through the Segment API; returns them in order. */
export async function makeUsers(t: TestApp, n: number, traits: Record<string, unknown> = {}): Promise<Contact[]> {
  const prefix = `u${++seq}x`;
  const batch = Array.from({ length: n }, (_, i) => ({ type: "identify", userId: `${prefix}${i}`, traits: { email: `${prefix}${i}@example.test`, name: `User ${i}`, ...traits } }));
  for (let i = 0; i < batch.length; i += 1000) await send(t, ...batch.slice(i, i + 1000));
  return batch.map((b) => user(t, b.userId));
}

/** A draft message from a partial input (email to everyone by default). */
export function makeMessage(t: TestApp, input: Record<string, unknown> = {}): MessageWithVariants {
  const body = { name: "Welcome", channel: "email", variants: [{ subject: "Hi", body: "Hello **there**" }], ...input };
  return createMessage(t.ctx, t.workspace.id, parseMessageInput(body));
}

/** Queues the message for each contact; every one must be new. */
export function enqueueAll(t: TestApp, m: MessageWithVariants, contacts: Contact[]): Delivery[] {
  return contacts.map((c) => {
    const d = enqueueDelivery(t.ctx, { workspaceId: t.workspace.id, messageId: m.id, contactId: c.id });
    expect(d).toBeDefined();
    return d!;
  });
}

/**
 * Marks deliveries as handed to SMTP at `at`, as the sender records it (the send job itself is covered by the
 * outbound tests; these tests place data and read figures).
 */
export function markSent(t: TestApp, ds: Delivery[], at: number): void {
  const stmt = t.ctx.db.$client.prepare("UPDATE deliveries SET status = 'sent', sent_at = ?, updated_at = ? WHERE id = ? AND status <> 'control'");
  t.ctx.db.$client.transaction(() => ds.forEach((d) => stmt.run(at, at, d.id)))();
}
