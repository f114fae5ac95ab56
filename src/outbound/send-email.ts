import type { Company } from "../companies/index.js";
import type { Ctx } from "../context.js";
import type { Contact } from "../contacts/index.js";
import { buildEmail, compileTemplate, DEFAULT_LAYOUT, sendMail, type CompiledTemplate, type SendResult } from "../email/index.js";
import { getWorkspace } from "../workspaces/index.js";
import type { LoadedMessage } from "./loaded.js";
import { markClosed, markRetry, markSending, markSent } from "./marks.js";
import { recordDeliveryOutcome } from "./outcomes.js";
import type { Delivery, Variant } from "./queries.js";
import { firstCompanies } from "./round-companies.js";
import { BACKOFF } from "./rules.js";

export type EmailOutcome = "sent" | "skipped" | "failed" | "retried";

/**
 * The Message-ID of a delivery, the same on every attempt: if a crash hides whether the server took an earlier
 * attempt, the resend is the same message to the receiving system (mailbox providers collapse equal Message-IDs).
 */
export function deliveryMessageId(ctx: Ctx, deliveryId: string): string {
  return `<${deliveryId}@${new URL(ctx.config.PUBLIC_URL).hostname || "parley.local"}>`;
}

/**
 * Renders (one MJML compile per variant, then a compiled Liquid template per recipient) and sends email
 * deliveries, recording each one's hand-off and result by its own single-row write (src/outbound/marks.ts).
 */
export class EmailSender {
  private readonly templates = new Map<string, Promise<CompiledTemplate>>();
  private readonly workspaces = new Map<string, { id: string; name: string }>();
  private companies = new Map<string, Company | null>();
  private readonly host: string;

  constructor(private readonly ctx: Ctx) {
    this.host = new URL(ctx.config.PUBLIC_URL).hostname || "parley.local";
  }

  /** Loads what a round's emails personalize with (each contact's company) in one query. */
  prepareRound(contactIds: string[]): void {
    this.companies = firstCompanies(this.ctx, contactIds);
  }

  /** Sends one claimed delivery outside any transaction and records what happened. */
  async send(m: LoadedMessage, d: Delivery, contact: Contact): Promise<EmailOutcome> {
    const ctx = this.ctx;
    let result: SendResult;
    try {
      const variant = m.variants.find((v) => v.id === d.variantId);
      if (!variant) return this.close(d, "failed", "variant_gone");
      const tpl = await this.template(variant);
      const company = this.companies.has(contact.id) ? this.companies.get(contact.id) : undefined;
      const mail = buildEmail(ctx, tpl, { workspace: this.workspace(m.workspaceId), contact, company, deliveryId: d.id }, { fromName: m.sender?.name || undefined });
      let lost = false;
      result = await sendMail(ctx, { ...mail, messageId: `<${d.id}@${this.host}>` }, {
        // Durable before the transport sees the message: a crash from here on leaves the one ambiguous state.
        beforeTransport: () => !(lost = !markSending(ctx, d.id, ctx.clock.now())),
      });
      // The row stopped being this sender's claim (recovered as stale): whoever holds it now sends it.
      if (lost) return "skipped";
    } catch (e) {
      return this.close(d, "failed", `render: ${e instanceof Error ? e.message : String(e)}`);
    }
    return this.record(d, result);
  }

  /** Writes the result right after the server's answer, before any other await (the crash window stays tiny). */
  private record(d: Delivery, r: SendResult): EmailOutcome {
    const ctx = this.ctx;
    const now = ctx.clock.now();
    if (r.status === "sent") {
      if (markSent(ctx, d.id, now, r.messageId)) {
        ctx.bus.publish("delivery.sent", { workspaceId: d.workspaceId, contactId: d.contactId, messageId: d.messageId, deliveryId: d.id, channel: "email" });
      }
      return "sent";
    }
    if (r.status === "suppressed") return this.close(d, "skipped", `suppressed: ${r.reason}`);
    if (!r.permanent && d.attempts <= BACKOFF.length) {
      markRetry(ctx, d.id, now, now + BACKOFF[d.attempts - 1]!, r.error);
      return "retried";
    }
    const outcome = this.close(d, "failed", r.error);
    if (r.recipientRejected) recordDeliveryOutcome(ctx, d.id, "bounced", now);
    return outcome;
  }

  private close(d: Delivery, status: "failed" | "skipped", error: string): EmailOutcome {
    markClosed(this.ctx, d.id, this.ctx.clock.now(), status, error);
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
