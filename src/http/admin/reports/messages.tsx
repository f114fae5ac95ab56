import type { Hono } from "hono";
import type { Ctx } from "../../../context.js";
import { MESSAGE_CHANNELS, MESSAGE_KINDS, type MessageChannel, type MessageKind } from "../../../db/schema/index.js";
import { csvLine } from "../../../lib/csv.js";
import { messagesReport, messagesReportTable } from "../../../outbound/index.js";
import { MessagesReportPage } from "../../../../views/reports/messages.js";
import type { AdminEnv } from "../env.js";
import { page } from "../render.js";
import { csvResponse } from "./csv.js";
import { readRange } from "./range.js";

function readFilter(q: Record<string, string>) {
  return {
    channel: (MESSAGE_CHANNELS as readonly string[]).includes(q.channel ?? "") ? (q.channel as MessageChannel) : undefined,
    kind: (MESSAGE_KINDS as readonly string[]).includes(q.kind ?? "") ? (q.kind as MessageKind) : undefined,
  };
}

/** `/reports/messages`: every campaign and series step side by side, by channel and date range; CSV export. */
export function messagesReportRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  app.get("/messages", (c) => {
    const range = readRange(c.req.query(), ctx.clock.now());
    const f = readFilter(c.req.query());
    const rows = messagesReport(ctx, c.var.workspace.id, { ...f, from: range.from, to: range.to });
    return page(c, { title: "Messages report", active: "reports", fragment: <MessagesReportPage rows={rows} fromDay={range.fromDay} toDay={range.toDay} {...f} /> });
  });
  app.get("/messages.csv", (c) => {
    const range = readRange(c.req.query(), ctx.clock.now());
    const f = readFilter(c.req.query());
    const table = messagesReportTable(messagesReport(ctx, c.var.workspace.id, { ...f, from: range.from, to: range.to }));
    const body = csvLine(table.columns) + table.rows.map((r) => csvLine(r)).join("");
    return csvResponse(c, `messages-${f.channel ?? "all"}-${range.fromDay}-${range.toDay}.csv`, body);
  });
}
