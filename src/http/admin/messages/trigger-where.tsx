import type { Context, Hono } from "hono";
import type { Ctx } from "../../../context.js";
import { AppError } from "../../../lib/errors.js";
import { eventMetadataKeys, parseMessageInput, updateMessage, type MessageWithVariants, type Trigger, type WhereCondition } from "../../../outbound/index.js";
import { WhereEditor, type WhereEditorProps } from "../../../../views/messages/trigger-where.js";
import { stringForm } from "../contacts/list.js";
import type { AdminEnv } from "../env.js";
import { formAuth, isHtmx, page } from "../render.js";
import { rowsFromForm, rowsToWhere, whereFields, whereToRows } from "./trigger-where-form.js";
import { auditMessage, go, pathMessage } from "./shared.js";

/** The message's event trigger; a VALIDATION error when it has another kind of trigger. */
function eventTrigger(m: MessageWithVariants): Extract<Trigger, { type: "event" }> {
  const t = m.trigger as Trigger | null;
  if (t?.type !== "event") throw new AppError("VALIDATION", "Metadata conditions belong to an “event” trigger: pick one in the message first.", { field: "trigger" });
  return t;
}

function render(c: Context<AdminEnv>, m: MessageWithVariants, props: WhereEditorProps, status: 200 | 422 = 200) {
  const fragment = isHtmx(c) ? <WhereEditor {...props} /> : (
    <section id="where-page">
      <p class="breadcrumb"><a href="/messages">Messages</a> › <a href={`/messages/${m.id}`}>{m.name}</a></p>
      <header class="page-header"><div><h1>Trigger conditions</h1><p class="lead">Which “{props.eventName}” events fire “{m.name}”.</p></div></header>
      <WhereEditor {...props} />
    </section>
  );
  return page(c, { title: "Trigger conditions", active: "messages", fragment, status });
}

/** Builder state from the form (or the stored trigger on a plain GET). */
function state(ctx: Ctx, m: MessageWithVariants, form: Record<string, string | string[]> | undefined) {
  const t = eventTrigger(m);
  const fields = whereFields(eventMetadataKeys(ctx, m.workspaceId, t.name), t.where ?? []);
  const rows = form ? rowsFromForm(form, fields) : whereToRows(t.where ?? [], fields);
  let error: WhereEditorProps["error"];
  let res: { where: unknown[]; incomplete: number[] } = { where: [], incomplete: [] };
  try {
    res = rowsToWhere(rows, fields);
    if (form && (Array.isArray(form.match) ? form.match[0] : form.match) === "any" && res.where.length > 1) {
      throw new AppError("VALIDATION", "Metadata conditions must all hold: set “Match” to all conditions.", { field: "match" });
    }
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== "VALIDATION") throw err;
    error = { message: err.message, row: Number(/\[(\d+)\]/.exec(err.field ?? "")?.[1] ?? NaN) };
    if (Number.isNaN(error.row)) error.row = undefined;
  }
  return { t, fields, rows, where: res.where, incomplete: res.incomplete, error };
}

/** `GET /messages/:id/trigger-where` (the builder and its re-renders) and `POST` (save into the trigger). */
export function triggerWhereRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  app.get("/:id/trigger-where", (c) => {
    const m = pathMessage(c, ctx);
    const q = c.req.query("match") ? c.req.queries() : undefined;
    const s = state(ctx, m, q);
    return render(c, m, { messageId: m.id, eventName: s.t.name, rows: s.rows, incomplete: s.incomplete, fields: s.fields, where: s.where, auth: formAuth(c), error: s.error });
  });

  app.post("/:id/trigger-where", async (c) => {
    const m = pathMessage(c, ctx);
    const form = stringForm(await c.req.parseBody({ all: true }));
    const s = state(ctx, m, form);
    const props: WhereEditorProps = { messageId: m.id, eventName: s.t.name, rows: s.rows, incomplete: s.incomplete, fields: s.fields, where: s.where, auth: formAuth(c), error: s.error };
    try {
      if (s.error) throw new AppError("VALIDATION", s.error.message);
      if (s.incomplete.length > 0) throw new AppError("VALIDATION", `Condition ${s.incomplete[0]! + 1} needs a value before saving (or remove it).`);
      const { where: _old, ...rest } = s.t;
      const trigger = s.where.length > 0 ? { ...rest, where: s.where as WhereCondition[] } : rest;
      const saved = updateMessage(ctx, m.workspaceId, m.id, parseMessageInput({ trigger }, { partial: true }));
      auditMessage(c, ctx, "message.updated", saved, { part: "trigger.where" });
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== "VALIDATION") throw err;
      return render(c, m, { ...props, error: s.error ?? { message: err.message } }, 422);
    }
    const n = s.where.length;
    return go(c, `/messages/${m.id}/edit`, "success", `Trigger conditions saved: ${n === 0 ? "none" : `${n} ${n === 1 ? "condition" : "conditions"}`}.`);
  });
}
