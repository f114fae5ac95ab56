import type { Ctx } from "../context.js";
import { listContactCompanies, type Company } from "../companies/index.js";
import type { Contact } from "../contacts/index.js";
import { invalid } from "../lib/errors.js";
import type { CompiledTemplate, TemplateVars } from "./compile.js";
import { inboundDomain } from "./reply-address.js";
import { clickToken, openToken, unsubscribeToken, type TrackingRef } from "./tokens.js";
import type { OutgoingMail } from "./types.js";

const MAX_TRACKED_URL = 2000;

/** Who a message goes to, and on behalf of which workspace (and delivery, when the sender has one). */
export interface Recipient {
  workspace: { id: string; name: string };
  contact: Contact;
  /** The company to personalize with; by default the contact's first one. `null` for none. */
  company?: Company | null | undefined;
  deliveryId?: string | undefined;
}

export interface BuildOptions {
  /** Open pixel and click redirects (default on). */
  track?: boolean;
  /** From display name; default the workspace name. */
  fromName?: string;
  replyTo?: string;
  /** Conversation replies and other mail the contact asked for: no unsubscribe link or List-Unsubscribe. */
  transactional?: boolean;
  /** More Liquid variables (e.g. `operator`). */
  vars?: TemplateVars;
}

/** `contact.*` as templates see it: Intercom's snake_case names, custom attributes under `custom_attributes`. */
export function contactVars(c: Contact): TemplateVars {
  const first = c.name?.trim().split(/\s+/)[0];
  return {
    id: c.id, user_id: c.externalId, email: c.email, phone: c.phone, name: c.name, first_name: first || null,
    role: c.role, city: c.city, country: c.country, signed_up_at: c.signedUpAt, custom_attributes: c.customAttributes,
  };
}

/** `company.*` as templates see it (`id` is the product's own company id). */
export function companyVars(c: Company | null | undefined): TemplateVars | null {
  if (!c) return null;
  return {
    id: c.companyId, name: c.name, plan: c.plan, size: c.size, website: c.website, industry: c.industry,
    monthly_spend: c.monthlySpend, custom_attributes: c.customAttributes,
  };
}

/**
 * One recipient's message from a compiled template: Liquid variables, tracked links (every http(s)
 * link except the unsubscribe one), the open pixel, and RFC 8058 one-click unsubscribe headers.
 */
export function buildEmail(ctx: Ctx, tpl: CompiledTemplate, r: Recipient, o: BuildOptions = {}): OutgoingMail {
  const email = r.contact.email;
  if (!email) throw invalid("email", "This contact has no email address.");
  const ref: TrackingRef = { workspaceId: r.workspace.id, contactId: r.contact.id, deliveryId: r.deliveryId };
  const base = ctx.config.PUBLIC_URL;
  const unsubscribeUrl = o.transactional ? undefined : `${base}/u/${unsubscribeToken(ctx, ref)}`;
  const company = r.company === undefined ? listContactCompanies(ctx, r.contact.id, { limit: 1, offset: 0 })[0] : r.company;
  const vars: TemplateVars = {
    ...o.vars,
    contact: contactVars(r.contact),
    company: companyVars(company),
    workspace: { name: r.workspace.name },
    ...(unsubscribeUrl ? { unsubscribe_url: unsubscribeUrl } : {}),
  };
  const track = o.track !== false;
  const rendered = tpl.render(vars, {
    ...(track ? { pixel: `${base}/e/o/${openToken(ctx, ref)}` } : {}),
    // Very long URLs stay untracked rather than become tokens too long for a URL.
    link: (url, i) => (track && url !== unsubscribeUrl && url.length <= MAX_TRACKED_URL ? `${base}/e/c/${clickToken(ctx, ref, url, i)}` : url),
  });
  return {
    to: { name: r.contact.name, address: email },
    ...rendered,
    fromName: o.fromName ?? r.workspace.name,
    ...(o.replyTo ? { replyTo: o.replyTo } : {}),
    headers: unsubscribeUrl ? listUnsubscribeHeaders(ctx, unsubscribeUrl) : {},
    workspaceId: r.workspace.id,
    contactId: r.contact.id,
    deliveryId: r.deliveryId,
    transactional: o.transactional === true,
  };
}

/**
 * `List-Unsubscribe` with the one-click URL (RFC 8058: POST `List-Unsubscribe=One-Click` to it) and,
 * when inbound mail is set up, a mailto whose subject carries the same token.
 */
export function listUnsubscribeHeaders(ctx: Ctx, unsubscribeUrl: string): Record<string, string> {
  const domain = inboundDomain(ctx);
  const token = unsubscribeUrl.slice(unsubscribeUrl.lastIndexOf("/") + 1);
  const mailto = domain ? `, <mailto:unsubscribe@${domain}?subject=unsubscribe%20${token}>` : "";
  return { "List-Unsubscribe": `<${unsubscribeUrl}>${mailto}`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}
