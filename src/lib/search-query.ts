import { and, or, sql, type SQL } from "drizzle-orm";
import { invalid } from "./errors.js";

/** Intercom's search grammar: at most 15 items per group, groups nested two levels below the root. */
const MAX_ITEMS = 15;
const MAX_NESTING = 2;

/**
 * Walks an Intercom search query (COMPAT §2.8): AND/OR groups are checked and combined here, each filter
 * (a node with `field`) is compiled by `filter`. Problems are VALIDATION errors naming their path.
 */
export function compileQueryTree(node: unknown, path: string, filter: (n: Record<string, unknown>, path: string) => SQL, nesting = 0): SQL {
  if (typeof node !== "object" || node === null || Array.isArray(node)) throw invalid(path, `${path} must be a filter or a group object`);
  const n = node as Record<string, unknown>;
  if (n.field !== undefined) return filter(n, path);
  const op = typeof n.operator === "string" ? n.operator.toUpperCase() : n.operator;
  if (op !== "AND" && op !== "OR") throw invalid(`${path}.operator`, `${path}.operator must be AND or OR for a group (a filter needs a field)`);
  if (nesting > MAX_NESTING) throw invalid(path, `${path}: groups can be nested at most ${MAX_NESTING} levels deep`);
  const items = n.value;
  if (!Array.isArray(items) || items.length === 0) throw invalid(`${path}.value`, `${path}.value must be a non-empty array`);
  if (items.length > MAX_ITEMS) throw invalid(`${path}.value`, `${path}.value has ${items.length} items; a group allows at most ${MAX_ITEMS}`);
  const parts = items.map((item, i) => compileQueryTree(item, `${path}.value[${i}]`, filter, nesting + 1));
  return (op === "AND" ? and(...parts) : or(...parts)) ?? sql`1`;
}
