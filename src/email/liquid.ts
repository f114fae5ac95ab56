import { Liquid, type Template } from "liquidjs";
import { invalid } from "../lib/errors.js";

export type { Template };

/**
 * Limits keep one hostile template from stalling the sender: parse size, render time and memory.
 * `ownPropertyOnly` stops `{{ contact.constructor }}`-style walks up the prototype chain.
 */
const common = { ownPropertyOnly: true, strictFilters: true, parseLimit: 1_000_000, renderLimit: 5_000, memoryLimit: 10_000_000 } as const;

/** For HTML: every substituted value is HTML-escaped. */
export const htmlLiquid = new Liquid({ ...common, outputEscape: "escape" });
/** For plain text, subjects and URLs, where HTML escaping would show up as `&amp;`. */
export const plainLiquid = new Liquid({ ...common });

const EXPRESSION = /\{\{[^]*?\}\}|\{%[^]*?%\}/g;

/**
 * Liquid kept out of sight of the markdown converter, the sanitizer and MJML, which would otherwise
 * escape its quotes (`default: "there"` inside an href) or drop it. Each expression becomes an
 * alphanumeric token (`plq<nonce>z<n>z`) that all of them pass through untouched, followed by the
 * expression's own line breaks so MJML's error line numbers still match the author's source.
 */
export class LiquidVault {
  private readonly saved: string[] = [];
  constructor(private readonly nonce: string) {}

  hide(source: string): string {
    return source.replace(EXPRESSION, (expr) => {
      this.saved.push(expr);
      return `plq${this.nonce}z${this.saved.length - 1}z` + "\n".repeat((expr.match(/\n/g) ?? []).length);
    });
  }

  restore(source: string): string {
    return source.replace(new RegExp(`plq${this.nonce}z(\\d+)z`, "g"), (tok, n: string) => this.saved[Number(n)] ?? tok);
  }
}

/**
 * `raw` would print a contact's data unescaped into the HTML; emails never need it, since the author's
 * own markup is part of the template, not of a value.
 */
function assertNoRaw(source: string, field: string): void {
  if (/\|\s*raw\b/.test(source)) throw invalid(field, "The `raw` filter is not allowed in emails: substituted values are always escaped.");
}

/** Parses once; a syntax error becomes a VALIDATION error naming the field and Liquid's line. */
export function parseLiquid(engine: Liquid, source: string, field: string): Template[] {
  assertNoRaw(source, field);
  try {
    return engine.parse(source);
  } catch (err) {
    throw invalid(field, `Liquid error in ${field}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Renders a parsed template; a runtime failure (limits, bad filter argument) becomes a VALIDATION error. */
export function renderLiquid(engine: Liquid, tpl: Template[], vars: object, field: string): string {
  try {
    return engine.renderSync(tpl, vars) as string;
  } catch (err) {
    throw invalid(field, `Liquid error in ${field}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
