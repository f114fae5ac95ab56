import sanitizeHtml from "sanitize-html";
import type { MessageChannel } from "../db/schema/index.js";

/** Channels the messenger widget shows itself (chat messages arrive as conversations instead). */
export const INAPP_CHANNELS = ["post", "banner", "notification"] as const satisfies readonly MessageChannel[];
export type InAppChannel = (typeof INAPP_CHANNELS)[number];

export function isInAppChannel(channel: string): channel is InAppChannel {
  return (INAPP_CHANNELS as readonly string[]).includes(channel);
}

/**
 * `display.urlPattern` against the page the contact is on. `*` matches anything (including `/`), everything
 * else is literal and the whole string must match. A pattern starting with `/` is matched against the path
 * (plus the query when the pattern has a `?`), any other pattern against the full URL without its `#hash`.
 * A trailing `/` on the page path is ignored. No pattern: every page.
 */
export function urlMatches(pattern: string | undefined | null, pageUrl: string): boolean {
  if (!pattern) return true;
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return false;
  }
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : url.pathname;
  const subject = pattern.startsWith("/") ? (pattern.includes("?") ? path + url.search : path) : `${url.origin}${path}${url.search}`;
  const p = pattern.toLowerCase();
  const s = subject.toLowerCase();
  return globMatch(p, s) || (p.length > 1 && p.endsWith("/") && globMatch(p, `${s}/`));
}

/**
 * Whole-string glob match where `*` is any run of characters, in O(pattern × subject) at worst: on a mismatch it
 * only backtracks to the last `*`. (A `.*`-joined RegExp backtracks exponentially in the number of stars, and the
 * page URL comes from the visitor: `/*a*a*ab` against a 2 KB URL took seconds.)
 */
export function globMatch(pattern: string, subject: string): boolean {
  let p = 0;
  let s = 0;
  let star = -1;
  let mark = 0;
  while (s < subject.length) {
    if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      mark = s;
    } else if (p < pattern.length && pattern[p] === subject[s]) {
      p++;
      s++;
    } else if (star !== -1) {
      p = star + 1;
      s = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}

export interface QuickReply {
  label: string;
  value: string;
}

export interface InAppContent {
  replies: QuickReply[];
  /** Contact attribute filled with the chosen value. */
  attribute: string | null;
  /** Event recorded for an answer (default `quick_reply`). */
  event: string;
  button: { label: string; url: string } | null;
  /** Whether the contact can answer a post with text (it then becomes a conversation). */
  allowReply: boolean;
}

const str = (v: unknown, max: number): string | null => (typeof v === "string" && v.trim() !== "" ? v.trim().slice(0, max) : null);

/** The channel-specific parts of a variant's `content`, with anything malformed left out. */
export function inAppContent(content: Record<string, unknown> | null | undefined): InAppContent {
  const c = content ?? {};
  const replies: QuickReply[] = [];
  for (const r of Array.isArray(c.replies) ? c.replies.slice(0, 10) : []) {
    const label = str((r as QuickReply | null)?.label, 80);
    const value = str((r as QuickReply | null)?.value, 255) ?? label;
    if (label && value && !replies.some((x) => x.value === value)) replies.push({ label, value });
  }
  const b = c.button as { label?: unknown; url?: unknown } | undefined;
  const label = str(b?.label, 80);
  const url = str(b?.url, 2048);
  return {
    replies,
    attribute: str(c.attribute, 190),
    event: str(c.event, 255) ?? "quick_reply",
    button: label && url && /^https?:\/\//i.test(url) ? { label, url } : null,
    allowReply: c.allowReply !== false && replies.length === 0,
  };
}

/** What an in-app body may keep: the formatting the widget rebuilds, http(s)/mailto links in a new tab. */
const INAPP_HTML: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "strong", "b", "em", "i", "u", "s", "a", "ul", "ol", "li", "code", "pre", "blockquote", "h1", "h2", "h3"],
  allowedAttributes: { a: ["href", "target", "rel"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  transformTags: { a: sanitizeHtml.simpleTransform("a", { target: "_blank", rel: "nofollow noopener noreferrer" }) },
};

/** Author HTML (already rendered from markdown when that was the format) → what the widget receives. */
export function sanitizeInAppHtml(html: string): string {
  return sanitizeHtml(html, INAPP_HTML).trim();
}
