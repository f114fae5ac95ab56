import type { Ctx } from "../context.js";
import { invalid } from "../lib/errors.js";
import { shortCode } from "../lib/ids.js";
import type { SeriesDefinition, Step } from "./inputs.js";
import { saveDefinition } from "./manage.js";
import { currentVersion, getSeries, type Series } from "./queries.js";
import { findStep, insertStep, moveStep, removeStep, replaceStep } from "./tree.js";

export const BLOCK_KINDS = ["send", "wait_duration", "wait_time", "wait_event", "split_condition", "split_random", "act"] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

/** A new block with sensible defaults, ready to be edited. */
export function newBlock(kind: BlockKind): Step {
  const id = `${kind.split("_")[0]}_${shortCode(6)}`;
  switch (kind) {
    case "send": return { id, type: "send", name: "New message", channel: "email", variants: [{ subject: "Hello", body: "Hi {{ contact.name | default: \"there\" }}" }] };
    case "wait_duration": return { id, type: "wait", mode: "duration", duration: { amount: 1, unit: "days" } };
    case "wait_time": return { id, type: "wait", mode: "time_of_day", hour: 9, minute: 0 };
    case "wait_event": return { id, type: "wait", mode: "event", event: "login", timeout: { amount: 3, unit: "days" }, yes: [], no: [] };
    case "split_condition": return { id, type: "split", mode: "condition", branches: [{ label: "Yes", condition: { match: "all", conditions: [] }, steps: [] }], otherwise: { label: "No", steps: [] } };
    case "split_random": return { id, type: "split", mode: "random", branches: [{ label: "A", percent: 50, steps: [] }, { label: "B", percent: 50, steps: [] }] };
    case "act": return { id, type: "act", action: "tag_add", tag: "engaged" };
  }
}

/** Applies `change` to a copy of the current definition and saves it (a new version if the current one is in use). */
export function editDefinition(ctx: Ctx, workspaceId: string, seriesId: string, change: (def: SeriesDefinition) => void): Series {
  const s = getSeries(ctx, workspaceId, seriesId);
  const def = structuredClone(currentVersion(ctx, s).definition);
  change(def);
  return saveDefinition(ctx, workspaceId, seriesId, def);
}

/** Adds a new block of `kind` into the list `ref` at `index`; returns the series and the new block's id. */
export function addBlock(ctx: Ctx, workspaceId: string, seriesId: string, ref: string, index: number, kind: BlockKind): { series: Series; stepId: string } {
  if (!BLOCK_KINDS.includes(kind)) throw invalid("kind", `kind: must be one of ${BLOCK_KINDS.join(", ")}`);
  const step = newBlock(kind);
  const series = editDefinition(ctx, workspaceId, seriesId, (def) => insertStep(def.steps, ref, index, step));
  return { series, stepId: step.id };
}

/** Replaces a block (same id) with new settings; the caller passes the contents of its paths. */
export function updateBlock(ctx: Ctx, workspaceId: string, seriesId: string, step: Step): Series {
  return editDefinition(ctx, workspaceId, seriesId, (def) => {
    if (!findStep(def.steps, step.id)) throw invalid("id", `id: no block ${step.id}`);
    replaceStep(def.steps, step);
  });
}

/** Removes a block and everything on its paths. */
export function deleteBlock(ctx: Ctx, workspaceId: string, seriesId: string, stepId: string): Series {
  return editDefinition(ctx, workspaceId, seriesId, (def) => removeStep(def.steps, stepId));
}

/** Moves a block one place up or down within its list. */
export function moveBlock(ctx: Ctx, workspaceId: string, seriesId: string, stepId: string, dir: "up" | "down"): Series {
  return editDefinition(ctx, workspaceId, seriesId, (def) => moveStep(def.steps, stepId, dir));
}
