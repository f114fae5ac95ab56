import type { Hono } from "hono";
import type { Ctx } from "../../../context.js";
import { GEO_TABLES, geoReport, geoTable, tableCsv, type GeoTable } from "../../../analytics/index.js";
import { invalid, notFound } from "../../../lib/errors.js";
import { MapReportPage, WorldMapSvg } from "../../../../views/reports/map.js";
import type { AdminEnv } from "../env.js";
import { page } from "../render.js";
import { csvResponse } from "./csv.js";
import { readRange } from "./range.js";

/** `/reports/map`, its SVG download and CSV exports. */
export function mapReportRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  const report = (q: Record<string, string>) => {
    const range = readRange(q, ctx.clock.now());
    const min = q.min_city === undefined ? 3 : Number(q.min_city);
    if (!Number.isInteger(min) || min < 1 || min > 1000) throw invalid("min_city", "min_city must be a whole number from 1 to 1000");
    return { range, report: (ws: string) => geoReport(ctx.db.$client, ws, range, { minCityContacts: min }) };
  };
  app.get("/map", (c) => {
    const r = report(c.req.query());
    const fragment = <MapReportPage report={r.report(c.var.workspace.id)} fromDay={r.range.fromDay} toDay={r.range.toDay} />;
    return page(c, { title: "Map", active: "reports", fragment });
  });
  app.get("/map.svg", (c) => {
    const r = report(c.req.query());
    const svg = `<?xml version="1.0" encoding="UTF-8"?>\n${(<WorldMapSvg report={r.report(c.var.workspace.id)} standalone />).toString()}`;
    c.header("Content-Type", "image/svg+xml; charset=utf-8");
    c.header("Content-Disposition", `attachment; filename="contacts-map-${r.range.fromDay}-${r.range.toDay}.svg"`);
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Cache-Control", "no-store");
    return c.body(svg);
  });
  app.get("/map.csv", (c) => {
    const table = c.req.query("table") as GeoTable;
    if (!GEO_TABLES.includes(table)) throw notFound("No such report table.");
    const r = report(c.req.query());
    return csvResponse(c, `map-${table}-${r.range.fromDay}-${r.range.toDay}.csv`, tableCsv(geoTable(r.report(c.var.workspace.id), table)));
  });
}
