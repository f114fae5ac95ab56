/**
 * Outbound broadcast benchmark (issue #6): `npx tsx bench/outbound/run.ts [--contacts 100000] [--send 10000] [--rounds 4]`.
 * 1. render + enqueue: launching a one-off to every contact (delivery rows), and rendering every recipient's email
 *    from the compile-once template (MJML once per variant, Liquid per recipient).
 * 2. send rate: Parley's sender (claim → judge → render → SMTP → record) against bare nodemailer (pooled, the
 *    same pool size) sending pre-rendered mail, both to the same local SMTP sink process, interleaved in the same
 *    run (`--rounds` pairs; the median ratio is the figure, with Parley's CPU per email).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import nodemailer from "nodemailer";
import { testConfig } from "../../src/config.js";
import type { Ctx } from "../../src/context.js";
import { openDb } from "../../src/db/client.js";
import { contacts } from "../../src/db/schema/index.js";
import { buildEmail, closeMailer, compileTemplate, DEFAULT_LAYOUT } from "../../src/email/index.js";
import { Bus } from "../../src/lib/bus.js";
import { systemClock } from "../../src/lib/clock.js";
import { newId } from "../../src/lib/ids.js";
import { memoryLog } from "../../src/lib/log.js";
import { createMessage, launchMessage, parseMessageInput, runSender } from "../../src/outbound/index.js";
import { createWorkspacePair } from "../../src/workspaces/index.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const BODY = "Hi {{ contact.first_name | default: \"there\" }},\n\nYour plan: **{{ contact.custom_attributes.plan | default: \"free\" }}**.\n\n[Open the dashboard](https://app.example.com/dash) · [Read the docs](https://docs.example.com/start)";

function flag(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : Number(process.env[`BENCH_${name.toUpperCase()}`] ?? dflt);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2;
}

async function startSink(): Promise<{ url: string; count: () => Promise<number>; stop: () => void }> {
  const p = spawn(process.execPath, ["--import", "tsx", join(root, "bench/outbound/sink.ts")], { cwd: root, stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: p.stdout! });
  const next = () => new Promise<string>((r) => lines.once("line", r));
  const port = (await next()).split(" ")[1];
  return {
    url: `smtp://127.0.0.1:${port}`,
    count: async () => {
      const reply = next();
      p.stdin!.write("?\n");
      return Number((await reply).split(" ")[1]);
    },
    stop: () => p.kill(),
  };
}

function makeCtx(dbPath: string, smtpUrl: string): Ctx {
  const config = testConfig({ DATABASE_PATH: dbPath, SMTP_URL: smtpUrl, PUBLIC_URL: "http://bench.parley.test", MAIL_FROM: "Bench <mail@bench.parley.test>" });
  return { db: openDb(dbPath, config.MIGRATIONS_DIR), config, clock: systemClock, log: memoryLog(), bus: new Bus(), shutdown: new AbortController().signal };
}

async function main(): Promise<void> {
  const total = flag("contacts", 100_000);
  const sendN = Math.min(flag("send", 10_000), total);
  const dir = mkdtempSync(join(tmpdir(), "parley-outbound-bench-"));
  const sink = await startSink();
  const ctx = makeCtx(join(dir, "bench.db"), sink.url);
  try {
    const { production: ws } = createWorkspacePair(ctx, { name: "Bench" });
    const t0 = Date.now() - 60_000;
    ctx.db.$client.transaction(() => {
      for (let i = 0; i < total; i += 500) {
        ctx.db.insert(contacts).values(Array.from({ length: Math.min(500, total - i) }, (_, k) => ({
          id: newId("ct", t0), workspaceId: ws.id, role: "user" as const, email: `c${i + k}@example.com`, name: `Contact ${i + k}`,
          customAttributes: { plan: (i + k) % 3 ? "free" : "pro" }, createdAt: t0, updatedAt: t0,
        }))).run();
      }
    })();
    console.log(`outbound bench: ${total} contacts, send phase ${sendN} emails, sink ${sink.url}`);

    // 1a. enqueue: the whole audience gets delivery rows (then paused so nothing is sent from it).
    const all = createMessage(ctx, ws.id, parseMessageInput({ name: "All", channel: "email", variants: [{ subject: "News for {{ contact.first_name }}", body: BODY }] }));
    let s = performance.now();
    await launchMessage(ctx, ws.id, all.id);
    const enqueueMs = performance.now() - s;
    ctx.db.$client.prepare("UPDATE messages SET status = 'paused' WHERE id = ?").run(all.id);

    // 1b. render: one compile, then every recipient's message (tracked links, pixel, unsubscribe headers).
    s = performance.now();
    const tpl = await compileTemplate(DEFAULT_LAYOUT, { markdown: BODY }, { subject: "News for {{ contact.first_name }}" });
    const compileMs = performance.now() - s;
    const people = ctx.db.select().from(contacts).all();
    s = performance.now();
    let bytes = 0;
    const sample: ReturnType<typeof buildEmail>[] = [];
    for (const c of people) {
      const mail = buildEmail(ctx, tpl, { workspace: { id: ws.id, name: ws.name }, contact: c, company: null, deliveryId: `dl_${c.id}` });
      bytes += mail.html.length;
      if (sample.length < sendN) sample.push(mail);
    }
    const renderMs = performance.now() - s;
    console.log(`enqueue ${total}: ${(enqueueMs / 1000).toFixed(2)} s (${Math.round(total / (enqueueMs / 1000))}/s)`);
    console.log(`render ${total}: compile ${compileMs.toFixed(0)} ms once, then ${(renderMs / 1000).toFixed(2)} s (${Math.round(total / (renderMs / 1000))}/s, ${(renderMs * 1000 / total).toFixed(0)} µs each, avg html ${Math.round(bytes / total)} B)`);

    // 2. send rate, interleaved: bare nodemailer, Parley, bare, Parley, … (the machine's load drifts between phases).
    const rounds = flag("rounds", 4);
    const ratios: number[] = [];
    const cpuPerEmail: number[] = [];
    const bareCpuPerEmail: number[] = [];
    for (let r = 0; r < rounds; r++) {
      // 2a. baseline: bare nodemailer pool → sink, the same pre-rendered messages.
      const bare = nodemailer.createTransport({ url: sink.url, pool: true });
      let before = await sink.count();
      const bareCpu0 = process.cpuUsage();
      s = performance.now();
      await Promise.all(sample.map((m, i) => bare.sendMail({
        from: { name: "Bench", address: "mail@bench.parley.test" }, to: typeof m.to === "string" ? m.to : m.to.address, subject: m.subject,
        html: m.html, text: m.text, headers: m.headers, messageId: `<bare${r}.${i}@bench.parley.test>`,
      })));
      const bareS = (performance.now() - s) / 1000;
      const bareCpu = process.cpuUsage(bareCpu0);
      bare.close();
      const bareGot = (await sink.count()) - before;

      // 2b. Parley: a broadcast to ~sendN contacts (percent of the audience) through the send job's loop.
      const part = createMessage(ctx, ws.id, parseMessageInput({ name: `Part ${r}`, channel: "email", audience: { percent: (sendN / total) * 100 }, variants: [{ subject: "News for {{ contact.first_name }}", body: BODY }] }));
      await launchMessage(ctx, ws.id, part.id);
      const queued = (ctx.db.$client.prepare("SELECT count(*) AS n FROM deliveries WHERE message_id = ?").get(part.id) as { n: number }).n;
      before = await sink.count();
      const cpu0 = process.cpuUsage();
      s = performance.now();
      const report = await runSender(ctx);
      const oursS = (performance.now() - s) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const oursGot = (await sink.count()) - before;
      const bareRate = bareGot / bareS;
      const oursRate = report.sent / oursS;
      ratios.push(oursRate / bareRate);
      cpuPerEmail.push((cpu.user + cpu.system) / Math.max(1, report.sent));
      bareCpuPerEmail.push((bareCpu.user + bareCpu.system) / Math.max(1, bareGot));
      console.log(`round ${r + 1}: baseline ${bareGot} in ${bareS.toFixed(2)} s = ${Math.round(bareRate)}/s, ${Math.round(bareCpuPerEmail[r]!)} µs CPU each; parley ${report.sent}/${queued} sent (sink got ${oursGot}) in ${oursS.toFixed(2)} s = ${Math.round(oursRate)}/s, ${Math.round(cpuPerEmail[r]!)} µs CPU each; ratio ${(oursRate / bareRate).toFixed(2)}`);
    }
    console.log(`ratio parley/baseline: median ${median(ratios).toFixed(2)} of ${ratios.map((x) => x.toFixed(2)).join(" ")} (target ≥ 0.70); CPU per email median: parley ${Math.round(median(cpuPerEmail))} µs, baseline ${Math.round(median(bareCpuPerEmail))} µs`);
  } finally {
    closeMailer(ctx);
    ctx.db.$client.close();
    sink.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
