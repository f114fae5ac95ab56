import type { WhereCondition } from "./inputs.js";

const lower = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v);

/** Event metadata against `where` conditions, as segment event filters read them (strings ignore ASCII case). */
export function matchesWhere(metadata: Record<string, unknown>, where: readonly WhereCondition[] | undefined): boolean {
  return (where ?? []).every((w) => matchOne(metadata[w.key], w.op, w.value));
}

/** One comparison; `ne` / `not_contains` / `is_not_set` hold for a missing value. */
export function matchOne(actual: unknown, op: string, expected: unknown): boolean {
  const set = actual !== undefined && actual !== null && actual !== "";
  if (op === "is_set") return set;
  if (op === "is_not_set") return !set;
  const a = lower(actual);
  const e = lower(expected);
  switch (op) {
    case "eq": return set && (a === e || (typeof e === "number" && Number(a) === e) || String(a) === String(e));
    case "ne": return !set || !(a === e || String(a) === String(e));
    case "contains": return set && String(a).includes(String(e));
    case "not_contains": return !set || !String(a).includes(String(e));
    case "starts_with": return set && String(a).startsWith(String(e));
    case "ends_with": return set && String(a).endsWith(String(e));
    case "gt": return set && Number(actual) > Number(expected);
    case "gte": return set && Number(actual) >= Number(expected);
    case "lt": return set && Number(actual) < Number(expected);
    case "lte": return set && Number(actual) <= Number(expected);
    default: return false;
  }
}
