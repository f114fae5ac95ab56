import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "parley-series-crash-"));
const db = join(dir, "parley.db");

/** Runs the child Parley process in a mode; returns how it ended. */
function run(mode: string): { status: number | null; signal: NodeJS.Signals | null; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", "test/series/crash-child.ts", db, mode], { encoding: "utf8", timeout: 120_000 });
  return { status: r.status, signal: r.signal, stderr: r.stderr };
}

function snapshot() {
  const d = new Database(db, { readonly: true });
  try {
    const one = (q: string) => d.prepare(q).pluck().get();
    return {
      runs: one("SELECT count(*) FROM series_step_runs"),
      deliveries: one("SELECT count(*) FROM deliveries"),
      sent: one("SELECT count(*) FROM deliveries WHERE status = 'sent'"),
      mails: one("SELECT count(*) FROM email_outbox"),
      enrollment: d.prepare("SELECT status, step_id AS stepId FROM series_enrollments").all(),
    };
  } finally {
    d.close();
  }
}

describe("a series step across SIGKILL and restart", () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("killed inside the step, then after its commit but before the send: the email still goes out exactly once", () => {
    const first = run("setup");
    expect(first.signal, first.stderr).toBe("SIGKILL");
    // Killed before commit: the claim and the delivery vanished together; the contact waits at the step.
    expect(snapshot()).toEqual({ runs: 0, deliveries: 0, sent: 0, mails: 0, enrollment: [{ status: "active", stepId: "hello" }] });

    const second = run("advance");
    expect(second.signal, second.stderr).toBe("SIGKILL");
    // Claimed and queued in one commit, then killed before the sender ran.
    expect(snapshot()).toEqual({ runs: 1, deliveries: 1, sent: 0, mails: 0, enrollment: [{ status: "completed", stepId: null }] });

    const third = run("send");
    expect(third.status, third.stderr).toBe(0);
    expect(snapshot()).toEqual({ runs: 1, deliveries: 1, sent: 1, mails: 1, enrollment: [{ status: "completed", stepId: null }] });
    const fourth = run("send");
    expect(fourth.status, fourth.stderr).toBe(0);
    expect(snapshot()).toMatchObject({ runs: 1, deliveries: 1, sent: 1, mails: 1 });
  }, 240_000);
});
