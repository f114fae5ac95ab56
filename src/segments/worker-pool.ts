import { Worker } from "node:worker_threads";
import type { ReadReply } from "./worker-host.js";

/**
 * One worker thread with its own read-only connection to a database file, answering `call(method, args)` in order.
 * Heavy reads (a full segment evaluation, a funnel over millions of events) run there, so better-sqlite3's
 * synchronous calls never hold the HTTP event loop. The thread is referenced only while calls are pending: an idle
 * reader never keeps the process alive.
 */
export class ReadWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private next = 1;
  private dead: Error | undefined;

  constructor(entry: URL, path: string) {
    // Sources run through tsx (dev, tests, bench): the thread registers the same loader before loading the entry.
    // Built code is plain .js.
    this.worker = entry.pathname.endsWith(".ts")
      ? new Worker(`import("tsx/esm/api").then((t) => { t.register(); return import(${JSON.stringify(entry.href)}); })`, { eval: true, workerData: { path } })
      : new Worker(entry, { workerData: { path } });
    this.worker.unref();
    this.worker.on("message", (r: ReadReply) => this.settle(r));
    this.worker.on("error", (e) => this.fail(e));
    this.worker.on("exit", (code) => this.fail(new Error(`read worker exited (${code})`)));
  }

  /** False once the thread exited, crashed or was closed: callers start a new one. */
  get alive(): boolean {
    return this.dead === undefined;
  }

  call<T>(method: string, args: unknown[]): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.next++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, method, args });
    });
  }

  async close(): Promise<void> {
    this.dead ??= new Error("read worker closed");
    await this.worker.terminate();
  }

  private settle(r: ReadReply): void {
    const p = this.pending.get(r.id);
    if (!p) return;
    this.pending.delete(r.id);
    if (this.pending.size === 0) this.worker.unref();
    if (r.ok) p.resolve(r.value);
    else p.reject(new Error(r.error));
  }

  private fail(e: Error): void {
    this.dead ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}

/** The `.ts` or `.js` sibling of the calling module (sources under tsx, or the build). */
export function sibling(from: string, name: string): URL {
  return new URL(`./${name}${from.endsWith(".ts") ? ".ts" : ".js"}`, from);
}
