import type { Context } from "hono";
import type { Ctx } from "../../../context.js";
import type { Condition, Definition } from "../../../segments/index.js";
import type { FilterRow } from "../../../../views/contacts/filter-ops.js";
import type { FilterCatalog } from "../contacts/filter-fields.js";
import { definitionToRows } from "../contacts/filter-form.js";
import { readListState } from "../contacts/list-state.js";

/** Who a segment is about: Intercom's person type, kept as a leading `role eq` condition. */
export type Person = "users" | "leads" | "all";

/** The segment editor as the page or its form describes it. */
export interface EditorState {
  /** Segment being edited, or undefined for a new one. */
  id?: string | undefined;
  name: string;
  person: Person;
  match: "all" | "any";
  rows: FilterRow[];
  incomplete: number[];
  /** The full definition (person type included), or undefined when the rows have an error. */
  definition?: Definition | undefined;
  error?: { message: string; row?: number | undefined } | undefined;
}

const ROLE: Record<Exclude<Person, "all">, string> = { users: "user", leads: "lead" };

/**
 * The definition a person type and the builder's conditions make (the shape "save as segment" stores): the role
 * first, then the conditions, an "any" filter wrapped in its own group.
 */
export function composeDefinition(person: Person, filter: { match: "all" | "any"; conditions: unknown[] } | undefined): Definition {
  const conditions = (filter?.conditions ?? []) as Condition[];
  if (person === "all") return { match: filter?.match ?? "all", conditions };
  const role = { attribute: "role", op: "eq", value: ROLE[person] } as Condition;
  if (!filter || filter.match === "all" || conditions.length <= 1) return { match: "all", conditions: [role, ...conditions] };
  return { match: "all", conditions: [role, { match: "any", conditions }] };
}

/** The inverse of composeDefinition for a stored definition (anything else shows as it is, with person "all"). */
export function decomposeDefinition(def: Definition): { person: Person; match: "all" | "any"; conditions: Condition[] } {
  const [head, ...rest] = def.conditions;
  const role = head && "attribute" in head && head.attribute === "role" && head.op === "eq" ? String(head.value).toLowerCase() : undefined;
  if (def.match !== "all" || (role !== "user" && role !== "lead")) return { person: "all", match: def.match, conditions: def.conditions };
  const person: Person = role === "user" ? "users" : "leads";
  const only = rest.length === 1 ? rest[0]! : undefined;
  if (only && "match" in only && only.match === "any") return { person, match: "any", conditions: only.conditions };
  return { person, match: "all", conditions: rest };
}

/** The editor for a stored segment. */
export function stateOfSegment(seg: { id: string; name: string; definition: unknown }, catalog: FilterCatalog): EditorState {
  const def = seg.definition as Definition;
  const parts = decomposeDefinition(def);
  return {
    id: seg.id, name: seg.name, person: parts.person, match: parts.match, incomplete: [], definition: def,
    rows: definitionToRows({ match: parts.match, conditions: parts.conditions }, catalog),
  };
}

/** The editor as a submitted builder form (query for its GETs, body for save) describes it. */
export function stateOfForm(ctx: Ctx, workspaceId: string, c: Context, catalog: FilterCatalog, form?: Record<string, string | string[]>): EditorState {
  const one = (k: string) => {
    const v = form ? form[k] : c.req.query(k);
    return (Array.isArray(v) ? v[0] : v) ?? "";
  };
  // The contacts list's reader handles rows, add/remove and a field changed under a row: one builder, one reader.
  const list = readListState(ctx, workspaceId, c, catalog, form ? { ...form, match: one("match") || "all" } : undefined);
  const person: Person = one("person") === "leads" ? "leads" : one("person") === "all" ? "all" : "users";
  const filter = list.definition as { match: "all" | "any"; conditions: unknown[] } | undefined;
  return {
    id: one("id") || undefined, name: one("name").slice(0, 255), person, match: list.match, rows: list.rows, incomplete: list.incomplete,
    definition: list.error ? undefined : composeDefinition(person, filter), error: list.error,
  };
}
