import { parseFunnel, type FunnelDefinition } from "../../../analytics/index.js";
import { AppError } from "../../../lib/errors.js";

/** The builder form as typed: up to five step rows plus options. Re-rendered as-is when it does not parse. */
export interface FunnelDraft {
  steps: { kind: "event" | "page" | "conversation"; value: string; where: string }[];
  window: string;
  order: string;
  breakdown: string;
  custom: string;
}

export const STEP_ROWS = 5;
const OPS: Record<string, string> = { "!=": "ne", ">=": "gte", "<=": "lte", "=": "eq", ">": "gt", "<": "lt", "~": "contains" };

/** `plan=pro, amount>=10, title~trial` → where filters (numbers compare as numbers except for `~`). */
function parseWhere(text: string): { key: string; op: string; value: string | number }[] {
  return text.split(",").map((s) => s.trim()).filter(Boolean).map((part) => {
    const m = /^([^=!<>~]+?)\s*(!=|>=|<=|=|>|<|~)\s*(.*)$/.exec(part);
    if (!m) return { key: part, op: "is_set", value: "" };
    const raw = m[3]!.trim();
    const op = OPS[m[2]!]!;
    const numeric = op !== "contains" && /^-?\d+(\.\d+)?$/.test(raw) && !["eq", "ne"].includes(op);
    return { key: m[1]!.trim(), op, value: numeric ? Number(raw) : raw };
  });
}

/** The draft of a query string (or form body). */
export function readDraft(q: Record<string, string | undefined>): FunnelDraft {
  const steps = Array.from({ length: STEP_ROWS }, (_, i) => ({
    kind: q[`kind${i + 1}`] === "page" ? ("page" as const) : q[`kind${i + 1}`] === "conversation" ? ("conversation" as const) : ("event" as const),
    value: q[`value${i + 1}`]?.trim() ?? "",
    where: q[`where${i + 1}`]?.trim() ?? "",
  }));
  return { steps, window: q.window ?? "7", order: q.order === "strict" ? "strict" : "loose", breakdown: q.breakdown ?? "", custom: q.custom?.trim() ?? "" };
}

/** A draft of a definition, to fill the builder for a saved or linked funnel. */
export function draftOf(def: FunnelDefinition): FunnelDraft {
  const steps = Array.from({ length: STEP_ROWS }, (_, i) => {
    const s = def.steps[i];
    if (!s) return { kind: "event" as const, value: "", where: "" };
    if (s.kind === "page") return { kind: "page" as const, value: s.url, where: "" };
    if (s.kind === "conversation") return { kind: "conversation" as const, value: "", where: "" };
    const sym = Object.fromEntries(Object.entries(OPS).map(([k, v]) => [v, k]));
    const where = (s.where ?? []).map((w) => (w.op === "is_set" ? w.key : `${w.key}${sym[w.op] ?? "="}${String(w.value ?? "")}`)).join(", ");
    return { kind: "event" as const, value: s.event, where };
  });
  const custom = def.breakdown?.startsWith("custom.") ? def.breakdown.slice(7) : "";
  return { steps, window: String(def.window_days), order: def.order, breakdown: custom ? "custom" : def.breakdown ?? "", custom };
}

/** A step row counts when it names something; "conversation started" needs no name. */
export function isUsed(s: FunnelDraft["steps"][number]): boolean {
  return s.kind === "conversation" || s.value !== "";
}

/** The definition a draft describes, or the validation message to show with the form. */
export function definitionOf(d: FunnelDraft): { def: FunnelDefinition } | { error: string } {
  const steps = d.steps.filter(isUsed).map((s) =>
    s.kind === "conversation" ? { kind: "conversation" } : s.kind === "page" ? { kind: "page", url: s.value } : { kind: "event", event: s.value, ...(s.where ? { where: parseWhere(s.where) } : {}) });
  const breakdown = d.breakdown === "custom" ? (d.custom ? `custom.${d.custom}` : undefined) : d.breakdown || undefined;
  try {
    return { def: parseFunnel({ steps, window_days: Number(d.window) || 7, order: d.order, ...(breakdown ? { breakdown } : {}) }) };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { error: err.field === "steps" ? "Give at least two steps." : `${err.field}: ${err.message}` };
  }
}

/** A definition for a URL (`def=`), so contact lists and segment saving work for unsaved funnels too. */
export function encodeDef(def: FunnelDefinition): string {
  return Buffer.from(JSON.stringify(def)).toString("base64url");
}

/** The definition in `def=`; VALIDATION when it is not one. */
export function decodeDef(s: string | undefined): FunnelDefinition {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(s ?? "", "base64url").toString("utf8"));
  } catch {
    json = undefined;
  }
  return parseFunnel(json);
}
