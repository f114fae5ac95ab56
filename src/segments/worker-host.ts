import Database from "better-sqlite3";
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { registerFunctions } from "./sql.js";

/** A read-only task run on the worker's own connection; its arguments and result cross threads by structured clone. */
export type ReadTask = (db: Database.Database, ...args: never[]) => unknown;

export interface ReadRequest {
  id: number;
  method: string;
  args: unknown[];
}

export type ReadReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/**
 * The body of a read worker (see worker-pool.ts): opens `workerData.path` read-only and answers requests one at a
 * time. Under WAL a reader never blocks the writer, and each statement sees the latest commit when it starts.
 */
export function serveReads(tasks: Record<string, ReadTask>): void {
  const port = parentPort;
  if (!port) throw new Error("serveReads runs in a worker thread");
  yieldToMainThread();
  const db = new Database((workerData as { path: string }).path, { readonly: true, fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  // Funnels build temp tables: keep them in memory, off the disk.
  db.pragma("temp_store = MEMORY");
  registerFunctions(db);
  port.on("message", (req: ReadRequest) => {
    let reply: ReadReply;
    try {
      const task = tasks[req.method];
      if (!task) throw new Error(`unknown read task '${req.method}'`);
      reply = { id: req.id, ok: true, value: (task as (db: Database.Database, ...a: unknown[]) => unknown)(db, ...req.args) };
    } catch (e) {
      reply = { id: req.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    port.postMessage(reply);
  });
}

/** Nice value of a read worker: when the CPUs are busy, the thread serving HTTP runs first. */
const READ_NICE = 10;

/**
 * Lowers this thread's scheduling priority (Linux: a thread has its own nice value, set through its thread id).
 * Elsewhere, or where it is refused, the thread keeps the process's priority.
 */
function yieldToMainThread(): void {
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, READ_NICE);
  } catch {
    // Not Linux, or not allowed: same priority as the main thread.
  }
}
