import type { Database } from "better-sqlite3";
import { DAY } from "../lib/clock.js";
import { stepLabel, type FunnelDefinition, type Range } from "./funnel-inputs.js";
import { breakdownExpr, stepAfterEntry, stepInRange } from "./funnel-sql.js";

export interface StepResult {
  /** 1-based step number. */
  step: number;
  label: string;
  /** Contacts that reached this step. */
  count: number;
  /** count / previous step's count (1 for the first step; null when the previous step is empty). */
  fromPrevious: number | null;
  /** count / first step's count (null when nobody entered). */
  fromFirst: number | null;
  /** Contacts of the previous step that did not reach this one (0 for the first step). */
  dropOff: number;
  /** Median ms from the previous step to this one (null for the first step or when nobody reached it). */
  medianMs: number | null;
}

export interface BreakdownRow {
  /** The attribute value (null: not set). */
  value: string | null;
  counts: number[];
}

export interface FunnelResult {
  steps: StepResult[];
  /** Top 10 values by first-step count, when the definition asks for a breakdown. */
  breakdown?: BreakdownRow[];
}

/**
 * Runs `fn` with temp.funnel_reach filled for the funnel: one row per (step, contact) that reached it, with the
 * time `t` it did, the previous step's time and the entry time. Entries come from the workspace-wide index; then
 * each step's occurrences are probed per entrant (after entry, within the window) into temp.funnel_occ, and each
 * step is one INSERT … SELECT over the previous step's rows. Everything runs synchronously on the caller's
 * connection, and the temp tables are dropped before returning.
 */
export function withReach<T>(db: Database, ws: string, def: FunnelDefinition, range: Range, now: number, fn: () => T): T {
  const windowMs = def.window_days * DAY;
  db.exec("DROP TABLE IF EXISTS temp.funnel_occ; DROP TABLE IF EXISTS temp.funnel_reach;");
  db.exec("CREATE TEMP TABLE funnel_occ(contact_id TEXT NOT NULL, step INTEGER NOT NULL, t INTEGER NOT NULL)");
  db.exec("CREATE TEMP TABLE funnel_reach(step INTEGER NOT NULL, contact_id TEXT NOT NULL, t INTEGER NOT NULL, prev_t INTEGER, t1 INTEGER NOT NULL, PRIMARY KEY (step, contact_id)) WITHOUT ROWID");
  try {
    const entry = stepInRange(ws, def.steps[0]!, range.from, Math.min(range.to, now + 1));
    db.prepare(`INSERT INTO funnel_reach SELECT 1, contact_id, min(created_at), NULL, min(created_at) FROM (${entry.text}) GROUP BY contact_id`).run(...entry.params);
    def.steps.forEach((step, i) => {
      const src = stepAfterEntry(step, windowMs, now);
      db.prepare(`INSERT INTO funnel_occ(contact_id, step, t) SELECT contact_id, ${i + 1}, created_at FROM (${src.text})`).run(...src.params);
    });
    db.exec("CREATE INDEX temp.funnel_occ_contact ON funnel_occ(contact_id, t, step)");
    for (let k = 2; k <= def.steps.length; k++) advance(db, k, def.order, windowMs, now);
    return fn();
  } finally {
    db.exec("DROP TABLE IF EXISTS temp.funnel_occ; DROP TABLE IF EXISTS temp.funnel_reach;");
  }
}

/** Fills step k from step k-1 (see CONTEXT.md for loose and strict order). */
function advance(db: Database, k: number, order: "loose" | "strict", windowMs: number, now: number): void {
  if (order === "loose") {
    db.prepare(
      `INSERT INTO funnel_reach
       SELECT ?, r.contact_id, min(o.t), r.t, r.t1 FROM funnel_reach r
       JOIN funnel_occ o ON o.contact_id = r.contact_id AND o.step = ? AND o.t > r.t AND o.t <= r.t1 + ? AND o.t <= ?
       WHERE r.step = ? GROUP BY r.contact_id`,
    ).run(k, k, windowMs, now, k - 1);
    return;
  }
  // Strict: the first occurrence of any funnel step after the previous one (repeats of the previous step aside)
  // must be this step.
  db.prepare(
    `INSERT INTO funnel_reach
     SELECT ?, n.contact_id, n.nt, n.t, n.t1 FROM (
       SELECT r.contact_id, r.t, r.t1,
         (SELECT min(o.t) FROM funnel_occ o WHERE o.contact_id = r.contact_id AND o.t > r.t AND o.step <> ?) AS nt
       FROM funnel_reach r WHERE r.step = ?
     ) n
     WHERE n.nt <= n.t1 + ? AND n.nt <= ?
       AND EXISTS (SELECT 1 FROM funnel_occ o WHERE o.contact_id = n.contact_id AND o.t = n.nt AND o.step = ?)`,
  ).run(k, k - 1, k - 1, windowMs, now, k);
}

/** Conversion per step (and the breakdown, if asked): a pure function of the data, the definition, the range and now. */
export function evaluateFunnel(db: Database, ws: string, def: FunnelDefinition, range: Range, now: number): FunnelResult {
  return withReach(db, ws, def, range, now, () => {
    const counts = def.steps.map((_, i) => (db.prepare("SELECT count(*) AS n FROM funnel_reach WHERE step = ?").get(i + 1) as { n: number }).n);
    const steps = def.steps.map((step, i): StepResult => {
      const count = counts[i]!;
      const prev = i === 0 ? count : counts[i - 1]!;
      return {
        step: i + 1, label: stepLabel(step), count,
        fromPrevious: prev === 0 ? null : count / prev,
        fromFirst: counts[0] === 0 ? null : count / counts[0]!,
        dropOff: prev - count,
        medianMs: i === 0 ? null : median(db, i + 1, count),
      };
    });
    return def.breakdown ? { steps, breakdown: breakdown(db, def) } : { steps };
  });
}

/** Median of t - prev_t over a step's rows: the middle one, or the mean of the middle two. */
function median(db: Database, step: number, n: number): number | null {
  if (n === 0) return null;
  const rows = db
    .prepare("SELECT t - prev_t AS d FROM funnel_reach WHERE step = ? ORDER BY d LIMIT ? OFFSET ?")
    .all(step, n % 2 === 0 ? 2 : 1, Math.floor((n - 1) / 2)) as { d: number }[];
  return rows.reduce((s, r) => s + r.d, 0) / rows.length;
}

function breakdown(db: Database, def: FunnelDefinition): BreakdownRow[] {
  const expr = breakdownExpr(def.breakdown!);
  const rows = db
    .prepare(`SELECT ${expr.text} AS v, r.step AS step, count(*) AS n FROM funnel_reach r JOIN contacts c ON c.id = r.contact_id GROUP BY v, r.step`)
    .all(...expr.params) as { v: unknown; step: number; n: number }[];
  const byValue = new Map<string | null, number[]>();
  for (const r of rows) {
    const key = r.v === null || r.v === undefined ? null : String(r.v);
    const counts = byValue.get(key) ?? def.steps.map(() => 0);
    counts[r.step - 1] = r.n;
    byValue.set(key, counts);
  }
  return [...byValue.entries()]
    .map(([value, counts]) => ({ value, counts }))
    .sort((a, b) => b.counts[0]! - a.counts[0]! || String(a.value).localeCompare(String(b.value)))
    .slice(0, 10);
}
