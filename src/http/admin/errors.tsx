import type { Context, ErrorHandler } from "hono";
import { AppError, type ErrorCode } from "../../lib/errors.js";
import { Notice } from "../../../views/auth/notice.js";
import { FlashRegion } from "../../../views/components/flash.js";
import { CSRF_REFUSED } from "../middleware/csrf.js";
import type { AdminEnv } from "./env.js";
import { barePage, isHtmx, page, sendHtml } from "./render.js";

const TITLES: Partial<Record<ErrorCode, string>> = {
  NOT_FOUND: "Not found",
  FORBIDDEN: "Not allowed",
  UNAUTHORIZED: "Please sign in",
  RATE_LIMITED: "Slow down",
  VALIDATION: "Check the form",
  CONFLICT: "Already exists",
  PRECONDITION_FAILED: "Not possible right now",
};

/**
 * Admin errors as pages people can act on: a notice in the shell (or the bare layout when signed
 * out), or for htmx a message swapped into #flash. 4xx are expected; 5xx are logged with the request id.
 */
export const adminErrorHandler: ErrorHandler<AdminEnv> = (err, c) => {
  const known = err instanceof AppError ? err : undefined;
  if (!known) {
    c.var.ctx.log.error("admin request failed", { requestId: c.var.requestId, path: c.req.path, err: String(err?.stack ?? err) });
  }
  const status = (known?.status ?? 500) as 400 | 403 | 404 | 409 | 412 | 429 | 500;
  const title = known?.publicCode === CSRF_REFUSED ? "Request refused" : (known && TITLES[known.code]) ?? "Something went wrong";
  const message = known?.message ?? "Parley hit an unexpected error. Try again; if it keeps happening, share the request id with whoever runs Parley.";
  if (isHtmx(c)) return flashOnly(c, `${title}: ${message}`, status);
  const body = <Notice title={title} message={message} requestId={known ? undefined : c.var.requestId} action={<a href="/">Back to Parley</a>} />;
  if (c.var.operator && c.var.session && c.var.workspace && c.var.workspaces) return page(c, { title, active: "home", fragment: body, status });
  return barePage(c, title, body, status);
};

/** htmx error responses replace #flash instead of the request's own target. */
function flashOnly(c: Context<AdminEnv>, text: string, status: 400 | 403 | 404 | 409 | 412 | 429 | 500) {
  c.header("HX-Retarget", "#flash");
  c.header("HX-Reswap", "outerHTML");
  return sendHtml(c, <FlashRegion flash={{ kind: "error", text }} />, status);
}
