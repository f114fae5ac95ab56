import type { Hono } from "hono";
import type { Ctx } from "../../../context.js";
import { AUDIENCE_TABLES, audienceReport, tableCsv, type AudienceTable } from "../../../analytics/index.js";
import { notFound } from "../../../lib/errors.js";
import { AudiencePage } from "../../../../views/reports/audience.js";
import type { AdminEnv } from "../env.js";
import { page } from "../render.js";
import { csvResponse } from "./csv.js";
import { readRange } from "./range.js";

/** `/reports/audience` and its CSV export (`/reports/audience.csv?table=…&from=…&to=…`). */
export function audienceRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  app.get("/audience", (c) => {
    const range = readRange(c.req.query(), ctx.clock.now());
    const report = audienceReport(ctx.db.$client, c.var.workspace.id, range, ctx.clock.now());
    return page(c, { title: "Audience", active: "reports", fragment: <AudiencePage report={report} fromDay={range.fromDay} toDay={range.toDay} /> });
  });
  app.get("/audience.csv", (c) => {
    const table = c.req.query("table") as AudienceTable;
    if (!AUDIENCE_TABLES.includes(table)) throw notFound("No such report table.");
    const range = readRange(c.req.query(), ctx.clock.now());
    return csvResponse(c, `${table}-${range.fromDay}-${range.toDay}.csv`, tableCsv(audienceReport(ctx.db.$client, c.var.workspace.id, range, ctx.clock.now())[table]));
  });
}
