import { z } from "zod";
import { invalid } from "../lib/errors.js";

/** Operators per attribute type (the public contract; compile.ts checks them against the attribute's type). */
export const ATTRIBUTE_OPS = {
  string: ["eq", "ne", "contains", "not_contains", "starts_with", "ends_with", "is_set", "is_not_set"],
  number: ["eq", "ne", "gt", "gte", "lt", "lte", "is_set", "is_not_set"],
  boolean: ["eq"],
  date: ["more_than_days_ago", "less_than_days_ago", "exactly_days_ago", "before", "after", "is_set", "is_not_set"],
} as const;
export type ValueType = keyof typeof ATTRIBUTE_OPS;
export type AttributeOp = (typeof ATTRIBUTE_OPS)[ValueType][number];
const ALL_ATTRIBUTE_OPS = [...new Set(Object.values(ATTRIBUTE_OPS).flat())] as [AttributeOp, ...AttributeOp[]];

export const EVENT_OPS = [
  "performed", "not_performed", "count_gte", "count_lte", "count_eq",
  "first_more_than_days_ago", "first_less_than_days_ago", "last_more_than_days_ago", "last_less_than_days_ago",
] as const;
export type EventOp = (typeof EVENT_OPS)[number];
export const WHERE_OPS = ["eq", "ne", "contains", "not_contains", "starts_with", "ends_with", "gt", "gte", "lt", "lte", "is_set", "is_not_set"] as const;

const scalar = z.union([z.string().max(1000), z.number().finite(), z.boolean()]);
const name = z.string().trim().min(1).max(255);

