import type { Context, Hono } from "hono";
import type { Ctx } from "../../../context.js";
import { AppError } from "../../../lib/errors.js";
import { parseMessageInput, updateMessage, type MessageWithVariants } from "../../../outbound/index.js";
import type { Definition } from "../../../segments/index.js";
import { FilterEditor, type FilterEditorProps } from "../../../../views/messages/filter.js";
import { filterCatalog } from "../contacts/filter-fields.js";
import { definitionToRows } from "../contacts/filter-form.js";
import { stringForm } from "../contacts/list.js";
import { readListState } from "../contacts/list-state.js";
import type { AdminEnv } from "../env.js";
import { formAuth, isHtmx, page } from "../render.js";
import { countAudience } from "./edit.js";
import { auditMessage, go, pathMessage } from "./shared.js";

/** The message's audience with `filter` in place of its own (none when the builder has no conditions). */
function audienceWith(m: MessageWithVariants, filter: unknown): Record<string, unknown> {
  const { filter: _old, ...rest } = m.audience as Record<string, unknown>;
  return filter ? { ...rest, filter } : rest;
}

function countWith(ctx: Ctx, m: MessageWithVariants, filter: unknown): number | undefined {
  try {
    const input = parseMessageInput({ name: "count", channel: "email", audience: audienceWith(m, filter) });
    return countAudience(ctx, m.workspaceId, input.audience);
  } catch (err) {
    if (err instanceof AppError && err.code === "VALIDATION") return undefined;
    throw err;
  }
}

function locked(m: MessageWithVariants): boolean {
  return m.kind === "one_off" && !["draft", "scheduled"].includes(m.status);
}

function render(c: Context<AdminEnv>, m: MessageWithVariants, props: FilterEditorProps, status: 200 | 422 = 200) {
  const fragment = isHtmx(c) ? <FilterEditor {...props} /> : (
    <section id="filter-page">
      <p class="breadcrumb"><a href="/messages">Messages</a> › <a href={`/messages/${m.id}`}>{m.name}</a></p>
      <header class="page-header"><div><h1>Audience filter</h1><p class="lead">Pick who gets “{m.name}”; the count updates as you edit.</p></div></header>
      <FilterEditor {...props} />
    </section>
  );
  return page(c, { title: "Audience filter", active: "messages", fragment, status });
}

/** `GET /messages/:id/filter` (the builder and its live updates) and `POST /messages/:id/filter` (save). */
export function filterRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  app.get("/:id/filter", (c) => {
    const m = pathMessage(c, ctx);
    const catalog = filterCatalog(ctx, m.workspaceId);
    const base = { messageId: m.id, messageName: m.name, catalog, auth: formAuth(c) };
    if (!c.req.query("match")) {
      const def = (m.audience as { filter?: Definition }).filter ?? { match: "all" as const, conditions: [] };
      return render(c, m, { ...base, match: def.match, rows: definitionToRows(def, catalog), incomplete: [], count: countWith(ctx, m, m.audience.filter) });
    }
    const state = readListState(ctx, m.workspaceId, c, catalog);
    const count = state.error ? undefined : countWith(ctx, m, state.definition);
    return render(c, m, { ...base, match: state.match, rows: state.rows, incomplete: state.incomplete, error: state.error, count });
  });

  app.post("/:id/filter", async (c) => {
    const m = pathMessage(c, ctx);
    const catalog = filterCatalog(ctx, m.workspaceId);
    const form = stringForm(await c.req.parseBody({ all: true }));
    const state = readListState(ctx, m.workspaceId, c, catalog, { ...form, match: (Array.isArray(form.match) ? form.match[0] : form.match) || "all" });
    const props: FilterEditorProps = { messageId: m.id, messageName: m.name, catalog, auth: formAuth(c), match: state.match, rows: state.rows, incomplete: state.incomplete, error: state.error };
    try {
      if (locked(m)) throw new AppError("VALIDATION", "Sending has started: the audience can no longer change.");
      if (state.error) throw new AppError("VALIDATION", state.error.message);
      if (state.incomplete.length > 0) throw new AppError("VALIDATION", `Condition ${state.incomplete[0]! + 1} needs a value before saving (or remove it).`);
      const patch = parseMessageInput({ audience: audienceWith(m, state.definition) }, { partial: true });
      const saved = updateMessage(ctx, m.workspaceId, m.id, patch);
      auditMessage(c, ctx, "message.updated", saved, { part: "audience.filter" });
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== "VALIDATION") throw err;
      return render(c, m, { ...props, error: state.error ?? { message: err.message } }, 422);
    }
    const n = countWith(ctx, m, state.definition);
    return go(c, `/messages/${m.id}/edit`, "success", `Audience filter saved${n === undefined ? "" : `: ${n.toLocaleString("en-US")} ${n === 1 ? "contact" : "contacts"} now`}.`);
  });
}
