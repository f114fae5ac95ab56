import sanitizeHtml from "sanitize-html";
import { decodeEntities, escapeHtml } from "../lib/html.js";

/**
 * Message bodies are stored as HTML that only this file writes: text becomes escaped `<p>` paragraphs with `<br>`
 * line breaks and its URLs linked; operator HTML keeps a small allowlist of formatting (sanitize-html).
 */

export { escapeHtml };

const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
/** Sentence punctuation right after a URL is not part of it. */
const TRAILING = /[.,;:!?)\]}]+$/;

/** Escapes one line and turns its http(s) URLs into links that open in a new tab. */
function linkify(line: string): string {
  let out = "";
  let last = 0;
  for (const m of line.matchAll(URL_RE)) {
    const url = m[0].replace(TRAILING, "");
    const at = m.index;
    out += escapeHtml(line.slice(last, at));
    const href = escapeHtml(url);
    out += `<a href="${href}" target="_blank" rel="nofollow noopener noreferrer">${href}</a>`;
    last = at + url.length;
  }
  return out + escapeHtml(line.slice(last));
}

/** Plain text → stored HTML: blank lines split paragraphs, single newlines become `<br>`. Empty text gives "". */
export function textToHtml(text: string): string {
  const paragraphs = text
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n+/)
    .map((p) => p.replace(/^\n+|\n+$/g, ""))
    .filter((p) => p.trim() !== "");
  return paragraphs.map((p) => `<p>${p.split("\n").map(linkify).join("<br>")}</p>`).join("");
}

/** HTML → plain text (full-text index, `display_as=plaintext`, email previews). Block ends become line breaks. */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<(script|style)\b[^]*?<\/\1\s*>/gi, "")
    .replace(/<!--[^]*?-->/g, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|li|h[1-6]|blockquote|pre|tr)\s*>/gi, "\n\n")
    .replace(/<[^>]*>/g, "");
  return decodeEntities(text)
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Whether a body an operator sent through the API is meant as HTML rather than plain text. */
export function looksLikeHtml(body: string): boolean {
  return /<\/?[a-z][a-z0-9]*(\s[^>]*)?\/?>/i.test(body);
}

/** Markup an operator's message may keep; everything else (scripts, styles, images, handlers…) is removed. */
const OPERATOR_HTML: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "strong", "b", "em", "i", "u", "s", "a", "ul", "ol", "li", "code", "pre", "blockquote"],
  allowedAttributes: { a: ["href", "target", "rel"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  // Links leave the widget and do not pass on who sent the visitor there.
  transformTags: { a: sanitizeHtml.simpleTransform("a", { target: "_blank", rel: "nofollow noopener noreferrer" }) },
};

/** Operator-written HTML → stored HTML (allowlisted formatting and http(s)/mailto links only). */
export function sanitizeOperatorHtml(html: string): string {
  return sanitizeHtml(html, OPERATOR_HTML).trim();
}
