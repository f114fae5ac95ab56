import { Hono } from "hono";
import type { Ctx } from "../../context.js";
import { getContact } from "../../contacts/index.js";
import { notFound } from "../../lib/errors.js";
import type { ApiEnv } from "../middleware/api-auth.js";

/**
 * Segments, answered empty until the segments engine lands; its routes replace these.
 * `GET /segments` must still answer: intercom.io and v7 call it on setup.
 */
export function segmentsApp(ctx: Ctx): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/segments", (c) => c.json({ type: "segment.list", segments: [] }));
  app.get("/segments/:id", () => {
    throw notFound("Segment Not Found");
  });
  app.get("/contacts/:id/segments", (c) => {
    getContact(ctx, c.var.workspace.id, c.req.param("id"));
    return c.json({ type: "list", data: [] });
  });
  return app;
}
