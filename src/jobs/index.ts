import { Cron } from "croner";
import type { Ctx } from "../context.js";
import { conversationsWake } from "./conversations-wake.js";
import { outboundAb } from "./outbound-ab.js";
import { segmentsRefresh } from "./segments-refresh.js";
import { outboundSend } from "./outbound-send.js";
import { outboundTriggers } from "./outbound-triggers.js";
import { seriesAdvance } from "./series-advance.js";
import type { Job } from "./types.js";

export type { Job } from "./types.js";

/** Every job the process runs. Add one line per job. */
export const JOBS: readonly Job[] = [segmentsRefresh, conversationsWake, outboundAb, seriesAdvance, outboundSend, outboundTriggers];

export interface RunningJobs {
  /** Stops every timer; a run in progress finishes on its own. */
  stop(): void;
  /** Runs a job now, outside its schedule; if it is already running, waits for that run instead of overlapping it. */
  runNow(name: string): Promise<void>;
}

function findJob(jobs: readonly Job[], name: string): Job {
  const job = jobs.find((j) => j.name === name);
  if (!job) throw new Error(`Unknown job '${name}'`);
  return job;
}

/** Runs one job once, directly (tests use this instead of waiting for timers); errors propagate. */
export async function runJob(ctx: Ctx, name: string, jobs: readonly Job[] = JOBS): Promise<void> {
  await findJob(jobs, name).run(ctx);
}

/**
 * Schedules every job with croner. A job never overlaps itself (scheduled or `runNow`), and a failing run is
 * logged and does not stop later runs. An invalid cron pattern throws here, at boot.
 */
export function startJobs(ctx: Ctx, jobs: readonly Job[] = JOBS): RunningJobs {
  const inFlight = new Map<string, Promise<void>>();
  const guarded = (job: Job): Promise<void> => {
    const running = inFlight.get(job.name);
    if (running) return running;
    const started = performance.now();
    const p = (async () => {
      try {
        await job.run(ctx);
      } catch (e) {
        ctx.log.error("job failed", { job: job.name, ms: Math.round(performance.now() - started), err: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      } finally {
        inFlight.delete(job.name);
      }
    })();
    inFlight.set(job.name, p);
    return p;
  };
  const timers = jobs.map((job) => new Cron(job.schedule(ctx.config), { protect: true, catch: true, unref: true }, () => guarded(job)));
  const onShutdown = () => timers.forEach((t) => t.stop());
  ctx.shutdown.addEventListener("abort", onShutdown, { once: true });
  return {
    stop: () => {
      ctx.shutdown.removeEventListener("abort", onShutdown);
      onShutdown();
    },
    runNow: (name) => guarded(findJob(jobs, name)),
  };
}
