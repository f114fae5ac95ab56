import { Hono } from "hono";
import type { Ctx } from "../../../context.js";
import { listSegmentSummaries } from "../../../segments/index.js";
import { SegmentList } from "../../../../views/segments/list.js";
import type { AdminEnv } from "../env.js";
import { adminErrorHandler } from "../errors.js";
import { adminGuards } from "../guards.js";
import { page } from "../render.js";
import { detailRoutes } from "./detail.js";
import { editorRoutes } from "./editor.js";

/**
 * `/segments/*`: the list, the builder (live count and sample while editing), the segment page with size history,
 * members, CSV export and the explainer. Fixed paths are registered before `/:id`.
 */
export function segmentsApp(ctx: Ctx): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.onError(adminErrorHandler);
  app.use("*", ...adminGuards(ctx));
  app.get("/", async (c) => page(c, { title: "Segments", active: "segments", fragment: <SegmentList segments={await listSegmentSummaries(ctx, c.var.workspace.id)} /> }));
  editorRoutes(app, ctx);
  detailRoutes(app, ctx);
  return app;
}
