import type { Context } from "hono";
import { AppError } from "../../lib/errors.js";
import type { Visit } from "../../messenger/index.js";
import { readJsonBody } from "../segment/body.js";

/** Widget bodies are small: settings, a message, an event. */
const BODY_LIMIT = 32 * 1024;

/** The JSON body (whatever the content type), or a 400/413 naming the problem. */
export async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  const declared = c.req.header("content-length");
  if (declared === "0" || (declared === undefined && !c.req.raw.body)) return {};
  const res = await readJsonBody(c, BODY_LIMIT, "Messenger request");
  if (res.ok) return res.value;
  throw new AppError(res.status === 413 ? "PAYLOAD_TOO_LARGE" : "VALIDATION", res.error, { field: "body" });
}

/** The caller's address and browser, for sessions and location; the first proxy hop when behind one. */
export function visitOf(c: Context): Visit {
  const fwd = c.req.header("x-forwarded-for")?.split(",", 1)[0]?.trim();
  const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
  return { ip: fwd || socket, userAgent: c.req.header("user-agent") };
}
