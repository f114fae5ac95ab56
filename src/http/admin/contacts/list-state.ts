import type { Context } from "hono";
import type { SQL } from "drizzle-orm";
import { compileFilter } from "../../../contacts/admin-filter.js";
import type { Ctx } from "../../../context.js";
import { decodeKeyset, type KeysetCursor } from "../../../db/keyset.js";
import { AppError } from "../../../lib/errors.js";
import { parseDefinition } from "../../../segments/index.js";
import { opChoice, type FilterField, type FilterRow } from "../../../../views/contacts/filter-ops.js";
import type { ListView } from "../../../../views/contacts/list-url.js";
import { definitionToRows, rowsToDefinition } from "./filter-form.js";
import type { FilterCatalog } from "./filter-fields.js";

/** The list as the URL (or the builder form) describes it, with the filter compiled or the reason it is refused. */
export interface ListState extends ListView {
  rows: FilterRow[];
  incomplete: number[];
  /** Row of each condition of the definition. */
  rowOf?: number[] | undefined;
  after?: KeysetCursor | undefined;
  where?: SQL | undefined;
  error?: { message: string; row?: number | undefined } | undefined;
}

const MAX_ROWS = 30;

/** Reads the list state from a request (query for GET, or form fields for POST), compiling the filter. */
export function readListState(ctx: Ctx, workspaceId: string, c: Context, catalog: FilterCatalog, form?: Record<string, string | string[]>): ListState {
  const one = (k: string) => (form ? first(form[k]) : c.req.query(k)) ?? "";
  const many = (k: string) => (form ? all(form[k]) : (c.req.queries(k) ?? []));
  const state: ListState = {
    tab: one("tab") === "leads" ? "leads" : "users",
    q: one("q").slice(0, 200),
    sort: { key: one("sort") || "last_seen_at", dir: one("dir") === "asc" ? "asc" : "desc" },
    match: one("match") === "any" ? "any" : "all",
    rows: [],
    incomplete: [],
    after: decodeKeyset(one("after") || undefined),
  };
  try {
    if (one("match")) fromRows(state, many, one, catalog);
    else if (one("f")) fromLink(state, one("f"), catalog);
    if (state.definition !== undefined) state.where = compileFilter(ctx, workspaceId, state.definition).where;
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== "VALIDATION") throw err;
    const index = /^conditions\[(\d+)\]/.exec(err.field ?? "")?.[1];
    state.error = { message: err.message, row: index === undefined ? undefined : (state.rowOf?.[Number(index)] ?? Number(index)) };
  }
  return state;
}

function fromRows(state: ListState, many: (k: string) => string[], one: (k: string) => string, catalog: FilterCatalog): void {
  const [fields, ops, values, days] = [many("cf"), many("co"), many("cv"), many("cd")];
  const [prevFields, prevOps] = [many("pf"), many("po")];
  const byKey = new Map(catalog.fields.map((f) => [f.key, f]));
  let rows: FilterRow[] = fields.slice(0, MAX_ROWS).map((field, i) => {
    const row = { field, op: ops[i] ?? "", value: values[i] ?? "", days: days[i] ?? "" };
    return prevFields[i] === undefined ? row : freshen(row, prevFields[i]!, prevOps[i] ?? "", byKey.get(field));
  });
  const remove = one("remove");
  if (/^\d+$/.test(remove)) rows = rows.filter((_, i) => i !== Number(remove));
  const add = one("add");
  const addField = catalog.fields.find((f) => f.key === add);
  if (addField && rows.length < MAX_ROWS) rows.push({ field: add, op: opChoice(addField, "").op, value: "", days: "" });
  state.rows = rows;
  const res = rowsToDefinition(rows, state.match, catalog);
  state.incomplete = res.incomplete;
  state.rowOf = res.rowOf;
  state.definition = res.definition;
}

/**
 * After the field of a row changed, its operator and value belong to the old field: start from the new field's
 * default. After the operator changed to one taking another kind of value (days → date), clear the value.
 */
function freshen(row: FilterRow, prevField: string, prevOp: string, field: FilterField | undefined): FilterRow {
  if (row.field !== prevField) return { field: row.field, op: opChoice(field, "").op, value: "", days: "" };
  if (prevOp && opChoice(field, prevOp).input !== opChoice(field, row.op).input) return { ...row, value: "" };
  return row;
}

function fromLink(state: ListState, f: string, catalog: FilterCatalog): void {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(f, "base64url").toString("utf8"));
  } catch {
    throw new AppError("VALIDATION", "The filter in this link is not valid JSON. Clear it and build the filter again.", { field: "f" });
  }
  const def = parseDefinition(raw);
  state.match = def.match;
  state.rows = definitionToRows(def, catalog);
  state.definition = def.conditions.length > 0 ? { match: def.match, conditions: def.conditions } : undefined;
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function all(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
