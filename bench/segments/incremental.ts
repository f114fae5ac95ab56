/**
 * Incremental re-evaluation after one event (segments bench, step 3): a pro contact one login short of the target
 * segment gets a login (enters) and loses it again (exits), alternately; each time is reevaluateContacts for that
 * contact against every segment of the workspace, as watch.ts runs it after ingestion commits.
 */
import type { Ctx } from "../../src/context.js";
import { reevaluateContacts } from "../../src/segments/index.js";
import { NOW, WORKSPACE } from "../data/generate.js";
import { timing, type Timing } from "../lib/timing.js";

const DAY = 86_400_000;
const ID = "ct_bench_incremental";

export function incremental(ctx: Ctx, reps: number): Timing & { flips: number } {
  const db = ctx.db.$client;
  db.prepare("DELETE FROM contacts WHERE id = ?").run(ID);
  db.prepare(
    `INSERT INTO contacts (id, workspace_id, role, external_id, email, signed_up_at, last_seen_at, custom_attributes, created_at, updated_at)
     VALUES (?, ?, 'user', 'bench-incremental', 'inc@example.com', ?, ?, '{"plan":"pro"}', ?, ?)`,
  ).run(ID, WORKSPACE, NOW - 60 * DAY, NOW, NOW - 60 * DAY, NOW);
  const addEvent = db.prepare("INSERT INTO events (id, workspace_id, contact_id, name, created_at, metadata, received_at) VALUES (?, ?, ?, ?, ?, '{}', ?)");
  const summary = db.prepare(
    `INSERT INTO event_summaries (contact_id, name, workspace_id, count, first_at, last_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (contact_id, name) DO UPDATE SET count = count + excluded.count, last_at = max(last_at, excluded.last_at)`,
  );
  const add = (n: number | string, name: string, at: number) => {
    addEvent.run(`ev_bench_${name}_${n}`, WORKSPACE, ID, name, at, at);
    summary.run(ID, name, WORKSPACE, 1, at, at);
  };
  for (let i = 0; i < 9; i++) add(i, "login", NOW - (i + 1) * DAY);
  for (let i = 0; i < 10; i++) add(i, "project_created", NOW - (i + 20) * DAY);
  const remove = () => {
    db.prepare("DELETE FROM events WHERE id = 'ev_bench_login_tenth'").run();
    db.prepare("UPDATE event_summaries SET count = count - 1 WHERE contact_id = ? AND name = 'login'").run(ID);
  };
  const times: number[] = [];
  let flips = 0;
  for (let i = 0; i < reps + 5; i++) {
    // The write (ingestion's job) is not timed; the re-evaluation that follows its commit is.
    if (i % 2 === 0) add("tenth", "login", NOW - HALF_HOUR);
    else remove();
    const t0 = performance.now();
    flips += reevaluateContacts(ctx, WORKSPACE, [ID]).length;
    if (i >= 5) times.push(performance.now() - t0);
  }
  db.prepare("DELETE FROM contacts WHERE id = ?").run(ID);
  return { ...timing(times), flips };
}

const HALF_HOUR = 30 * 60_000;
