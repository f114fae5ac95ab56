import { z } from "zod";
import { invalid } from "../lib/errors.js";

export const FUNNEL_WHERE_OPS = ["eq", "ne", "contains", "not_contains", "starts_with", "ends_with", "gt", "gte", "lt", "lte", "is_set", "is_not_set"] as const;
export type FunnelWhereOp = (typeof FUNNEL_WHERE_OPS)[number];

/** Fixed breakdowns; any other contact attribute is `custom.<name>`. */
export const BREAKDOWNS = [
  "first_utm.source", "first_utm.campaign", "last_utm.source", "last_utm.campaign",
  "browser", "os", "country", "city", "role",
] as const;

const scalar = z.union([z.string().max(1000), z.number().finite(), z.boolean()]);
// Keys are spliced into a JSON path: quotes and backslashes would escape it.
const key = z.string().trim().min(1).max(190).regex(/^[^"\\]+$/, "must not contain quotes or backslashes");

const whereFilter = z.strictObject({ key, op: z.enum(FUNNEL_WHERE_OPS), value: scalar.optional() });
const eventStep = z.strictObject({ kind: z.literal("event"), event: z.string().trim().min(1).max(255), where: z.array(whereFilter).max(10).optional() });
const pageStep = z.strictObject({ kind: z.literal("page"), url: z.string().trim().min(1).max(2000) });
/** The contact opened a conversation (wrote first: widget, email or API), not one an operator started. */
const conversationStep = z.strictObject({ kind: z.literal("conversation") });

export const funnelDefinition = z.strictObject({
  steps: z.array(z.discriminatedUnion("kind", [eventStep, pageStep, conversationStep])).min(2).max(10),
  window_days: z.number().int().min(1).max(365).default(7),
  order: z.enum(["loose", "strict"]).default("loose"),
  breakdown: z.union([z.enum(BREAKDOWNS), z.string().regex(/^custom\.[^"\\]{1,190}$/)]).optional(),
});

export type FunnelDefinition = z.infer<typeof funnelDefinition>;
export type FunnelStep = FunnelDefinition["steps"][number];
export type WhereFilter = z.infer<typeof whereFilter>;

/** A half-open time range [from, to) in ms: the contact's first step must fall inside it. */
export interface Range {
  from: number;
  to: number;
}

/** Validates a funnel definition, throwing VALIDATION with the first problem's path. */
export function parseFunnel(body: unknown): FunnelDefinition {
  const r = funnelDefinition.safeParse(body);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "");
  throw invalid(path || "funnel", issue.message);
}

/** A one-line label of a step, for tables and segment names. */
export function stepLabel(step: FunnelStep): string {
  if (step.kind === "page") return `Viewed ${step.url}`;
  if (step.kind === "conversation") return "Started a conversation";
  const where = (step.where ?? []).map((w) => `${w.key} ${w.op}${w.value === undefined ? "" : ` ${String(w.value)}`}`);
  return where.length ? `${step.event} (${where.join(", ")})` : step.event;
}
