import { Hono } from "hono";
import { z } from "zod";
import type { Ctx } from "../../context.js";
import { findContactByRef } from "../../contacts/index.js";
import { AppError, invalid } from "../../lib/errors.js";
import { currentVersion, enrollContact, getSeries, listSeries, type Enrollment, type Series } from "../../series/index.js";
import type { ApiEnv } from "../middleware/api-auth.js";
import { readJson } from "./body.js";
import { seconds } from "./serialize.js";

const enrollBody = z.strictObject({ id: z.string().max(100).optional(), contact_id: z.string().max(100).optional(), external_id: z.string().max(255).optional(), email: z.string().max(320).optional() });

function seriesJson(ctx: Ctx, s: Series) {
  return { type: "series", id: s.id, name: s.name, status: s.status, version: currentVersion(ctx, s).number, created_at: seconds(s.createdAt), updated_at: seconds(s.updatedAt) };
}

function enrollmentJson(e: Enrollment) {
  return {
    type: "series_enrollment", id: e.id, series_id: e.seriesId, contact_id: e.contactId, status: e.status, step_id: e.stepId,
    occurrence: e.occurrence, entered_at: seconds(e.enteredAt), wake_at: seconds(e.wakeAt),
  };
}

/** `GET /series`, `GET /series/:id`, `POST /series/:id/enrollments` (add a contact; the series' re-entry policy applies). */
export function seriesApiApp(ctx: Ctx): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/series", (c) => c.json({ type: "list", data: listSeries(ctx, c.var.workspace.id).map((s) => seriesJson(ctx, s)) }));
  app.get("/series/:id", (c) => c.json(seriesJson(ctx, getSeries(ctx, c.var.workspace.id, c.req.param("id")))));
  app.post("/series/:id/enrollments", async (c) => {
    const ws = c.var.workspace.id;
    const body = await readJson(c, enrollBody);
    const id = body.contact_id ?? body.id;
    if (!id && !body.external_id && !body.email) throw invalid("contact_id", "One of contact_id, external_id or email is required", "parameter_not_found");
    const s = getSeries(ctx, ws, c.req.param("id"));
    const contact = findContactByRef(ctx, ws, { id, externalId: body.external_id, email: body.email });
    if (!contact) throw new AppError("NOT_FOUND", "User Not Found");
    const res = enrollContact(ctx, ws, s.id, contact.id, "api");
    if ("skipped" in res) throw new AppError(res.skipped === "not_live" ? "PRECONDITION_FAILED" : "CONFLICT", `Not enrolled: ${res.skipped.replace(/_/g, " ")}`);
    return c.json(enrollmentJson(res.enrollment));
  });
  return app;
}
