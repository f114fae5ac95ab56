import type { Context, Handler } from "hono";
import type { Ctx } from "../../context.js";
import { clientAddress } from "../client-ip.js";
import { ingestMessages, MAX_MESSAGE_BYTES, type IngestRequest, type MessageType } from "../../ingest/index.js";
import type { Env } from "../env.js";
import type { WriteKeys } from "./auth.js";
import { readJsonBody } from "./body.js";
import { corsHeaders } from "./cors.js";

/** 500 KB per batch request; more than 2,500 messages is refused whole (Segment's limits). */
const MAX_BATCH_BYTES = 500 * 1024;
const MAX_BATCH_MESSAGES = 2_500;

const OK = JSON.stringify({ success: true });

type Endpoint = (c: Context<Env>) => Promise<Response>;

/** Adds CORS headers and turns unexpected failures into a logged, retryable 500. */
export function guard(ctx: Ctx, fn: Endpoint): Handler<Env> {
  return async (c) => {
    corsHeaders(c);
    try {
      return await fn(c);
    } catch (err) {
      ctx.log.error("segment ingest failed", { requestId: c.get("requestId"), path: c.req.path, err: String((err as Error)?.stack ?? err) });
      return fail(c, 500, "Internal error; retry the request");
    }
  };
}

/** One message per request (HTTP API, analytics.js): an invalid one is a 400 naming the field. */
export function singleEndpoint(ctx: Ctx, keys: WriteKeys, type: MessageType): Endpoint {
  return async (c) => {
    const receivedAt = ctx.clock.now();
    const body = await readJsonBody(c, MAX_MESSAGE_BYTES, "Message");
    if (!body.ok) return fail(c, body.status, body.error);
    const ws = keys.resolve(c.req.header("authorization"), body.value.writeKey);
    if (!ws) return unauthorized(c);
    const res = await ingestMessages(ctx, ws.id, [body.value], { receivedAt, requestIp: clientAddress(c, ctx.config.TRUST_PROXY), pathType: type });
    const drop = res.dropped[0];
    return drop ? c.json({ success: false, error: drop.message, field: drop.field }, 400) : ok(c);
  };
}

/** Many messages (server libraries): valid ones are stored, invalid ones listed under `dropped`, still a 200. */
export function batchEndpoint(ctx: Ctx, keys: WriteKeys): Endpoint {
  return async (c) => {
    const receivedAt = ctx.clock.now();
    const body = await readJsonBody(c, MAX_BATCH_BYTES, "Batch");
    if (!body.ok) return fail(c, body.status, body.error);
    const ws = keys.resolve(c.req.header("authorization"), body.value.writeKey);
    if (!ws) return unauthorized(c);
    const { batch: messages, context, integrations, sentAt } = body.value;
    if (!Array.isArray(messages)) return fail(c, 400, "batch must be an array of messages");
    if (messages.length > MAX_BATCH_MESSAGES) return fail(c, 400, `batch has ${messages.length} messages; the limit is ${MAX_BATCH_MESSAGES}`);
    const req: IngestRequest = { receivedAt, requestIp: clientAddress(c, ctx.config.TRUST_PROXY), envelope: { context, integrations, sentAt } };
    const res = await ingestMessages(ctx, ws.id, messages, req);
    // Never `error`/`errors` in a 2xx body: some clients treat those keys as failure.
    return res.dropped.length > 0 ? c.json({ success: true, dropped: res.dropped }) : ok(c);
  };
}

export function ok(c: Context): Response {
  return c.body(OK, 200, { "Content-Type": "application/json" });
}

/** Error bodies keep Segment's shape; clients only look at the status. */
export function fail(c: Context, status: 400 | 401 | 404 | 413 | 500, error: string): Response {
  return c.json({ success: false, error }, status);
}

function unauthorized(c: Context): Response {
  return fail(c, 401, "Invalid or missing write key: send it as the Basic username or as `writeKey` in the body");
}

