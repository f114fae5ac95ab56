import { toEpochMs } from "../../../attributes/index.js";
import { invalid } from "../../../lib/errors.js";
import type { Condition, Definition } from "../../../segments/index.js";
import { opChoice, type FilterField, type FilterRow, type ValueInput } from "../../../../views/contacts/filter-ops.js";
import type { FilterCatalog } from "./filter-fields.js";

/** The builder's rows as a segment definition (raw JSON for compileFilter), and which rows were left out as unfinished. */
export interface RowsResult {
  definition: { match: "all" | "any"; conditions: unknown[] } | undefined;
  incomplete: number[];
  /** For each condition of the definition, the row it came from (to put a compile error on the right row). */
  rowOf: number[];
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** Form text to a JSON value of the right type; text that does not fit is passed on so the compiler names the problem. */
function typedValue(input: ValueInput, text: string): unknown {
  const v = text.trim();
  if (input === "number" || input === "times" || input === "days") return NUMERIC.test(v) ? Number(v) : v;
  if (input === "boolean") return v === "true" ? true : v === "false" ? false : v;
  return input === "text" ? text : v;
}

function rowCondition(row: FilterRow, field: FilterField | undefined, index: number): unknown {
  const choice = opChoice(field, row.op);
  const value = typedValue(choice.input, row.value);
  const [kind, ...rest] = row.field.split(":");
  const name = rest.join(":");
  if (!field) throw invalid(`conditions[${index}]`, `conditions[${index}]: unknown field '${row.field.slice(0, 100)}'`);
  switch (field.kind) {
    case "attribute":
    case "company": {
      const key = kind === "attr" ? "attribute" : "company_attribute";
      return { [key]: name, op: choice.op, ...(choice.input === "none" ? {} : { value }) };
    }
    case "event": {
      const days = row.days.trim();
      const within = choice.window && days ? { within_days: NUMERIC.test(days) ? Number(days) : days } : {};
      return { event: name, op: choice.op, ...(choice.input === "none" ? {} : { value }), ...within };
    }
    case "tag":
      return { tag: row.value, op: choice.op };
    case "segment":
      return { segment: row.value, op: choice.op };
    default:
      try {
        return JSON.parse(row.value) as unknown;
      } catch {
        throw invalid(`conditions[${index}]`, `conditions[${index}]: is not valid JSON`);
      }
  }
}

/** Turns submitted rows into a definition; rows still missing their value are skipped (and reported) rather than refused. */
export function rowsToDefinition(rows: FilterRow[], match: "all" | "any", catalog: FilterCatalog): RowsResult {
  const byKey = new Map(catalog.fields.map((f) => [f.key, f]));
  const conditions: unknown[] = [];
  const incomplete: number[] = [];
  const rowOf: number[] = [];
  rows.forEach((row, i) => {
    const field = row.field === "json" ? { key: "json", label: "Advanced", group: "", kind: "json" as const } : byKey.get(row.field);
    const choice = opChoice(field, row.op);
    if (choice.input !== "none" && row.value.trim() === "") return void incomplete.push(i);
    rowOf.push(i);
    conditions.push(rowCondition(row, field, conditions.length));
  });
  return { definition: conditions.length > 0 ? { match, conditions } : undefined, incomplete, rowOf };
}

/** The rows that show a definition in the builder; conditions the rows cannot express (groups, `where`) stay as JSON. */
export function definitionToRows(def: Definition, catalog: FilterCatalog): FilterRow[] {
  const keys = new Set(catalog.fields.map((f) => f.key));
  const tagId = (ref: string) => catalog.tags.find((t) => t.id === ref || t.name === ref)?.id ?? ref;
  const json = (c: Condition): FilterRow => ({ field: "json", op: "json", value: JSON.stringify(c), days: "" });
  const attrKey = (prefix: string, name: string) =>
    [`${prefix}:${name}`, `${prefix}:custom_attributes.${name}`].find((k) => keys.has(k));
  return def.conditions.map((c): FilterRow => {
    if ("attribute" in c || "company_attribute" in c) {
      const [prefix, name] = "attribute" in c ? ["attr", c.attribute] : ["company", c.company_attribute];
      const key = attrKey(prefix, name);
      const field = key ? catalog.fields.find((f) => f.key === key) : undefined;
      return key ? { field: key, op: c.op, value: rowValue(c.value, field?.type === "date" && (c.op === "before" || c.op === "after")), days: "" } : json(c);
    }
    if ("event" in c) {
      const key = `event:${c.event}`;
      if (!keys.has(key) || c.where?.length || c.within_hours !== undefined) return json(c);
      return { field: key, op: c.op, value: rowValue(c.value, false), days: c.within_days === undefined ? "" : String(c.within_days) };
    }
    if ("tag" in c) return { field: "tag", op: c.op, value: tagId(c.tag), days: "" };
    if ("segment" in c && keys.has("segment")) return { field: "segment", op: c.op, value: c.segment, days: "" };
    return json(c);
  });
}

function rowValue(v: unknown, asDate: boolean): string {
  if (v === undefined || v === null) return "";
  if (asDate) {
    const ms = toEpochMs(v);
    return ms === undefined ? String(v) : new Date(ms).toISOString().slice(0, 10);
  }
  return String(v);
}