const attributeCondition = z.strictObject({ attribute: name, op: z.enum(ALL_ATTRIBUTE_OPS), value: scalar.optional() });
const companyCondition = z.strictObject({ company_attribute: name, op: z.enum(ALL_ATTRIBUTE_OPS), value: scalar.optional() });
const whereFilter = z.strictObject({ key: z.string().min(1).max(190).regex(/^[^"\\]+$/, "must not contain quotes or backslashes"), op: z.enum(WHERE_OPS), value: scalar.optional() });
const eventCondition = z
  .strictObject({
    event: name,
    op: z.enum(EVENT_OPS),
    value: z.number().int().min(0).max(1_000_000).optional(),
    within_days: z.number().int().min(1).max(3650).optional(),
    within_hours: z.number().int().min(1).max(87_600).optional(),
    where: z.array(whereFilter).max(10).optional(),
  })
  .superRefine((c, ctx) => {
    const counts = c.op.startsWith("count_");
    const daysAgo = c.op.endsWith("_days_ago");
    if ((counts || daysAgo) && c.value === undefined) ctx.addIssue({ code: "custom", path: ["value"], message: `is required with op ${c.op}` });
    if (!counts && !daysAgo && c.value !== undefined) ctx.addIssue({ code: "custom", path: ["value"], message: `is not used with op ${c.op}` });
    if (c.within_days !== undefined && c.within_hours !== undefined) ctx.addIssue({ code: "custom", path: ["within_hours"], message: "give within_days or within_hours, not both" });
    if (daysAgo && (c.within_days ?? c.within_hours) !== undefined) {
      ctx.addIssue({ code: "custom", path: [c.within_days !== undefined ? "within_days" : "within_hours"], message: `a window is not used with op ${c.op}` });
    }
  });
const tagCondition = z.strictObject({ tag: name, op: z.enum(["has", "has_not"]) });
const segmentCondition = z.strictObject({ segment: name, op: z.enum(["in", "not_in"]) });
/** `random_percent` is `true` (one global bucket per contact) or a seed naming an independent draw. */
const randomCondition = z.strictObject({ random_percent: z.union([z.literal(true), z.string().min(1).max(100)]), op: z.literal("lt"), value: z.number().min(0).max(100) });

export type AttributeCondition = z.infer<typeof attributeCondition>;
export type CompanyCondition = z.infer<typeof companyCondition>;
export type EventCondition = z.infer<typeof eventCondition>;
export type WhereFilter = z.infer<typeof whereFilter>;
export type TagCondition = z.infer<typeof tagCondition>;
export type SegmentCondition = z.infer<typeof segmentCondition>;
export type RandomCondition = z.infer<typeof randomCondition>;
export interface GroupCondition {
  match: "all" | "any";
  conditions: Condition[];
}
export type Condition = AttributeCondition | CompanyCondition | EventCondition | TagCondition | SegmentCondition | RandomCondition | GroupCondition;
/** A segment's stored definition: the root group. */
export type Definition = GroupCondition;

/** The key that says what kind a condition is, with the schema for that kind. */
const KINDS = [
  ["attribute", attributeCondition], ["event", eventCondition], ["tag", tagCondition],
  ["company_attribute", companyCondition], ["segment", segmentCondition], ["random_percent", randomCondition],
] as const;

const MAX_DEPTH = 4;
const MAX_PER_GROUP = 50;

/** Formats a zod path the way the definition is written: `conditions[2].where[0].key`. */
export function joinPath(base: string, parts: readonly PropertyKey[]): string {
  let out = base;
  for (const p of parts) out = typeof p === "number" ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p);
  return out;
}

/**
 * Checks the shape of a definition (`{ match, conditions }`); any problem is a VALIDATION error whose field is the
 * path inside the definition, e.g. `conditions[2].op`. Types of attributes are checked later, by compile.
 */
export function parseDefinition(raw: unknown, path = ""): Definition {
  return parseGroup(raw, path, 0);
}

function parseGroup(raw: unknown, path: string, depth: number): GroupCondition {
  const o = asObject(raw, path);
  const extra = Object.keys(o).filter((k) => k !== "match" && k !== "conditions" && !(depth === 0 && k === "name"));
  if (extra.length > 0) throw fail(joinPath(path, [extra[0]!]), `unknown key '${extra[0]}'`);
  if (o.match !== "all" && o.match !== "any") throw fail(joinPath(path, ["match"]), "must be 'all' or 'any'");
  if (depth > MAX_DEPTH) throw fail(path || "match", `groups nest at most ${MAX_DEPTH} levels deep`);
  const list = o.conditions;
  const listPath = joinPath(path, ["conditions"]);
  if (!Array.isArray(list)) throw fail(listPath, "must be an array");
  if (depth > 0 && list.length === 0) throw fail(listPath, "a nested group needs at least one condition");
  if (list.length > MAX_PER_GROUP) throw fail(listPath, `at most ${MAX_PER_GROUP} conditions per group`);
  const conditions = list.map((c, i) => parseCondition(c, joinPath(listPath, [i]), depth));
  return { match: o.match, conditions };
}

function parseCondition(raw: unknown, path: string, depth: number): Condition {
  const o = asObject(raw, path);
  if ("match" in o || "conditions" in o) return parseGroup(o, path, depth + 1);
  const kinds = KINDS.filter(([key]) => key in o);
  if (kinds.length !== 1) {
    const keys = KINDS.map(([k]) => k).join(", ");
    throw fail(path, kinds.length === 0 ? `needs one of ${keys} or match/conditions` : `has both '${kinds[0]![0]}' and '${kinds[1]![0]}'`);
  }
  const res = kinds[0]![1].safeParse(o);
  if (res.success) return res.data;
  const issue = res.error.issues[0]!;
  const where = issue.code === "unrecognized_keys" ? [issue.keys[0] ?? ""] : issue.path;
  throw fail(joinPath(path, where), issue.message);
}

function asObject(raw: unknown, path: string): Record<string, unknown> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw fail(path || "body", "must be an object");
  return raw as Record<string, unknown>;
}

/** A VALIDATION error naming `path` (Intercom's `parameter_invalid`). */
export function fail(path: string, message: string) {
  const field = path || "body";
  return invalid(field, `${field}: ${message}`, "parameter_invalid");
}
