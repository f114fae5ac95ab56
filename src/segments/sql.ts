import type Database from "better-sqlite3";
import { sql, type SQL } from "drizzle-orm";
import { SQLiteSyncDialect, type SQLiteColumn } from "drizzle-orm/sqlite-core";

/**
 * A bound value, or `{ ago: ms }` meaning `now - ms` at evaluation time: compiled SQL text never depends on `now`,
 * and a compiled segment stays plain data that can be posted to a worker thread.
 */
export type Param = string | number | null | { ago: number };

/** The parameter `now - ms`. */
export const ago = (ms: number): Param => ({ ago: ms });

/** A piece of SQL with positional parameters. */
export interface Frag {
  sql: string;
  params: Param[];
}

/**
 * Tagged template: interpolated Frags are spliced in, anything else becomes a `?` parameter.
 * Compiled segments are built only from these, so user input never reaches the SQL text.
 */
export function q(strings: TemplateStringsArray, ...values: (Frag | Param)[]): Frag {
  let text = strings[0]!;
  const params: Param[] = [];
  values.forEach((v, i) => {
    if (isFrag(v)) {
      text += v.sql;
      params.push(...v.params);
    } else {
      text += "?";
      params.push(v);
    }
    text += strings[i + 1]!;
  });
  return { sql: text, params };
}

/** Trusted SQL text with no parameters. */
export const raw = (text: string): Frag => ({ sql: text, params: [] });

/** Joins fragments with a separator (`' AND '`, `', '`…). */
export function join(parts: Frag[], sep: string): Frag {
  return { sql: parts.map((p) => p.sql).join(sep), params: parts.flatMap((p) => p.params) };
}

function isFrag(v: unknown): v is Frag {
  return typeof v === "object" && v !== null && "sql" in v && "params" in v;
}

const dialect = new SQLiteSyncDialect();

/** Renders a drizzle expression (the contact search field mapping) to a Frag; columns come out as `"contacts"."x"`. */
export function fromDrizzle(expr: SQL | SQLiteColumn): Frag {
  const out = dialect.sqlToQuery(sql`${expr}`);
  return { sql: out.sql, params: out.params as Param[] };
}

/** Parameter values for one evaluation time. */
export function bind(f: Frag, now: number): unknown[] {
  return f.params.map((p) => (p !== null && typeof p === "object" ? now - p.ago : p));
}

const MAX_CACHED = 500;
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * Prepared statements by SQL text, per connection. A segment's SQL text is stable across evaluations (times are
 * parameters), so the ingest path re-uses its statements; the map is bounded so edited definitions age out.
 */
export function prepare(db: Database.Database, text: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) {
    statements.set(db, (cache = new Map()));
    registerFunctions(db);
  }
  let stmt = cache.get(text);
  if (stmt) {
    cache.delete(text);
  } else {
    stmt = db.prepare(text);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  }
  cache.set(text, stmt);
  return stmt;
}

/** `parley_bucket(seed, contact_id)`: a stable number in [0, 100) per contact and seed, for random_percent. */
export function bucketOf(seed: string, contactId: string): number {
  let h = 0x811c9dc5;
  const s = `${seed}:${contactId}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return ((h >>> 0) % 10_000) / 100;
}

/** Registers the SQL functions compiled segments use; a worker's own connection must call this too. */
export function registerFunctions(db: Database.Database): void {
  db.function("parley_bucket", { deterministic: true }, (seed: unknown, id: unknown) => bucketOf(String(seed), String(id)));
}
