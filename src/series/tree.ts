import { invalid, notFound } from "../lib/errors.js";
import type { Step } from "./inputs.js";

/** A list of steps inside the flow: the root list, or one path of a branching step. */
export interface StepList {
  /** `root`, or `<stepId>.<key>` with key `yes` / `no` / `b0`… / `otherwise`. */
  ref: string;
  label: string;
  steps: Step[];
}

/** The paths that leave a branching step, in display order (empty for plain steps). */
export function pathsOf(step: Step): StepList[] {
  if (step.type === "wait" && step.mode === "event") {
    return [
      { ref: `${step.id}.yes`, label: `Did ${step.event}`, steps: step.yes },
      { ref: `${step.id}.no`, label: "Timed out", steps: step.no },
    ];
  }
  if (step.type === "split" && step.mode === "condition") {
    return [
      ...step.branches.map((b, i) => ({ ref: `${step.id}.b${i}`, label: b.label, steps: b.steps })),
      { ref: `${step.id}.otherwise`, label: step.otherwise.label, steps: step.otherwise.steps },
    ];
  }
  if (step.type === "split") return step.branches.map((b, i) => ({ ref: `${step.id}.b${i}`, label: `${b.label} (${b.percent}%)`, steps: b.steps }));
  return [];
}

interface Frame {
  list: Step[];
  index: number;
}

/** The chain of lists from the root down to the step, or undefined. */
function findFrames(list: Step[], id: string): Frame[] | undefined {
  for (let i = 0; i < list.length; i++) {
    const s = list[i]!;
    if (s.id === id) return [{ list, index: i }];
    for (const p of pathsOf(s)) {
      const inner = findFrames(p.steps, id);
      if (inner) return [{ list, index: i }, ...inner];
    }
  }
  return undefined;
}

/** Finds a step anywhere in the flow. */
export function findStep(root: Step[], id: string): Step | undefined {
  const frames = findFrames(root, id);
  const last = frames?.[frames.length - 1];
  return last ? last.list[last.index] : undefined;
}

/** The step that follows `id` once it (and any path it took) is done; null at the end of the flow. */
export function nextAfter(root: Step[], id: string): string | null {
  const frames = findFrames(root, id);
  if (!frames) return null;
  for (let k = frames.length - 1; k >= 0; k--) {
    const f = frames[k]!;
    const next = f.list[f.index + 1];
    if (next) return next.id;
  }
  return null;
}

/** Where a branching step sends the contact for a path key: the path's first step, or what follows the step. */
export function pathTarget(root: Step[], step: Step, key: string): string | null {
  const path = pathsOf(step).find((p) => p.ref === `${step.id}.${key}`);
  return path?.steps[0]?.id ?? nextAfter(root, step.id);
}

/** Every step in display order (depth first). */
export function flatten(root: Step[]): Step[] {
  return root.flatMap((s) => [s, ...pathsOf(s).flatMap((p) => flatten(p.steps))]);
}

/** The list a ref names (mutable: callers edit a cloned definition). */
export function listByRef(root: Step[], ref: string): Step[] {
  if (ref === "root") return root;
  const dot = ref.lastIndexOf(".");
  const step = dot > 0 ? findStep(root, ref.slice(0, dot)) : undefined;
  const path = step ? pathsOf(step).find((p) => p.ref === ref) : undefined;
  if (!path) throw invalid("list", `list: no such place in the flow '${ref}'`);
  return path.steps;
}

/** Inserts a step into a list at `index` (clamped). */
export function insertStep(root: Step[], ref: string, index: number, step: Step): void {
  if (findStep(root, step.id)) throw invalid("id", `id: step id '${step.id}' is used already`);
  const list = listByRef(root, ref);
  list.splice(Math.max(0, Math.min(index, list.length)), 0, step);
}

/** Replaces a step (same id), keeping its paths' contents when the new one has the same kind of paths. */
export function replaceStep(root: Step[], step: Step): void {
  const frames = findFrames(root, step.id);
  const f = frames?.[frames.length - 1];
  if (!f) throw notFound(`No step ${step.id}`);
  f.list[f.index] = step;
}

/** Removes a step and everything inside its paths. */
export function removeStep(root: Step[], id: string): void {
  const frames = findFrames(root, id);
  const f = frames?.[frames.length - 1];
  if (!f) throw notFound(`No step ${id}`);
  f.list.splice(f.index, 1);
}

/** Moves a step one place up or down within its list. */
export function moveStep(root: Step[], id: string, dir: "up" | "down"): void {
  const frames = findFrames(root, id);
  const f = frames?.[frames.length - 1];
  if (!f) throw notFound(`No step ${id}`);
  const to = dir === "up" ? f.index - 1 : f.index + 1;
  if (to < 0 || to >= f.list.length) return;
  const [s] = f.list.splice(f.index, 1);
  f.list.splice(to, 0, s!);
}
