import type { Context } from "hono";
import { AppError } from "../../lib/errors.js";
import type { Visit } from "../../messenger/index.js";
import { readJsonBody } from "../segment/body.js";
import { clientAddress } from "../client-ip.js";

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

/** The caller's address (see TRUST_PROXY) and browser, for sessions and location. */
export function visitOf(c: Context, trustedProxies: number): Visit {
  return { ip: clientAddress(c, trustedProxies), userAgent: c.req.header("user-agent") };
}
