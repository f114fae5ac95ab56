import sanitizeHtml from "sanitize-html";
import { decodeEntities } from "../lib/html.js";
import { markdownToHtml } from "./markdown.js";

/** What an author writes: markdown (the subset in markdown.ts) or rich-text HTML from an editor. */
export type EmailBody = { markdown: string } | { html: string };

/** Markup an email body may keep; everything else is removed (scripts, styles, forms, event handlers…). */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    "p", "br", "strong", "b", "em", "i", "u", "s", "a", "ul", "ol", "li", "h1", "h2", "h3", "h4",
    "blockquote", "code", "pre", "hr", "img", "span", "div",
  ],
  allowedAttributes: { a: ["href", "title"], img: ["src", "alt", "width", "height"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["http", "https"] },
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
};

/**
 * Body → sanitized HTML on one line. One line because it is spliced into the layout before MJML runs:
 * MJML's error line numbers then still point into the author's layout. Newlines inside `<pre>` become
 * `&#10;`, which renders the same.
 */
export function bodyToHtml(body: EmailBody): string {
  const html = "markdown" in body ? markdownToHtml(body.markdown) : body.html;
  const clean = sanitizeHtml(html, SANITIZE);
  return clean.replace(/<pre>[^]*?<\/pre>/g, (pre) => pre.replace(/\r?\n/g, "&#10;")).replace(/\s*\r?\n\s*/g, " ");
}

export { decodeEntities };

/**
 * Sanitized body HTML → the plain-text alternative: blocks become blank-line separated, list items get a
 * dash, and a link keeps its target as `text (url)` since plain text cannot hide it.
 */
export function bodyToText(html: string): string {
  const text = html
    .replace(/<a\b[^>]*?href="([^"]*)"[^>]*>([^]*?)<\/a>/gi, (_, href: string, label: string) => {
      const shown = label.replace(/<[^>]*>/g, "").trim();
      return shown && decodeEntities(shown) !== decodeEntities(href) ? `${shown} (${href})` : href;
    })
    .replace(/&#10;/g, "\n")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<li\b[^>]*>/gi, "- ")
    .replace(/<\/li\s*>/gi, "\n")
    .replace(/<hr\b[^>]*>/gi, "\n----\n")
    .replace(/<\/(p|div|h[1-6]|blockquote|pre|ul|ol)\s*>/gi, "\n\n")
    .replace(/<[^>]*>/g, "");
  return decodeEntities(text)
    .split("\n")
    .map((l) => l.replace(/[ \t]+$/g, "").replace(/^ +/, ""))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
