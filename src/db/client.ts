import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import * as schema from "./schema/index.js";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * Opens the SQLite file with production pragmas and applies migrations.
 * Foreign keys stay OFF during migrations: drizzle's table-recreate migrations
 * would otherwise cascade-delete child rows (STACK.md G8).
 */
export function openDb(path: string, migrationsDir: string): Db {
  if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = OFF");
  cacheStatements(sqlite);
  const db = drizzle(sqlite, { schema }) as Db;
  const applied = () => (sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = '__drizzle_migrations'").get() as { n: number }).n > 0
    ? (sqlite.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number }).n
    : 0;
  const before = applied();
  migrate(db, { migrationsFolder: resolve(migrationsDir) });
  // A full check reads every row (seconds on a large file), so it runs only when a migration was just applied.
  if (applied() !== before) {
    const broken = sqlite.pragma("foreign_key_check") as unknown[];
    if (broken.length > 0) throw new Error(`Migration left ${broken.length} rows violating foreign keys`);
  }
  sqlite.pragma("foreign_keys = ON");
  return db;
}

/**
 * drizzle prepares every query anew, and preparing costs ~100 µs per statement (more than running it),
 * so identical SQL reuses its compiled statement. Reused readers are reset from drizzle's `raw()` mode.
 */
function cacheStatements(sqlite: Database.Database, max = 1000): void {
  const cache = new Map<string, Database.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    const hit = cache.get(source);
    if (hit && !hit.busy) {
      if (hit.reader) hit.raw(false);
      return hit;
    }
    const stmt = prepare(source);
    if (cache.size >= max) cache.clear();
    cache.set(source, stmt);
    return stmt;
  }) as typeof sqlite.prepare;
}
