import type { Context, Hono } from "hono";
import type { Ctx } from "../../../context.js";
import { AppError } from "../../../lib/errors.js";
import { addBlock, currentVersion, deleteBlock, findStep, getSeries, moveBlock, updateBlock, type BlockKind } from "../../../series/index.js";
import type { AuditAction } from "../../../operators/audit.js";
import type { AdminEnv } from "../env.js";
import { notice } from "../render.js";
import type { ShowEditor } from "./index.js";
import { stepFromForm } from "./step-form.js";

type Audit = (c: Context<AdminEnv>, action: AuditAction, target: string, details?: Record<string, unknown>) => void;

async function form(c: Context<AdminEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === "string") out[k] = v;
  return out;
}

/** Adding, editing, moving and deleting blocks: each answers with the whole editor (flow and counts). */
export function stepRoutes(app: Hono<AdminEnv>, ctx: Ctx, show: ShowEditor, audit: Audit): void {
  /** A refusal the operator can fix shows on the block; anything else is an error page. */
  const guarded = (c: Context<AdminEnv>, id: string, stepId: string, fn: () => string | undefined) => {
    try {
      const open = fn();
      return show(c, id, { open });
    } catch (err) {
      if (!(err instanceof AppError) || (err.code !== "VALIDATION" && err.code !== "CONFLICT")) throw err;
      return show(c, id, { error: { stepId, message: err.message } }, 422);
    }
  };

  app.post("/:id/steps", async (c) => {
    const f = await form(c);
    const id = c.req.param("id");
    return guarded(c, id, "", () => {
      const { stepId } = addBlock(ctx, c.var.workspace.id, id, f.list ?? "root", Number(f.index ?? 0), (f.kind ?? "") as BlockKind);
      audit(c, "series.updated", id, { added: stepId });
      notice(c, "success", "Block added: set it up below.");
      return stepId;
    });
  });

  app.post("/:id/steps/:stepId", async (c) => {
    const f = await form(c);
    const { id, stepId } = c.req.param();
    const ws = c.var.workspace.id;
    const old = findStep(currentVersion(ctx, getSeries(ctx, ws, id)).definition.steps, stepId);
    if (!old) throw new AppError("NOT_FOUND", `No block ${stepId}`);
    return guarded(c, id, stepId, () => {
      updateBlock(ctx, ws, id, stepFromForm(old, f));
      audit(c, "series.updated", id, { edited: stepId });
      notice(c, "success", "Block saved.");
      return undefined;
    });
  });

  for (const dir of ["up", "down"] as const) {
    app.post(`/:id/steps/:stepId/move-${dir}`, (c) => {
      const { id, stepId } = c.req.param();
      return guarded(c, id, stepId, () => {
        moveBlock(ctx, c.var.workspace.id, id, stepId, dir);
        audit(c, "series.updated", id, { moved: stepId, dir });
        return undefined;
      });
    });
  }

  app.post("/:id/steps/:stepId/delete", (c) => {
    const { id, stepId } = c.req.param();
    return guarded(c, id, stepId, () => {
      deleteBlock(ctx, c.var.workspace.id, id, stepId);
      audit(c, "series.updated", id, { deleted: stepId });
      notice(c, "success", "Block deleted.");
      return undefined;
    });
  });
}
