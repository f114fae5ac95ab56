import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testConfig } from "../../src/config.js";
import type { Ctx } from "../../src/context.js";
import { openDb } from "../../src/db/client.js";
import { contacts } from "../../src/db/schema/index.js";
import { Bus } from "../../src/lib/bus.js";
import { systemClock } from "../../src/lib/clock.js";
import { newId } from "../../src/lib/ids.js";
import { memoryLog } from "../../src/lib/log.js";
import { createMessage, deliveryMessageId, launchMessage, parseMessageInput } from "../../src/outbound/index.js";
import { createWorkspacePair } from "../../src/workspaces/index.js";
import { startSink, type Sink } from "./sink.js";

/*
 * "A crash never loses or duplicates an email": a broadcast to a few thousand contacts, the real server as a child
 * process sending to a real SMTP peer (this process), SIGKILL in the middle of sending, then a restart.
 */
const RECIPIENTS = 2000;
const PUBLIC_URL = "http://crash.parley.test";

let dir: string;
let dbPath: string;
let catcher: Sink;
let child: ChildProcess | undefined;

/** Waits for `cond` (checked every 50 ms), failing with `what` after `ms`. Not a sleep: it ends as soon as it holds. */
async function until(what: string, cond: () => boolean, ms = 240_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify({ ...counts(), received: catcher.received.length })}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function startServer(): ChildProcess {
  const env = {
    ...process.env, NODE_ENV: "production", DATABASE_PATH: dbPath, SMTP_URL: catcher.url, MAIL_FROM: "Parley <mail@crash.parley.test>",
    PUBLIC_URL, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", SMTP_INBOUND_PORT: "",
  };
  const p = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], { cwd: process.cwd(), env, stdio: ["ignore", "ignore", "pipe"] });
  p.stderr?.on("data", (b: Buffer) => process.stderr.write(`[server] ${b.toString()}`));
  return p;
}

function exited(p: ChildProcess): Promise<void> {
  return p.exitCode !== null || p.signalCode !== null ? Promise.resolve() : new Promise((r) => p.once("exit", () => r()));
}

/** A database with a workspace, the contacts and a launched broadcast (every delivery queued). */
async function prepare(): Promise<{ messageId: string }> {
  const config = testConfig({ DATABASE_PATH: dbPath, PUBLIC_URL });
  const db = openDb(dbPath, config.MIGRATIONS_DIR);
  const ctx: Ctx = { db, config, clock: systemClock, log: memoryLog(), bus: new Bus(), shutdown: new AbortController().signal };
  const { production } = createWorkspacePair(ctx, { name: "Crash Co" });
  const now = Date.now() - 60_000;
  const rows = Array.from({ length: RECIPIENTS }, (_, i) => ({
    id: newId("ct", now), workspaceId: production.id, role: "user" as const, email: `r${i}@example.com`, name: `R ${i}`, createdAt: now, updatedAt: now,
  }));
  db.$client.transaction(() => {
    for (let i = 0; i < rows.length; i += 500) db.insert(contacts).values(rows.slice(i, i + 500)).run();
  })();
  const m = createMessage(ctx, production.id, parseMessageInput({ name: "Big news", channel: "email", variants: [{ subject: "Hi {{ contact.name }}", body: "News for {{ contact.name }}" }] }));
  await launchMessage(ctx, production.id, m.id);
  db.$client.close();
  return { messageId: m.id };
}

function counts(): { open: number; sent: number; messageStatus: string } {
  const db = new Database(dbPath, { readonly: true });
  try {
    const open = (db.prepare("SELECT count(*) AS n FROM deliveries WHERE status IN ('queued', 'claimed')").get() as { n: number }).n;
    const sent = (db.prepare("SELECT count(*) AS n FROM deliveries WHERE status = 'sent'").get() as { n: number }).n;
    const messageStatus = (db.prepare("SELECT status FROM messages").get() as { status: string }).status;
    return { open, sent, messageStatus };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "parley-crash-"));
  dbPath = join(dir, "parley.db");
  catcher = await startSink();
});
afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill("SIGKILL");
    await exited(child);
  }
  await catcher.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("SIGKILL in the middle of a broadcast", () => {
  it("still gives every recipient exactly one email (one Message-ID) after a restart", async () => {
    await prepare();
    child = startServer();
    await until("part of the broadcast to arrive", () => catcher.received.length >= RECIPIENTS / 4);
    child.kill("SIGKILL");
    await exited(child);
    const atKill = catcher.received.length;
    expect(atKill).toBeLessThan(RECIPIENTS);

    child = startServer();
    await until("the broadcast to finish", () => counts().messageStatus === "sent");
    child.kill("SIGTERM");
    await exited(child);

    const c = counts();
    expect(c).toEqual({ open: 0, sent: RECIPIENTS, messageStatus: "sent" });
    const db = new Database(dbPath, { readonly: true });
    const rows = db.prepare("SELECT d.id, c.email, d.smtp_message_id AS mid FROM deliveries d JOIN contacts c ON c.id = d.contact_id").all() as { id: string; email: string; mid: string }[];
    db.close();

    const byRecipient = new Map<string, string[]>();
    for (const m of catcher.received) {
      byRecipient.set(m.to, [...(byRecipient.get(m.to) ?? []), m.messageId]);
    }
    const ctx = { config: testConfig({ PUBLIC_URL }) } as Ctx;
    for (const r of rows) {
      const ids = byRecipient.get(r.email) ?? [];
      // Nobody is missed, and whatever reached the server for one delivery is one message (one Message-ID).
      expect(new Set(ids), r.email).toEqual(new Set([deliveryMessageId(ctx, r.id)]));
      expect(r.mid).toBe(deliveryMessageId(ctx, r.id));
    }
    expect(byRecipient.size).toBe(RECIPIENTS);
    // A resend can only repeat a message whose end-of-data reached the server while the killed sender waited for
    // its 250: at most one per open SMTP connection (nodemailer's pool has 5).
    const repeats = catcher.received.length - RECIPIENTS;
    expect(repeats).toBeLessThanOrEqual(5);
    process.stdout.write(`crash test: ${atKill} delivered before SIGKILL, ${repeats} repeated transmission(s) of an already accepted message\n`);
  }, 600_000);
});
