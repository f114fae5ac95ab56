import type { Hono } from "hono";
import type { Ctx } from "../../../context.js";
import { INBOX_TABLES, inboxReport, tableCsv, type InboxTable } from "../../../analytics/index.js";
import { notFound } from "../../../lib/errors.js";
import { InboxReportPage } from "../../../../views/reports/inbox.js";
import type { AdminEnv } from "../env.js";
import { page } from "../render.js";
import { csvResponse } from "./csv.js";
import { readRange } from "./range.js";

/** `/reports/inbox` and its CSV export (`/reports/inbox.csv?table=…&from=…&to=…`). */
export function inboxReportRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  app.get("/inbox", (c) => {
    const range = readRange(c.req.query(), ctx.clock.now());
    const report = inboxReport(ctx.db.$client, c.var.workspace.id, range);
    return page(c, { title: "Inbox report", active: "reports", fragment: <InboxReportPage report={report} fromDay={range.fromDay} toDay={range.toDay} /> });
  });
  app.get("/inbox.csv", (c) => {
    const table = c.req.query("table") as InboxTable;
    if (!INBOX_TABLES.includes(table)) throw notFound("No such report table.");
    const range = readRange(c.req.query(), ctx.clock.now());
    return csvResponse(c, `inbox-${table}-${range.fromDay}-${range.toDay}.csv`, tableCsv(inboxReport(ctx.db.$client, c.var.workspace.id, range)[table]));
  });
}
