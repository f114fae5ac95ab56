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
