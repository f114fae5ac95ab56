/**
 * The storage ceiling: raw better-sqlite3 prepared statements writing Parley-shaped events into a fresh
 * database built by Parley's own migrations (`openDb`: WAL, synchronous=NORMAL, foreign keys ON), with the
 * same indexes, the per-contact event_summaries upsert and the event_names upsert, in transactions of
 * BATCH rows, for SECONDS. Prints "BENCH_JSON {...}": rows/s, and bytes written per 1k events from
 * /proc/self/io (wchar = bytes passed to write(): WAL frames + checkpoints; write_bytes = what reached the disk).
 * Usage: node --import tsx bench/storage/raw-insert.ts <db-path> [seconds=10] [batch=1000] [contacts=10000]
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { openDb } from "../../src/db/client.js";
import { newId } from "../../src/lib/ids.js";
import { EVENT_NAMES } from "../lib/bodies.js";

const [dbPath, secondsArg = "10", batchArg = "1000", contactsArg = "10000"] = process.argv.slice(2);
if (!dbPath) throw new Error("usage: raw-insert.ts <db-path> [seconds] [batch] [contacts]");
const seconds = Number(secondsArg);
const batch = Number(batchArg);
const nContacts = Number(contactsArg);
const migrations = process.env.MIGRATIONS_DIR ?? fileURLToPath(new URL("../../migrations", import.meta.url));

const sqlite = openDb(dbPath, migrations).$client;
const now = Date.now();
const ws = newId("ws", now);
sqlite
  .prepare("INSERT INTO workspaces (id, id_code, name, environment, pair_id, write_key, identity_secret, created_at) VALUES (?,?,?,?,?,?,?,?)")
  .run(ws, "benchws1", "bench", "production", newId("app", now), "wk_bench_raw_insert", "secret-secret-secret", now);
const contactIds: string[] = [];
const addContact = sqlite.prepare("INSERT INTO contacts (id, workspace_id, role, external_id, created_at, updated_at) VALUES (?,?,?,?,?,?)");
sqlite.transaction(() => {
  for (let i = 1; i <= nContacts; i++) {
    const id = newId("ct", now);
    contactIds.push(id);
    addContact.run(id, ws, "user", `user-${i}`, now, now);
  }
})();

const insertEvent = sqlite.prepare(
  "INSERT INTO events (id, workspace_id, contact_id, name, created_at, metadata, message_id, received_at) VALUES (?,?,?,?,?,?,?,?)",
);
const upsertSummary = sqlite.prepare(
  `INSERT INTO event_summaries (contact_id, name, workspace_id, count, first_at, last_at) VALUES (?,?,?,1,?,?)
   ON CONFLICT (contact_id, name) DO UPDATE SET count = count + 1, first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at)`,
);
const upsertName = sqlite.prepare(
  `INSERT INTO event_names (workspace_id, name, count, first_at, last_at) VALUES (?,?,1,?,?)
   ON CONFLICT (workspace_id, name) DO UPDATE SET count = count + 1, first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at)`,
);

let seq = 0;
const writeBatch = sqlite.transaction((n: number) => {
  for (let i = 0; i < n; i++) {
    seq++;
    const user = Math.floor(Math.random() * nContacts);
    const contact = contactIds[user]!;
    const name = EVENT_NAMES[seq % EVENT_NAMES.length]!;
    const at = Date.now();
    const metadata = `{"order_id":"o_${user + 1}","revenue":42.5,"currency":"USD","plan":"pro","path":"/checkout/complete"}`;
    insertEvent.run(newId("ev", at), ws, contact, name, at, metadata, `raw-${seq}`, at);
    upsertSummary.run(contact, name, ws, at, at);
    upsertName.run(ws, name, at, at);
  }
});

const io = () => {
  const t = readFileSync("/proc/self/io", "utf8");
  const get = (k: string) => Number(new RegExp(`^${k}: (\\d+)`, "m").exec(t)?.[1] ?? NaN);
  return { wchar: get("wchar"), writeBytes: get("write_bytes") };
};
const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

const io0 = io();
const cpu0 = cpu();
const t0 = performance.now();
let rows = 0;
let commits = 0;
while (performance.now() - t0 < seconds * 1000) {
  writeBatch(batch);
  rows += batch;
  commits++;
}
const elapsed = (performance.now() - t0) / 1000;
const cpuUs = cpu() - cpu0;
const io1 = io();
const stored = (sqlite.prepare("SELECT count(*) AS n FROM events").get() as { n: number }).n;
sqlite.close();
const per1k = (b: number) => Math.round((b / rows) * 1000);
const result = {
  rows, stored, commits, seconds: elapsed, rowsPerSec: rows / elapsed, cpuUsPerRow: cpuUs / rows,
  wcharPer1k: per1k(io1.wchar - io0.wchar), writeBytesPer1k: per1k(io1.writeBytes - io0.writeBytes),
};
process.stdout.write(`BENCH_JSON ${JSON.stringify(result)}\n`);
