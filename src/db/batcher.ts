import type Database from "better-sqlite3";

interface Job {
  fn: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/**
 * Work a group commit defers to its end: rollups that many jobs add to (event counts per contact and name)
 * are written once per commit instead of once per job. Created on first use inside a flush.
 */
export interface Deferred {
  /** After each job: keep what it added (`ok`), or drop it because its savepoint rolled back. */
  endJob(ok: boolean): void;
  /**
   * Writes everything pending now, inside the current job (called before a merge moves a contact's rows, and
   * after the last job). What earlier jobs added must come back if the current job's savepoint then rolls back.
   */
  write(): void;
}

/**
 * Group commit: write jobs queued during one tick run in ONE transaction (each in its own savepoint,
 * so a failing job rolls back alone), and every caller is answered only after that transaction commits.
 * One commit per request costs ~4x throughput and second-long p99s under load (PERF.md §1.3).
 */
export class WriteBatcher {
  private queue: Job[] = [];
  private scheduled = false;
  private deferred = new Map<string, Deferred>();
  /** Runs one job in a savepoint (better-sqlite3 nests a transaction as SAVEPOINT); built once, not per job. */
  private readonly savepoint: (fn: () => unknown) => unknown;
  private readonly commit: (jobs: Job[], outcomes: { ok: boolean; value: unknown }[]) => void;

  constructor(private readonly db: Database.Database, private readonly maxBatch = 1000) {
    this.savepoint = db.transaction((fn: () => unknown) => fn());
    this.commit = db.transaction((jobs: Job[], outcomes: { ok: boolean; value: unknown }[]) => this.runJobs(jobs, outcomes));
  }

  /** Queues a synchronous write; resolves with its result after commit. */
  run<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (this.queue.length >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits everything queued so far. */
  flush(): void {
    this.scheduled = false;
    const jobs = this.queue.splice(0);
    if (jobs.length === 0) return;
    const outcomes: { ok: boolean; value: unknown }[] = [];
    active.set(this.db, this);
    try {
      this.commit(jobs, outcomes);
    } catch (e) {
      for (const job of jobs) job.reject(e);
      return;
    } finally {
      active.delete(this.db);
      this.deferred.clear();
    }
    jobs.forEach((job, i) => (outcomes[i]!.ok ? job.resolve(outcomes[i]!.value) : job.reject(outcomes[i]!.value)));
  }

  /** The flush's instance of `key`, created on first use. */
  scoped<T extends Deferred>(key: string, create: () => T): T {
    let d = this.deferred.get(key);
    if (!d) this.deferred.set(key, (d = create()));
    return d as T;
  }

  /** Writes every deferred instance now (see `writeDeferred`). */
  writeNow(): void {
    for (const d of this.deferred.values()) d.write();
  }

  private runJobs(jobs: Job[], outcomes: { ok: boolean; value: unknown }[]): void {
    for (const job of jobs) {
      let ok = true;
      try {
        outcomes.push({ ok, value: this.savepoint(job.fn) });
      } catch (e) {
        ok = false;
        outcomes.push({ ok, value: e });
      }
      for (const d of this.deferred.values()) d.endJob(ok);
    }
    // Deferred work runs last, inside the same transaction: a failure here fails the whole commit.
    active.delete(this.db);
    this.writeNow();
  }
}

const batchers = new WeakMap<Database.Database, WriteBatcher>();
/** The batcher whose jobs are running on this connection right now. */
const active = new WeakMap<Database.Database, WriteBatcher>();

/** Runs `fn` through the group-commit batcher of this database (one per connection). */
export function batchWrite<T>(db: Database.Database, fn: () => T): Promise<T> {
  let b = batchers.get(db);
  if (!b) batchers.set(db, (b = new WriteBatcher(db)));
  return b.run(fn);
}

/**
 * The group commit's instance of `key` when called from one of its jobs, else undefined (the caller then
 * writes at once, inside its own transaction).
 */
export function deferredOf<T extends Deferred>(db: Database.Database, key: string, create: () => T): T | undefined {
  return active.get(db)?.scoped(key, create);
}

/** Writes what the running group commit deferred so far; a no-op outside one. Call before moving rows between contacts. */
export function writeDeferred(db: Database.Database): void {
  const b = active.get(db);
  if (b) b.writeNow();
}
