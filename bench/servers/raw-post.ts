/**
 * The HTTP ceiling: bare Hono on @hono/node-server that parses the JSON body of POST /v1/track or
 * /v1/batch and answers 200 {"success":true}, storing nothing. No auth, no validation, no DB.
 * Env: PORT, HOST. Run with `node --import tsx bench/servers/raw-post.ts` (pinned by bench/run.ts).
 */
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const app = new Hono();
let events = 0;

app.post("/v1/track", async (c) => {
  const body = (await c.req.json()) as { type?: string };
  if (body.type) events++;
  return c.json({ success: true });
});

app.post("/v1/batch", async (c) => {
  const body = (await c.req.json()) as { batch?: unknown[] };
  events += body.batch?.length ?? 0;
  return c.json({ success: true });
});

app.get("/healthz", (c) => c.json({ ok: true, events }));

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3001), hostname: process.env.HOST ?? "127.0.0.1" });
process.on("SIGTERM", () => server.close(() => process.exit(0)));
