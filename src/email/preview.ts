import type { Ctx } from "../context.js";
import { escapeHtml } from "./markdown.js";
import { readClickToken } from "./tokens.js";

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Email HTML for an operator's preview: the open pixel removed and tracked links pointed back at
 * their targets, so looking at a message in the admin never counts as the contact opening or clicking it.
 */
export function previewHtml(ctx: Ctx, html: string): string {
  const base = escapeRe(ctx.config.PUBLIC_URL);
  return html
    .replace(new RegExp(`<img\\b[^>]*\\bsrc="${base}/e/o/[^"]*"[^>]*>`, "g"), "")
    .replace(new RegExp(`${base}/e/c/([A-Za-z0-9_.-]+)`, "g"), (_, token: string) => escapeHtml(readClickToken(ctx, token)?.url ?? "#"));
}
