import type { Db } from "./client.js";

const caches = new WeakMap<Db, Map<string, unknown>>();

/**
 * A drizzle prepared query built once per connection and reused: on the ingest path, building a query
 * costs more than running it. `key` names the query; `build` must use `sql.placeholder` for every value.
 */
export function prepared<T>(db: Db, key: string, build: (db: Db) => T): T {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let q = cache.get(key) as T | undefined;
  if (q === undefined) {
    q = build(db);
    cache.set(key, q);
  }
  return q;
}

const shapes = new WeakMap<Db, Map<string, unknown>>();

/**
 * Like `prepared`, for queries whose shape varies with the input (an insert or update of the columns a
 * patch sets): one prepared query per shape, the least recently used dropped past `max` shapes.
 */
export function preparedShape<T>(db: Db, key: string, build: (db: Db) => T, max = 200): T {
  let cache = shapes.get(db);
  if (!cache) shapes.set(db, (cache = new Map()));
  let q = cache.get(key) as T | undefined;
  if (q === undefined) {
    q = build(db);
    if (cache.size >= max) cache.delete(cache.keys().next().value!);
  } else cache.delete(key);
  cache.set(key, q);
  return q;
}
