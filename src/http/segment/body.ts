import type { Context } from "hono";
import { readCapped } from "../../lib/read-capped.js";

export type BodyResult = { ok: true; value: Record<string, unknown> } | { ok: false; status: 400 | 413; error: string };

/**
 * Reads the body as JSON whatever the Content-Type says (analytics.js sends JSON as `text/plain`).
 * A declared length over `limit` is refused before reading; bodies without one (chunked) or compressed
 * ones are read with a running cap, so an oversized or decompression-bomb body is never held whole.
 */
export async function readJsonBody(c: Context, limit: number, what: string): Promise<BodyResult> {
  const declared = c.req.header("content-length");
  if (declared !== undefined && Number(declared) > limit) return tooLarge(limit, what);
  const encoding = c.req.header("content-encoding");
  let text: string | undefined;
  if (encoding && encoding !== "identity") {
    if (encoding !== "gzip" && encoding !== "deflate") return { ok: false, status: 400, error: `Content-Encoding ${encoding} is not supported` };
    const body = c.req.raw.body;
    text = body ? await readCapped(body.pipeThrough(new DecompressionStream(encoding)), limit) : "";
  } else if (declared !== undefined) {
    text = await c.req.text();
  } else {
    const body = c.req.raw.body;
    text = body ? await readCapped(body, limit) : "";
  }
  if (text === undefined || text.length > limit) return tooLarge(limit, what);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, status: 400, error: "Body is not valid JSON" };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return { ok: false, status: 400, error: "Body must be a JSON object" };
  return { ok: true, value: value as Record<string, unknown> };
}

function tooLarge(limit: number, what: string): BodyResult {
  return { ok: false, status: 413, error: `${what} is larger than the ${Math.round(limit / 1024)} KB limit` };
}
