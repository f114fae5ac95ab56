import { invalid } from "../../../lib/errors.js";
import { WHERE_OPS, type MetadataKey, type WhereCondition } from "../../../outbound/index.js";
import { opChoice, type FilterField, type FilterRow } from "../../../../views/contacts/filter-ops.js";

const MAX_ROWS = 10;
const NUMERIC = /^-?\d+(\.\d+)?$/;
const JSON_FIELD: FilterField = { key: "json", label: "Another key (JSON)", group: "Advanced", kind: "json" };

/** The builder's fields for an event's metadata: every key seen on its recent events, and a JSON row for others. */
export function whereFields(keys: MetadataKey[], where: WhereCondition[]): FilterField[] {
  const seen = new Map(keys.map((k) => [k.key, k.type]));
  for (const w of where) if (!seen.has(w.key)) seen.set(w.key, typeof w.value === "number" ? "number" : typeof w.value === "boolean" ? "boolean" : "string");
  const fields: FilterField[] = [...seen].map(([key, type]) => ({ key: `meta:${key}`, label: key, group: "Metadata", kind: "attribute", type }));
  return [...fields, JSON_FIELD];
}

/** Stored conditions as builder rows (an op the key's type does not offer stays a JSON row). */
export function whereToRows(where: WhereCondition[], fields: FilterField[]): FilterRow[] {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  return where.map((w) => {
    const field = byKey.get(`meta:${w.key}`);
    if (!field || opChoice(field, w.op).op !== w.op) return { field: "json", op: "json", value: JSON.stringify(w), days: "" };
    return { field: field.key, op: w.op, value: w.value === undefined || w.value === null ? "" : String(w.value), days: "" };
  });
}

type Form = Record<string, string | string[]>;
const all = (f: Form, k: string): string[] => (f[k] === undefined ? [] : Array.isArray(f[k]) ? (f[k] as string[]) : [f[k] as string]);
const one = (f: Form, k: string): string => all(f, k)[0] ?? "";

/** The rows as submitted, after "add" / "remove" and a changed field or operator (which start the value afresh). */
export function rowsFromForm(f: Form, fields: FilterField[]): FilterRow[] {
  const byKey = new Map(fields.map((x) => [x.key, x]));
  const [cf, co, cv, pf, po] = ["cf", "co", "cv", "pf", "po"].map((k) => all(f, k));
  let rows: FilterRow[] = cf!.slice(0, MAX_ROWS).map((field, i) => {
    const row = { field, op: co![i] ?? "", value: cv![i] ?? "", days: "" };
    const fieldDef = field === "json" ? JSON_FIELD : byKey.get(field);
    if (pf![i] !== undefined && pf![i] !== field) return { field, op: opChoice(fieldDef, "").op, value: "", days: "" };
    if (po![i] && opChoice(fieldDef, po![i]!).input !== opChoice(fieldDef, row.op).input) return { ...row, value: "" };
    return row;
  });
  const remove = one(f, "remove");
  if (/^\d+$/.test(remove)) rows = rows.filter((_, i) => i !== Number(remove));
  const add = one(f, "add");
  const addField = add === "json" ? JSON_FIELD : byKey.get(add);
  if (addField && rows.length < MAX_ROWS) rows.push({ field: add, op: opChoice(addField, "").op, value: "", days: "" });
  return rows;
}

/**
 * Rows as metadata conditions (the trigger's `where`); rows still waiting for a value are listed in `incomplete`
 * and left out. A problem is a VALIDATION error on `trigger.where[i]`.
 */
export function rowsToWhere(rows: FilterRow[], fields: FilterField[]): { where: unknown[]; incomplete: number[] } {
  const byKey = new Map(fields.map((x) => [x.key, x]));
  const where: unknown[] = [];
  const incomplete: number[] = [];
  rows.forEach((row, i) => {
    const field = row.field === "json" ? JSON_FIELD : byKey.get(row.field);
    const choice = opChoice(field, row.op);
    if (choice.input !== "none" && row.value.trim() === "") return void incomplete.push(i);
    if (!field) throw invalid(`trigger.where[${i}]`, `trigger.where[${i}]: unknown key '${row.field.slice(0, 100)}'`);
    if (field.kind === "json") {
      try {
        return void where.push(JSON.parse(row.value));
      } catch {
        throw invalid(`trigger.where[${i}]`, `trigger.where[${i}]: not valid JSON (write {"key":"plan","op":"eq","value":"pro"})`);
      }
    }
    if (!(WHERE_OPS as readonly string[]).includes(choice.op)) throw invalid(`trigger.where[${i}]`, `trigger.where[${i}]: '${choice.op}' cannot test metadata`);
    const v = row.value.trim();
    const value = field.type === "number" && NUMERIC.test(v) ? Number(v) : field.type === "boolean" && (v === "true" || v === "false") ? v === "true" : row.value;
    where.push({ key: row.field.slice("meta:".length), op: choice.op, ...(choice.input === "none" ? {} : { value }) });
  });
  return { where, incomplete };
}
