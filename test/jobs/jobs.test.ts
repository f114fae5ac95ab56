import { afterEach, describe, expect, it } from "vitest";
import { JOBS, runJob, startJobs, type Job } from "../../src/jobs/index.js";
import { makeTestApp, type TestApp } from "../helpers/app.js";

let t: TestApp;
afterEach(() => t?.close());

/** A job whose runs stay open until released, to observe overlap. */
function gatedJob(name: string, fail = false) {
  const runs: (() => void)[] = [];
  const job: Job = {
    name,
    schedule: () => "0 0 1 1 *",
    run: () => new Promise<void>((resolve, reject) => runs.push(() => (fail ? reject(new Error("boom")) : resolve()))),
  };
  return { job, runs };
}

describe("jobs", () => {
  it("registers segments.refresh every minute by default, or on SEGMENT_REFRESH_CRON", () => {
    t = makeTestApp();
    const refresh = JOBS.find((j) => j.name === "segments.refresh")!;
    expect(refresh.schedule(t.ctx.config)).toBe("* * * * *");
    expect(refresh.schedule({ ...t.ctx.config, SEGMENT_REFRESH_CRON: "*/5 * * * *" } as typeof t.ctx.config)).toBe("*/5 * * * *");
  });

  it("runNow never overlaps a run in progress", async () => {
    t = makeTestApp();
    const { job, runs } = gatedJob("test.gated");
    const jobs = startJobs(t.ctx, [job]);
    const a = jobs.runNow("test.gated");
    const b = jobs.runNow("test.gated");
    expect(runs).toHaveLength(1);
    runs[0]!();
    await Promise.all([a, b]);
    const c = jobs.runNow("test.gated");
    expect(runs).toHaveLength(2);
    runs[1]!();
    await c;
    jobs.stop();
  });

  it("logs a failing run and keeps going", async () => {
    t = makeTestApp();
    const { job, runs } = gatedJob("test.failing", true);
    const jobs = startJobs(t.ctx, [job]);
    const run = jobs.runNow("test.failing");
    runs[0]!();
    await run;
    expect(t.log.lines).toMatchObject([{ level: "error", msg: "job failed", fields: { job: "test.failing", err: expect.stringContaining("boom") } }]);
    jobs.stop();
  });

  it("refuses an unknown job name and an invalid schedule", async () => {
    t = makeTestApp();
    await expect(runJob(t.ctx, "nope")).rejects.toThrow(/Unknown job 'nope'/);
    expect(() => startJobs(t.ctx, [{ name: "bad", schedule: () => "every minute", run: () => undefined }])).toThrow();
  });
});
