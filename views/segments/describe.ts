import type { Condition } from "../../src/segments/index.js";

const OPS: Record<string, string> = {
  eq: "is", ne: "is not", contains: "contains", not_contains: "does not contain", starts_with: "starts with", ends_with: "ends with",
  is_set: "has any value", is_not_set: "is unknown", gt: "is greater than", gte: "is at least", lt: "is less than", lte: "is at most",
  more_than_days_ago: "more than {v} days ago", less_than_days_ago: "less than {v} days ago", exactly_days_ago: "exactly {v} days ago",
  before: "is before", after: "is after",
  performed: "has done", not_performed: "has never done", count_gte: "done at least {v} times", count_lte: "done at most {v} times",
  count_eq: "done exactly {v} times", first_more_than_days_ago: "first done more than {v} days ago",
  first_less_than_days_ago: "first done less than {v} days ago", last_more_than_days_ago: "last done more than {v} days ago",
  last_less_than_days_ago: "last done less than {v} days ago",
};

const quote = (v: unknown) => (typeof v === "string" ? `“${v}”` : String(v));

/** An operator with its value in words: "is “pro”", "done at least 3 times". */
function opText(op: string, value: unknown): string {
  const words = OPS[op] ?? op;
  if (words.includes("{v}")) return words.replace("{v}", String(value));
  return value === undefined ? words : `${words} ${quote(value)}`;
}

/**
 * One condition of a definition in words, as the explainer lists it (plain text: the view escapes it). `names` maps
 * tag and segment ids to their names.
 */
export function describeCondition(c: Condition, names: ReadonlyMap<string, string> = new Map()): string {
  if ("match" in c) return c.match === "all" ? "All of these" : "Any of these";
  if ("attribute" in c) return `${c.attribute} ${opText(c.op, c.value)}`;
  if ("company_attribute" in c) return `A company's ${c.company_attribute} ${opText(c.op, c.value)}`;
  if ("event" in c) {
    const window = c.within_days !== undefined ? ` in the last ${c.within_days} days` : c.within_hours !== undefined ? ` in the last ${c.within_hours} hours` : "";
    const where = c.where?.length ? ` where ${c.where.map((w) => `${w.key} ${opText(w.op, w.value)}`).join(" and ")}` : "";
    const verb = opText(c.op, c.value);
    return c.op === "performed" || c.op === "not_performed" ? `${verb} ${c.event}${window}${where}` : `${c.event} ${verb}${window}${where}`;
  }
  if ("tag" in c) return `${c.op === "has" ? "Has" : "Does not have"} tag ${quote(names.get(c.tag) ?? c.tag)}`;
  if ("segment" in c) return `${c.op === "in" ? "In" : "Not in"} segment ${quote(names.get(c.segment) ?? c.segment)}`;
  return `Random bucket${c.random_percent === true ? "" : ` (${c.random_percent})`} below ${c.value}%`;
}
