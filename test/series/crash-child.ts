/**
 * A Parley process for the crash test: `node tsx test/series/crash-child.ts <db> <mode>`.
 * setup     — workspace, contact, live series; enrolls the contact and is SIGKILLed inside the first step's
 *             transaction, after the delivery row was written and before commit.
 * advance   — the series.advance job commits the step, then SIGKILL before the sender runs.
 * send      — the series.advance job, then the outbound.send job; exits normally.
 */
import { createContact } from "../../src/contacts/index.js";
import { testConfig } from "../../src/config.js";
import type { Ctx } from "../../src/context.js";
import { openDb } from "../../src/db/client.js";
import { runJob } from "../../src/jobs/index.js";
import { Bus } from "../../src/lib/bus.js";
import { FakeClock } from "../../src/lib/clock.js";
import { memoryLog } from "../../src/lib/log.js";
import { createSeries, engineHooks, enrollContact, launchSeries, watchSeries } from "../../src/series/index.js";
import { createWorkspacePair } from "../../src/workspaces/index.js";

const [path, mode] = process.argv.slice(2);
const config = testConfig({ DATABASE_PATH: path! });
const ctx: Ctx = { db: openDb(path!, config.MIGRATIONS_DIR), config, clock: new FakeClock(Date.UTC(2026, 0, 15, 12)), log: memoryLog(), bus: new Bus(), shutdown: new AbortController().signal };
watchSeries(ctx);
const kill = () => process.kill(process.pid, "SIGKILL");

if (mode === "setup") {
  const { production } = createWorkspacePair(ctx, { name: "Crash" });
  const contact = createContact(ctx, production.id, { email: "crash@example.com", name: "Crash" });
  const s = createSeries(ctx, production.id, {
    name: "Crash", definition: { entry: { type: "manual" }, steps: [{ id: "hello", type: "send", name: "Hello", channel: "email", variants: [{ subject: "Hello once", body: "Hi" }] }], reentry: "never" },
  });
  launchSeries(ctx, production.id, s.id);
  engineHooks.afterEffects = kill;
  enrollContact(ctx, production.id, s.id, contact.id, "api");
} else if (mode === "advance") {
  await runJob(ctx, "series.advance");
  kill();
} else {
  await runJob(ctx, "series.advance");
  await runJob(ctx, "outbound.send");
  ctx.db.$client.close();
}
