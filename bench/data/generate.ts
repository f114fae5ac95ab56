/**
 * Deterministic data for the query benchmarks (contacts list, segments, funnels): a Parley database made by the
 * real migrations, one production workspace, N contacts and E events, built once and cached as a file under
 * /tmp/parley-bench-data (never in the repo). Same (N, E, seed) → same rows, byte for byte the same answers.
 *
 * Shape (PERF.md §1.4): plan free 50% / starter 20% / pro 20% / enterprise 10%; signed up over the last 365 days;
 * events over the last 180 days in time order (as ingestion writes them), 40% page_view, 30% login,
 * 15% feature_used, 8% project_created, 4% invite_sent, 3% billing_viewed; activity per contact skewed (∝ u²).
 */
import Database from "better-sqlite3";
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { openDb } from "../../src/db/client.js";

export const DATA_DIR = process.env.BENCH_DATA_DIR ?? "/tmp/parley-bench-data";
/** "Now" of every dataset: all generated times are before it. */
export const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
export const WORKSPACE = "ws_bench";
const DAY = 86_400_000;
const root = fileURLToPath(new URL("../..", import.meta.url));
export const MIGRATIONS = join(root, "migrations");

export const EVENT_MIX: [string, number][] = [
  ["page_view", 0.4], ["login", 0.3], ["feature_used", 0.15], ["project_created", 0.08], ["invite_sent", 0.04], ["billing_viewed", 0.03],
];
const PLANS: [string, number][] = [["free", 0.5], ["starter", 0.2], ["pro", 0.2], ["enterprise", 0.1]];
const COUNTRIES = ["US", "DE", "FR", "GB", "BR", "IN", "JP", "CA", "ES", "NL"];

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(mix: [string, number][], u: number): string {
  for (const [v, p] of mix) if ((u -= p) < 0) return v;
  return mix[mix.length - 1]![0];
}

export const contactId = (i: number) => `ct_${String(i).padStart(8, "0")}`;

