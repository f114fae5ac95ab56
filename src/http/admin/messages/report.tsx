import type { Hono } from "hono";
import type { Ctx } from "../../../context.js";
import { csvLine } from "../../../lib/csv.js";
import { notFound } from "../../../lib/errors.js";
import {
  analyzeAbTest, countOutcomeContacts, iterateOutcomeContacts, listOutcomeContacts, messageTimeline, metricSql, totalsOf, variantStats,
} from "../../../outbound/index.js";
import { findSegment } from "../../../segments/index.js";
import { OutcomeContacts } from "../../../../views/messages/contacts.js";
import { MessageReport } from "../../../../views/messages/report.js";
import type { AdminEnv } from "../env.js";
import { formAuth, page } from "../render.js";
import { pathMessage } from "./shared.js";

const PAGE_SIZE = 50;

/** `/messages/:id` (figures, chart, A/B, preview), the contacts behind each figure, and their CSV export. */
export function reportRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  app.get("/:id", (c) => {
    const m = pathMessage(c, ctx);
    const now = ctx.clock.now();
    const segmentId = (m.audience as { segmentId?: string }).segmentId;
    const arms = variantStats(ctx, m.id, m.controlPercent);
    const testing = m.variants.length > 1 || arms.some((a) => a.variantId === null);
    const fragment = (
      <MessageReport message={m} stats={totalsOf(arms)} timeline={messageTimeline(ctx, m.id, now)} now={now}
        verdict={testing ? analyzeAbTest(ctx, m, arms) : undefined} segmentName={segmentId ? findSegment(ctx, m.workspaceId, segmentId)?.name : undefined}
        operatorEmail={c.var.operator!.email} auth={formAuth(c)} />
    );
    return page(c, { title: m.name, active: "messages", fragment });
  });

  const filterOf = (q: Record<string, string>, variants: { id: string }[]) => {
    metricSql(q.metric ?? "");
    const arm = q.arm || undefined;
    if (arm && arm !== "control" && !variants.some((v) => v.id === arm)) throw notFound("No such variant in this message.");
    return { metric: q.metric!, arm };
  };

  app.get("/:id/contacts", (c) => {
    const m = pathMessage(c, ctx);
    const filter = filterOf(c.req.query(), m.variants);
    const pageIndex = Math.max(0, Math.min(10_000, Number.parseInt(c.req.query("page") ?? "1", 10) || 1) - 1);
    const total = countOutcomeContacts(ctx, m.id, filter);
    const rows = listOutcomeContacts(ctx, m.id, filter, { offset: pageIndex * PAGE_SIZE, limit: PAGE_SIZE });
    const arms = [...m.variants.map((v) => ({ id: v.id, label: `Variant ${v.label}` })), ...(m.controlPercent > 0 ? [{ id: "control", label: "Control" }] : [])];
    const fragment = <OutcomeContacts messageId={m.id} messageName={m.name} metric={filter.metric} arm={filter.arm} arms={arms} total={total} rows={rows} page={pageIndex} pageSize={PAGE_SIZE} />;
    return page(c, { title: m.name, active: "messages", fragment });
  });

  app.get("/:id/contacts.csv", (c) => {
    const m = pathMessage(c, ctx);
    const filter = filterOf(c.req.query(), m.variants);
    const head = csvLine(["contact_id", "name", "email", "user_id", "variant", "status", "at", "answer", "error"]);
    const rows = iterateOutcomeContacts(ctx, m.id, filter);
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(ctrl) {
        ctrl.enqueue(encoder.encode(head));
      },
      pull(ctrl) {
        let chunk = "";
        for (let i = 0; i < 500; i++) {
          const next = rows.next();
          if (next.done) {
            if (chunk) ctrl.enqueue(encoder.encode(chunk));
            ctrl.close();
            return;
          }
          const r = next.value;
          chunk += csvLine([r.contactId, r.name, r.email, r.externalId, r.variantLabel ?? (r.status === "control" ? "control" : ""), r.status,
            r.at === null ? "" : new Date(r.at).toISOString(), r.answer, r.error]);
        }
        ctrl.enqueue(encoder.encode(chunk));
      },
    });
    c.header("Content-Type", "text/csv; charset=utf-8");
    c.header("Content-Disposition", `attachment; filename="message-${m.id}-${filter.metric}.csv"`);
    c.header("Cache-Control", "no-store");
    c.header("X-Content-Type-Options", "nosniff");
    return c.body(body);
  });
}
