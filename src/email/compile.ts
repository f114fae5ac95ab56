import { createHash, randomBytes } from "node:crypto";
import { invalid } from "../lib/errors.js";
import { oneLine } from "./address.js";
import { bodyToHtml, bodyToText, decodeEntities, type EmailBody } from "./body.js";
import { htmlLiquid, LiquidVault, parseLiquid, plainLiquid, renderLiquid, type Template } from "./liquid.js";
import { escapeHtml } from "./markdown.js";
import { renderMjml } from "./mjml.js";

/** Values a template sees: `contact`, `company`, `workspace`, `unsubscribe_url`, and anything a caller adds. */
export type TemplateVars = Record<string, unknown>;

export interface RenderOptions {
  /** The href to write for link `index` whose final URL is `url` (click tracking); the URL itself when omitted. */
  link?: (url: string, index: number) => string;
  /** Open-pixel URL; no pixel when omitted. */
  pixel?: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** A template rendered through MJML once; `render` only substitutes (microseconds per recipient). */
export interface CompiledTemplate {
  /** Link targets (Liquid source) by their stable index, in document order. */
  readonly links: readonly string[];
  render(vars: TemplateVars, opts?: RenderOptions): RenderedEmail;
}

export interface CompileOptions {
  subject?: string;
  /** The inbox preview line (`{{ preheader }}` in the layout). */
  preheader?: string;
}

const SLOT = /\{\{\s*body\s*\}\}/g;
const PREHEADER = /\{\{\s*preheader\s*\}\}/g;
const ANCHOR_HREF = /(<a\b[^>]*?\shref\s*=\s*)(["'])([^]*?)\2/gi;
const TEXT_FOOTER = "{% if unsubscribe_url %}\n\n--\nUnsubscribe: {{ unsubscribe_url }}{% endif %}";

/** Compiled templates by content: the sender may ask per batch and still renders MJML once per variant. */
const cache = new Map<string, Promise<CompiledTemplate>>();
const CACHE_MAX = 200;

/**
 * Compiles layout + body (+ subject) into a template rendered per recipient. MJML runs once, with
 * Liquid hidden behind tokens so it survives MJML untouched; the HTML is then parsed once by Liquid
 * with every output HTML-escaped. Identical input reuses the earlier compilation.
 */
export function compileTemplate(layout: string, body: EmailBody, opts: CompileOptions = {}): Promise<CompiledTemplate> {
  const key = createHash("sha256").update(JSON.stringify([layout, body, opts.subject ?? "", opts.preheader ?? ""])).digest("base64");
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const made = compile(layout, body, opts);
  cache.set(key, made);
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
  made.catch(() => cache.delete(key));
  return made;
}

/** Checks a custom layout (MJML and Liquid); throws a VALIDATION error naming the line. */
export async function validateLayout(layout: string): Promise<void> {
  await compileTemplate(layout, { html: "" });
}

interface Parts {
  nonce: string;
  html: string;
  links: string[];
  bodyHtml: string;
  vault: LiquidVault;
  subject: Template[];
}

async function compile(layout: string, body: EmailBody, opts: CompileOptions): Promise<CompiledTemplate> {
  if ((layout.match(SLOT)?.length ?? 0) !== 1) throw invalid("layout", "The layout must contain {{ body }} exactly once.");
  const bodySource = "markdown" in body ? body.markdown : body.html;
  parseLiquid(htmlLiquid, bodySource, "body");
  parseLiquid(htmlLiquid, layout, "layout");
  const subject = parseLiquid(plainLiquid, opts.subject ?? "", "subject");

  const nonce = randomBytes(4).toString("hex");
  const vault = new LiquidVault(nonce);
  const bodyHtml = bodyToHtml("markdown" in body ? { markdown: vault.hide(body.markdown) } : { html: vault.hide(body.html) });
  const preheader = escapeHtml(vault.hide(opts.preheader ?? "").replace(/\s+/g, " "));
  const bodyMark = `plb${nonce}z`;
  const source = vault.hide(layout.replace(SLOT, bodyMark).replace(PREHEADER, preheader)).replace(bodyMark, () => bodyHtml);
  const links: string[] = [];
  const html = markLinks(await renderMjml(source), vault, nonce, links);
  return assemble({ nonce, html, links, bodyHtml, vault, subject });
}

/**
 * Replaces every link target with a marker `plk<nonce>z<index>z`: the index is the link's stable
 * position, and per recipient the marker becomes the (tracked) URL. Runs while Liquid is still hidden,
 * so quotes inside Liquid cannot end the attribute early.
 */
function markLinks(html: string, vault: LiquidVault, nonce: string, links: string[]): string {
  return html.replace(ANCHOR_HREF, (whole, start: string, _q: string, href: string) => {
    const target = vault.restore(decodeEntities(href)).trim();
    if (target === "" || target.startsWith("#")) return whole;
    return `${start}"plk${nonce}z${links.push(target) - 1}z"`;
  });
}

/** Parses the finished HTML, text and links once and returns the per-recipient renderer. */
function assemble(p: Parts): CompiledTemplate {
  const pixelMark = `plp${p.nonce}z`;
  const withPixel = /<\/body>/i.test(p.html) ? p.html.replace(/<\/body>/i, `${pixelMark}</body>`) : p.html + pixelMark;
  const htmlTpl = parseLiquid(htmlLiquid, p.vault.restore(withPixel), "layout");
  const textTpl = parseLiquid(plainLiquid, p.vault.restore(bodyToText(p.bodyHtml)) + TEXT_FOOTER, "body");
  const linkTpls = p.links.map((l) => parseLiquid(plainLiquid, l, "link"));
  const linkMark = new RegExp(`plk${p.nonce}z(\\d+)z`, "g");
  return {
    links: p.links,
    render(vars, ro = {}) {
      const href = (i: number): string => {
        const url = renderLiquid(plainLiquid, linkTpls[i]!, vars, "link").trim();
        if (/^https?:\/\//i.test(url)) return ro.link ? ro.link(url, i) : url;
        // A value that turned a link into javascript: or the like is dropped, not written.
        return /^mailto:/i.test(url) ? url : "#";
      };
      const pixel = ro.pixel ? `<img src="${escapeHtml(ro.pixel)}" width="1" height="1" alt="" style="display:block;border:0;height:1px;width:1px;" />` : "";
      const html = renderLiquid(htmlLiquid, htmlTpl, vars, "layout")
        .replace(linkMark, (_, n: string) => escapeHtml(href(Number(n))))
        .replace(pixelMark, () => pixel);
      return {
        subject: oneLine(renderLiquid(plainLiquid, p.subject, vars, "subject")),
        html,
        text: renderLiquid(plainLiquid, textTpl, vars, "body").trim(),
      };
    },
  };
}
