import { and, eq } from "drizzle-orm";
import type { Ctx } from "../context.js";
import type { Contact } from "../contacts/index.js";
import { deliveries } from "../db/schema/index.js";
import { buildEmail, compileTemplate, DEFAULT_LAYOUT, getMailer, type CompiledTemplate, type SendResult } from "../email/index.js";
import { getWorkspace } from "../workspaces/index.js";
import type { LoadedMessage } from "./loaded.js";
import { recordDeliveryOutcome } from "./outcomes.js";
import type { Delivery, Variant } from "./queries.js";
import { BACKOFF } from "./rules.js";

export type EmailOutcome = "sent" | "skipped" | "failed" | "retried";

/**
 * The Message-ID of a delivery, the same on every attempt: if a crash hides whether the server took an earlier
 * attempt, the resend is the same message to the receiving system (mailbox providers collapse equal Message-IDs).
 */
export function deliveryMessageId(ctx: Ctx, deliveryId: string): string {
  return `<${deliveryId}@${new URL(ctx.config.PUBLIC_URL).hostname || "parley.local"}>`;
}

/** Renders (one MJML compile per variant) and sends email deliveries, recording each result as soon as it is known. */
export class EmailSender {
  private readonly templates = new Map<string, Promise<CompiledTemplate>>();
  private readonly workspaces = new Map<string, { id: string; name: string }>();

  constructor(private readonly ctx: Ctx) {}

  /** Sends one claimed delivery outside any transaction and records what happened. */
  async send(m: LoadedMessage, d: Delivery, contact: Contact): Promise<EmailOutcome> {
    const ctx = this.ctx;
    let result: SendResult;
    try {
      const variant = m.variants.find((v) => v.id === d.variantId);
      if (!variant) return this.finish(d, "failed", "variant_gone");
      const tpl = await this.template(variant);
      const mail = buildEmail(ctx, tpl, { workspace: this.workspace(m.workspaceId), contact, deliveryId: d.id }, { fromName: m.sender?.name || undefined });
      result = await getMailer(ctx).send({ ...mail, messageId: deliveryMessageId(ctx, d.id) });
    } catch (e) {
      return this.finish(d, "failed", `render: ${e instanceof Error ? e.message : String(e)}`.slice(0, 500));
    }
    return this.record(d, result);
  }

  /** Writes the result right after the server's answer (a single short statement: the crash window stays tiny). */
  private record(d: Delivery, r: SendResult): EmailOutcome {
    const ctx = this.ctx;
    const now = ctx.clock.now();
    if (r.status === "sent") {
      const done = ctx.db.update(deliveries).set({ status: "sent", sentAt: now, smtpMessageId: r.messageId, error: null, updatedAt: now })
        .where(and(eq(deliveries.id, d.id), eq(deliveries.status, "claimed"))).run();
      if (done.changes > 0) ctx.bus.publish("delivery.sent", { workspaceId: d.workspaceId, contactId: d.contactId, messageId: d.messageId, deliveryId: d.id, channel: "email" });
      return "sent";
    }
    if (r.status === "suppressed") return this.finish(d, "skipped", `suppressed: ${r.reason}`);
    if (!r.permanent && d.attempts <= BACKOFF.length) {
      ctx.db.update(deliveries).set({ status: "queued", notBefore: now + BACKOFF[d.attempts - 1]!, error: r.error.slice(0, 500), updatedAt: now })
        .where(and(eq(deliveries.id, d.id), eq(deliveries.status, "claimed"))).run();
      return "retried";
    }
    const outcome = this.finish(d, "failed", r.error.slice(0, 500));
    if (r.recipientRejected) recordDeliveryOutcome(ctx, d.id, "bounced", now);
    return outcome;
  }

  private finish(d: Delivery, status: "failed" | "skipped", error: string): EmailOutcome {
    const now = this.ctx.clock.now();
    this.ctx.db.update(deliveries).set({ status, error, updatedAt: now }).where(and(eq(deliveries.id, d.id), eq(deliveries.status, "claimed"))).run();
    return status;
  }

  private template(v: Variant): Promise<CompiledTemplate> {
    let t = this.templates.get(v.id);
    if (!t) {
      const layout = typeof v.content.layout === "string" && v.content.layout.trim() ? v.content.layout : DEFAULT_LAYOUT;
      const body = v.bodyFormat === "html" ? { html: v.body } : { markdown: v.body };
      t = compileTemplate(layout, body, { subject: v.subject ?? "", preheader: v.preheader ?? "" });
      this.templates.set(v.id, t);
    }
    return t;
  }

  private workspace(id: string): { id: string; name: string } {
    let w = this.workspaces.get(id);
    if (!w) {
      const ws = getWorkspace(this.ctx, id);
      w = { id: ws.id, name: ws.name };
      this.workspaces.set(id, w);
    }
    return w;
  }
}
