import { ATTRIBUTE_OPS, EVENT_OPS } from "../../src/segments/inputs.js";

/** What the value box of a filter row looks like for an operator. */
export type ValueInput = "none" | "text" | "number" | "boolean" | "date" | "days" | "times" | "tag" | "segment" | "json";
export type FieldKind = "attribute" | "company" | "event" | "tag" | "segment" | "json";
export type ValueType = keyof typeof ATTRIBUTE_OPS;

/** One operator offered for a field, in words. `window`: the row also takes "in the last N days". */
export interface OpChoice {
  op: string;
  label: string;
  input: ValueInput;
  window?: boolean;
}

/** Something a filter row can test: an attribute, a company attribute, an event, tags, segments, or raw JSON. */
export interface FilterField {
  /** `attr:<attribute>`, `company:<attribute>`, `event:<name>`, `tag`, `segment` or `json`. */
  key: string;
  label: string;
  group: string;
  kind: FieldKind;
  type?: ValueType | undefined;
}

/** A row of the builder as submitted (or derived from a definition); every part is the raw form text. */
export interface FilterRow {
  field: string;
  op: string;
  value: string;
  days: string;
}

const ATTRIBUTE_LABELS: Record<string, string> = {
  eq: "is", ne: "is not", contains: "contains", not_contains: "does not contain", starts_with: "starts with",
  ends_with: "ends with", is_set: "has any value", is_not_set: "is unknown", gt: "is greater than", gte: "is at least",
  lt: "is less than", lte: "is at most", more_than_days_ago: "more than … days ago", less_than_days_ago: "less than … days ago",
  exactly_days_ago: "exactly … days ago", before: "is before", after: "is after",
};

const EVENT_LABELS: Record<string, string> = {
  performed: "has done", not_performed: "has never done", count_gte: "done at least … times", count_lte: "done at most … times",
  count_eq: "done exactly … times", first_more_than_days_ago: "first done more than … days ago",
  first_less_than_days_ago: "first done less than … days ago", last_more_than_days_ago: "last done more than … days ago",
  last_less_than_days_ago: "last done less than … days ago",
};

function attributeInput(type: ValueType, op: string): ValueInput {
  if (op === "is_set" || op === "is_not_set") return "none";
  if (type === "date") return op === "before" || op === "after" ? "date" : "days";
  return type === "string" ? "text" : type;
}

/** The operators a field offers, in the order shown; the first one is the default for a new row. */
export function opsFor(field: FilterField | undefined): OpChoice[] {
  switch (field?.kind) {
    case "attribute":
    case "company": {
      const type = field.type ?? "string";
      return ATTRIBUTE_OPS[type].map((op) => ({ op, label: ATTRIBUTE_LABELS[op] ?? op, input: attributeInput(type, op) }));
    }
    case "event":
      return EVENT_OPS.map((op) => ({
        op, label: EVENT_LABELS[op] ?? op,
        input: op.startsWith("count_") ? "times" : op.endsWith("_days_ago") ? "days" : "none",
        window: !op.endsWith("_days_ago"),
      }));
    case "tag":
      return [{ op: "has", label: "is present", input: "tag" }, { op: "has_not", label: "is absent", input: "tag" }];
    case "segment":
      return [{ op: "in", label: "includes the contact", input: "segment" }, { op: "not_in", label: "excludes the contact", input: "segment" }];
    default:
      return [{ op: "json", label: "matches", input: "json" }];
  }
}

/** The choice for `op`, or the field's default when the op does not apply (e.g. after the field changed). */
export function opChoice(field: FilterField | undefined, op: string): OpChoice {
  const ops = opsFor(field);
  return ops.find((o) => o.op === op) ?? ops[0]!;
}
