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
import { startSink, type Received, type Sink } from "./sink.js";

/*
 * "A crash never loses or duplicates an email": a broadcast to a few thousand contacts, the real server as a child
 * process sending to a real SMTP peer (this process), SIGKILL in the middle of sending, then a restart.
 */
const RECIPIENTS = 2000;
const KILL_AFTER = 650;
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

/** Delivery rows with their recipient, as the database holds them now (the server is not running). */
function rowsNow(): { id: string; email: string; status: string; sendingAt: number | null; mid: string | null; error: string | null }[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare("SELECT d.id, c.email, d.status, d.sending_at AS sendingAt, d.smtp_message_id AS mid, d.error FROM deliveries d JOIN contacts c ON c.id = d.contact_id").all() as ReturnType<typeof rowsNow>;
  } finally {
    db.close();
  }
}

function tally(received: Received[]): Map<string, string[]> {
  const byRecipient = new Map<string, string[]>();
  for (const m of received) byRecipient.set(m.to, [...(byRecipient.get(m.to) ?? []), m.messageId]);
  return byRecipient;
}

describe("SIGKILL in the middle of a broadcast", () => {
  it("gives every recipient one message (one Message-ID); only deliveries left 'sending' may reach the server twice", async () => {
    await prepare();
    child = startServer();
    // Not a multiple of the sender's round (500): the kill lands while messages are in flight.
    await until("part of the broadcast to arrive", () => catcher.received.length >= KILL_AFTER);
    child.kill("SIGKILL");
    await exited(child);
    // Whatever reached the server before the kill has been read once the killed client's sessions are gone.
    await until("the killed sender's SMTP sessions to close", () => catcher.openSessions() === 0);
    const atKill = tally(catcher.received);
    const rowsAtKill = rowsNow();
    expect(catcher.received.length).toBeLessThan(RECIPIENTS);

    // The database knows every message the server may have: 'sent' (its 250 recorded) or 'claimed' with
    // sending_at (handed to SMTP, answer unknown). Nothing else ever reached the server.
    const ambiguous = new Set(rowsAtKill.filter((r) => r.status === "claimed" && r.sendingAt !== null).map((r) => r.email));
    const sent = new Set(rowsAtKill.filter((r) => r.status === "sent").map((r) => r.email));
    for (const email of atKill.keys()) expect(sent.has(email) || ambiguous.has(email), email).toBe(true);
    for (const email of sent) expect(atKill.get(email)?.length, email).toBe(1);
    // Every ambiguous delivery is one the sender had in flight (a handful), not a whole claimed round.
    expect(ambiguous.size).toBeLessThanOrEqual(20);

    child = startServer();
    await until("the broadcast to finish", () => counts().messageStatus === "sent");
    child.kill("SIGTERM");
    await exited(child);

    expect(counts()).toEqual({ open: 0, sent: RECIPIENTS, messageStatus: "sent" });
    const rows = rowsNow();
    const byRecipient = tally(catcher.received);
    const ctx = { config: testConfig({ PUBLIC_URL }) } as Ctx;
    let expectedRepeats = 0;
    for (const r of rows) {
      const ids = byRecipient.get(r.email) ?? [];
      // Nobody is missed, and everything the server got for one delivery is one message (one Message-ID)…
      expect(new Set(ids), r.email).toEqual(new Set([deliveryMessageId(ctx, r.id)]));
      expect(r.mid).toBe(deliveryMessageId(ctx, r.id));
      // …transmitted once, except a delivery that was 'sending' at the kill and had in fact reached the server:
      // the restart sends it again with the same Message-ID, and the receiving side collapses the two.
      const twice = ambiguous.has(r.email) && atKill.has(r.email);
      expect(ids.length, r.email).toBe(twice ? 2 : 1);
      if (twice) expectedRepeats++;
      if (ambiguous.has(r.email)) expect(r.error).toBeNull();
    }
    expect(byRecipient.size).toBe(RECIPIENTS);
    const repeats = catcher.received.length - RECIPIENTS;
    expect(repeats).toBe(expectedRepeats);
    process.stdout.write(`crash test: ${atKill.size} delivered before SIGKILL, ${ambiguous.size} left 'sending', ${repeats} of them transmitted again (same Message-ID)\n`);
  }, 600_000);
});
