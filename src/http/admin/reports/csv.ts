import type { Context } from "hono";

/** A report table as a CSV download that is never cached nor sniffed as something else. */
export function csvResponse(c: Context, filename: string, body: string): Response {
  c.header("Content-Type", "text/csv; charset=utf-8");
  c.header("Content-Disposition", `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`);
  c.header("Cache-Control", "no-store");
  c.header("X-Content-Type-Options", "nosniff");
  return c.body(body);
}
