import { randomUUID } from "node:crypto";
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Ctx } from "../../context.js";
import { AppError, type ErrorCode } from "../../lib/errors.js";

/** Intercom's default error code for each domain code; `AppError.publicCode` overrides it. */
const PUBLIC_CODE: Record<ErrorCode, string> = {
  VALIDATION: "parameter_invalid",
  NOT_FOUND: "not_found",
  CONFLICT: "conflict",
  UNAUTHORIZED: "unauthorized",
  FORBIDDEN: "forbidden",
  RATE_LIMITED: "rate_limit_exceeded",
  PRECONDITION_FAILED: "precondition_failed",
  PAYLOAD_TOO_LARGE: "request_too_large",
};

/** The `{type:"error.list", request_id, errors:[…]}` response Intercom clients parse. */
export function errorResponse(c: Context, status: ContentfulStatusCode, code: string, message: string, field?: string): Response {
  const error = field ? { code, message, field } : { code, message };
  return c.json({ type: "error.list", request_id: requestIdOf(c), errors: [error] }, status);
}

/** Maps every error thrown under /api to the Intercom shape; only 5xx are logged. */
export function apiErrorHandler(ctx: Ctx): ErrorHandler {
  return (err, c) => {
    if (err instanceof AppError) {
      return errorResponse(c, err.status as ContentfulStatusCode, err.publicCode ?? PUBLIC_CODE[err.code], err.message, err.field);
    }
    if (err instanceof HTTPException && err.status < 500) {
      return errorResponse(c, err.status, err.status === 401 ? "unauthorized" : "bad_request", err.message || "Bad request");
    }
    ctx.log.error("api request failed", {
      requestId: requestIdOf(c),
      method: c.req.method,
      path: c.req.path,
      err: err instanceof Error ? (err.stack ?? err.message) : String(err),
    });
    return errorResponse(c, 500, "server_error", "Internal server error");
  };
}

/** 404 for unknown /api paths, in the same error.list shape. */
export const apiNotFound: NotFoundHandler = (c) =>
  errorResponse(c, 404, "not_found", `No route for ${c.req.method} ${c.req.path}`);

function requestIdOf(c: Context): string {
  const id = c.get("requestId") as string | undefined;
  return id ?? randomUUID();
}
