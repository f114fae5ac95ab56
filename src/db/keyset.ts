import { and, asc, desc, gt, isNotNull, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

/** A sort value as it travels in a cursor (SQLite gives back numbers, text or NULL). */
export type SortValue = string | number | null;

/** Where the next page starts: just after the row with this sort value and id. */
export interface KeysetCursor {
  v: SortValue;
  id: string;
}

export interface KeysetOptions<T> {
  /** Runs one query: the caller's own conditions AND `where`, ordered by `orderBy`, at most `limit` rows. */
  fetch: (where: SQL, orderBy: SQL[], limit: number) => T[];
  sort: SQL | SQLiteColumn;
  dir: "asc" | "desc";
  /** Unique tie-breaker column. */
  id: SQLiteColumn;
  after?: KeysetCursor | undefined;
  limit: number;
  keyOf: (row: T) => KeysetCursor;
}

type Phase = "value" | "null";

/**
 * One page by keyset (no OFFSET): rows ordered by (sort, id), NULL sort values last when descending and first when
 * ascending (SQLite's own order). Rows with and without a value are read by separate queries, so each stays a plain
 * range on an index over the sort column instead of an OR that would make SQLite walk every earlier row.
 */
export function keysetPage<T>(o: KeysetOptions<T>): { rows: T[]; next?: KeysetCursor } {
  const phases: Phase[] = o.dir === "desc" ? ["value", "null"] : ["null", "value"];
  const cursorPhase: Phase | undefined = o.after ? (o.after.v === null ? "null" : "value") : undefined;
  const start = cursorPhase ? phases.indexOf(cursorPhase) : 0;
  const out: T[] = [];
  for (const phase of phases.slice(start)) {
    const cursor = phase === cursorPhase ? o.after : undefined;
    out.push(...o.fetch(phaseWhere(o, phase, cursor), phaseOrder(o, phase), o.limit + 1 - out.length));
    if (out.length > o.limit) break;
  }
  const rows = out.slice(0, o.limit);
  const last = rows[rows.length - 1];
  return out.length > o.limit && last ? { rows, next: o.keyOf(last) } : { rows };
}

function phaseWhere<T>(o: KeysetOptions<T>, phase: Phase, cursor: KeysetCursor | undefined): SQL {
  const after = o.dir === "desc" ? lt : gt;
  if (phase === "null") return and(isNull(o.sort), cursor ? after(o.id, cursor.id) : undefined)!;
  if (!cursor) return isNotNull(o.sort);
  const v = cursor.v;
  // The redundant `<= v` / `>= v` is what lets SQLite use the sort column's index as a range.
  const bound = o.dir === "desc" ? sql`${o.sort} <= ${v}` : sql`${o.sort} >= ${v}`;
  const strict = o.dir === "desc" ? sql`${o.sort} < ${v}` : sql`${o.sort} > ${v}`;
  return and(isNotNull(o.sort), bound, or(strict, after(o.id, cursor.id)))!;
}

function phaseOrder<T>(o: KeysetOptions<T>, phase: Phase): SQL[] {
  const dir = o.dir === "desc" ? desc : asc;
  return phase === "null" ? [dir(o.id)] : [dir(o.sort), dir(o.id)];
}

/** A cursor as a URL-safe string. */
export function encodeKeyset(c: KeysetCursor): string {
  return Buffer.from(JSON.stringify([c.v, c.id])).toString("base64url");
}

/** Reads a cursor from the URL; anything malformed is undefined (the first page), never an error. */
export function decodeKeyset(raw: string | undefined): KeysetCursor | undefined {
  if (!raw || raw.length > 2000) return undefined;
  try {
    const v = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as unknown;
    if (!Array.isArray(v) || v.length !== 2 || typeof v[1] !== "string") return undefined;
    const s = v[0] as unknown;
    if (s !== null && typeof s !== "string" && typeof s !== "number") return undefined;
    return { v: s, id: v[1] };
  } catch {
    return undefined;
  }
}
