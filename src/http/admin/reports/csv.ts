import type { Context } from "hono";
import { invalid } from "../../../lib/errors.js";
import { readRange, type DateRange } from "./range.js";

/** A report table as a CSV download that is never cached nor sniffed as something else. */
export function csvResponse(c: Context, filename: string, body: string): Response {
  c.header("Content-Type", "text/csv; charset=utf-8");
  c.header("Content-Disposition", `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`);
  c.header("Cache-Control", "no-store");
  c.header("X-Content-Type-Options", "nosniff");
  return c.body(body);
}

/**
 * The range of the inbox and map reports (pages and exports): like `readRange`, but a `from`/`to` that is not a
 * real YYYY-MM-DD day (`2026-02-31`, `yesterday`) is a 400 naming the field instead of silently another range.
 */
export function readReportRange(q: Record<string, string | undefined>, now: number): DateRange {
  for (const field of ["from", "to"] as const) {
    const v = q[field];
    if (v === undefined || v === "") continue;
    const ms = /^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(`${v}T00:00:00Z`) : Number.NaN;
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== v) throw invalid(field, `${field} must be a day as YYYY-MM-DD`);
  }
  return readRange(q, now);
}