/** Path of the cached dataset for (contacts, events); builds it first when missing. */
export function dataset(contacts: number, events: number, log: (s: string) => void = console.log): string {
  mkdirSync(DATA_DIR, { recursive: true });
  const file = join(DATA_DIR, `c${contacts}-e${events}.db`);
  if (existsSync(`${file}.done`)) return migrated(file, log);
  const tmp = `${file}.building`;
  // Another process building the same dataset (generation takes most of an hour at 1M / 50M): never start over it.
  const busy = [tmp, `${tmp}-wal`].map((f) => (existsSync(f) ? Date.now() - statSync(f).mtimeMs : Infinity));
  if (Math.min(...busy) < 60 * 60_000) throw new Error(`${tmp} is being written by another generation: wait for ${file}.done`);
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  const t0 = performance.now();
  log(`generating ${contacts} contacts / ${events} events into ${file} (once; cached) …`);
  build(tmp, contacts, events, log);
  renameSync(tmp, file);
  writeFileSync(`${file}.done`, `${new Date().toISOString()} ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  log(`dataset ready in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  return file;
}

/**
 * The cached file under the current migrations. The pending migration is regenerated whenever someone changes the
 * schema, so a file built earlier may already hold an older version of it: its statements are then applied one by
 * one, skipping what already exists (new tables, indexes, columns), and recorded as applied. Good enough for the
 * tables the benchmarks read; a rebuilt file (`rm <file>.done`) is exact.
 */
function migrated(file: string, log: (s: string) => void): string {
  try {
    openDb(file, MIGRATIONS).$client.close();
    return file;
  } catch (e) {
    log(`note: the cached dataset does not take the current migrations as they are (${e instanceof Error ? (e.cause as Error | undefined)?.message ?? e.message.split("\n")[0] : e}); applying them leniently`);
  }
  const db = new Database(file);
  const last = (db.prepare("SELECT max(created_at) AS t FROM __drizzle_migrations").get() as { t: number | null }).t ?? 0;
  for (const m of readMigrationFiles({ migrationsFolder: MIGRATIONS })) {
    if (m.folderMillis <= last) continue;
    for (const stmt of m.sql) {
      try {
        if (stmt.trim()) db.exec(stmt);
      } catch (e) {
        if (!/already exists|duplicate column/.test(String(e))) throw e;
      }
    }
    db.prepare("INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)").run(m.hash, m.folderMillis);
  }
  db.close();
  openDb(file, MIGRATIONS).$client.close();
  return file;
}

function build(path: string, nContacts: number, nEvents: number, log: (s: string) => void): void {
  openDb(path, MIGRATIONS).$client.close();
  const db = new Database(path);
  db.pragma("journal_mode = OFF");
  db.pragma("synchronous = OFF");
  db.pragma("cache_size = -262144");
  db.prepare("INSERT INTO workspaces (id, id_code, name, environment, pair_id, write_key, identity_secret, identity_enforced, timezone, created_at) VALUES (?, 'bench001', 'Bench', 'production', 'app_bench', 'wk_bench', 'secret', 0, 'UTC', ?)").run(WORKSPACE, NOW - 400 * DAY);
  const attr = db.prepare("INSERT INTO data_attributes (workspace_id, model, name, data_type, label, created_by, created_at, updated_at) VALUES (?, 'contact', ?, ?, ?, 'api', ?, ?)");
  attr.run(WORKSPACE, "plan", "string", "Plan", NOW, NOW);
  attr.run(WORKSPACE, "seats", "integer", "Seats", NOW, NOW);
  const indexes = (table: string) => db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL").all(table) as { name: string; sql: string }[];
  const dropped = [...indexes("contacts"), ...indexes("events")];
  for (const ix of dropped) db.exec(`DROP INDEX "${ix.name}"`);

  const r = rng(42);
  const insC = db.prepare(
    `INSERT INTO contacts (id, workspace_id, role, external_id, email, email_domain, name, signed_up_at, last_seen_at, country, custom_attributes, session_count, created_at, updated_at)
     VALUES (?, ?, 'user', ?, ?, 'example.com', ?, ?, ?, ?, ?, 0, ?, ?)`,
  );
  const contactsTx = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const signed = NOW - Math.floor(r() * 365 * DAY);
      const seen = signed + Math.floor(r() * (NOW - signed));
      const attrs = JSON.stringify({ plan: pick(PLANS, r()), seats: 1 + Math.floor(r() * 20) });
      insC.run(contactId(i), WORKSPACE, `user-${i}`, `user${i}@example.com`, `User ${i}`, signed, seen, COUNTRIES[Math.floor(r() * COUNTRIES.length)]!, attrs, signed, seen);
    }
  });
  for (let i = 0; i < nContacts; i += 50_000) contactsTx(i, Math.min(nContacts, i + 50_000));
  log(`  ${nContacts} contacts`);

  // Events in time order. Contact k has weight ∝ (k/N)²: draw k = N·U^(1/3), then scatter k over ids with a
  // multiplicative permutation so heavy users are not the high ids.
  const start = NOW - 180 * DAY;
  const step = (180 * DAY) / Math.max(1, nEvents);
  const mult = coprimeMultiplier(nContacts);
  const insE = db.prepare("INSERT INTO events (id, workspace_id, contact_id, name, created_at, metadata, message_id, received_at) VALUES (?, ?, ?, ?, ?, '{}', NULL, ?)");
  const eventsTx = db.transaction((from: number, to: number) => {
    for (let j = from; j < to; j++) {
      const k = Math.min(nContacts - 1, Math.floor(nContacts * Math.cbrt(r())));
      const c = Number((BigInt(k) * mult) % BigInt(nContacts));
      const t = Math.floor(start + j * step + r() * step);
      insE.run(`ev_${j.toString(36).padStart(7, "0")}`, WORKSPACE, contactId(c), pick(EVENT_MIX, r()), t, t);
    }
  });
  for (let j = 0; j < nEvents; j += 100_000) {
    eventsTx(j, Math.min(nEvents, j + 100_000));
    if (j % 5_000_000 === 0 && j > 0) log(`  ${j} events`);
  }
  log(`  ${nEvents} events; building indexes …`);
  for (const ix of dropped) db.exec(ix.sql);
  db.exec(`INSERT INTO event_summaries (contact_id, name, workspace_id, count, first_at, last_at)
           SELECT contact_id, name, workspace_id, count(*), min(created_at), max(created_at) FROM events GROUP BY contact_id, name`);
  db.exec(`INSERT INTO event_names (workspace_id, name, count, first_at, last_at)
           SELECT workspace_id, name, count(*), min(created_at), max(created_at) FROM events GROUP BY workspace_id, name`);
  db.exec("ANALYZE");
  db.close();
  const wal = new Database(path);
  wal.pragma("journal_mode = WAL");
  wal.close();
}

function coprimeMultiplier(n: number): bigint {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let m = 2_654_435_761 % n || 1;
  while (gcd(m, n) !== 1) m++;
  return BigInt(m);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [c, e] = process.argv.slice(2).map(Number);
  if (!c || e === undefined || Number.isNaN(e)) throw new Error("usage: tsx bench/data/generate.ts <contacts> <events>");
  dataset(c, e);
}
