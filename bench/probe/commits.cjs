// Opt-in diagnostic (`npm run bench -- --commit-stats`), preloaded into the Parley server with --require.
// It wraps better-sqlite3's Database#transaction to count top-level transactions (commits) and the nested
// ones run inside them (the group-commit batcher runs each message in its own savepoint). At exit it writes
// {commits, groupCommits, jobs, maxJobs} to $BENCH_COMMIT_STATS. This adds a wrapper call per transaction,
// so runs that use it are not the plain build.
const { writeFileSync } = require("node:fs");
const Database = require("better-sqlite3");

const out = process.env.BENCH_COMMIT_STATS;
const s = { commits: 0, groupCommits: 0, jobs: 0, maxJobs: 0 };
const original = Database.prototype.transaction;

Database.prototype.transaction = function (fn) {
  const db = this;
  const tx = original.call(this, fn);
  const wrapped = function (...args) {
    if (db.inTransaction) {
      s.jobs++;
      return tx.apply(this, args);
    }
    const before = s.jobs;
    const result = tx.apply(this, args);
    const n = s.jobs - before;
    s.commits++;
    if (n > 0) s.groupCommits++;
    if (n > s.maxJobs) s.maxJobs = n;
    return result;
  };
  for (const k of ["deferred", "immediate", "exclusive"]) wrapped[k] = tx[k];
  return wrapped;
};

if (out) process.on("exit", () => writeFileSync(out, JSON.stringify(s)));
