import { findContact } from "../contacts/index.js";
import type { Ctx } from "../context.js";
import { renderSavedReply, type ReplyVars } from "../conversations/index.js";
import { markdownToHtml } from "../email/index.js";
import { sanitizeInAppHtml } from "./inapp-rules.js";

/** Rendered bodies by source: the widget asks on every page view and a body rarely changes. */
const cache = new Map<string, string>();
const CACHE_MAX = 500;

/** Liquid variables of a contact, as chat messages get them (`{{ contact.first_name | default: "there" }}`). */
export function personalVars(ctx: Ctx, workspaceId: string, contactId: string): ReplyVars {
  const c = findContact(ctx, workspaceId, contactId);
  return {
    contact: {
      name: c?.name ?? null, email: c?.email ?? null, user_id: c?.externalId ?? null,
      first_name: c?.name?.trim().split(/\s+/)[0] || null, custom_attributes: c?.customAttributes ?? {},
    },
    operator: { name: "", email: "" },
  };
}

/**
 * Characters of substituted values that could make markup: links (`[..](..)`, `<https://..>`), tags, entities,
 * attribute quotes and line structure. Inside values they are swapped for private-use stand-ins (U+E000 + code)
 * before markdown/HTML is read and turned back into escaped text afterwards, so a contact's name or attributes
 * (which the contact can set from the page) always render as the text they are, never as a link or a tag.
 */
const SHIELD = /[[\]<>&"'\n\r]/g;
const SHIELDED = /[\uE000-\uE07F]/g;
const ENTITY: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&#39;", "\n": " ", "\r": " " };

function shield(v: unknown): unknown {
  if (typeof v === "string") return v.replace(SHIELD, (ch) => String.fromCharCode(0xe000 + ch.charCodeAt(0)));
  if (Array.isArray(v)) return v.map(shield);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shield(x)]));
  return v;
}

function unshield(html: string): string {
  return html.replace(SHIELDED, (ch) => {
    const plain = String.fromCharCode(ch.charCodeAt(0) - 0xe000);
    return ENTITY[plain] ?? plain;
  });
}

/**
 * A variant body → sanitized HTML for the widget. Liquid runs first (a broken template shows as written) with
 * shielded values (see `SHIELD`), then markdown (the email subset: raw HTML stays text) or, for HTML bodies,
 * the in-app allowlist (`sanitizeInAppHtml`), so nothing a contact's attributes hold can add markup.
 */
export function inAppBodyHtml(body: string, format: "markdown" | "html", vars?: ReplyVars): string {
  let source = body.replace(SHIELDED, "");
  if (vars && /\{\{|\{%/.test(body)) {
    try {
      source = renderSavedReply({ body: source }, shield(vars) as ReplyVars);
    } catch {
      source = body.replace(SHIELDED, "");
    }
  }
  const key = `${format}\0${source}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const html = sanitizeInAppHtml(unshield(format === "html" ? source : markdownToHtml(source)));
  cache.set(key, html);
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
  return html;
}
