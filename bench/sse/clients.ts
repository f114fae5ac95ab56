/**
 * The widgets: a second process that opens every SSE connection it is given and keeps them open, then on
 * each `{"go":n}` line from stdin sends one trigger request and times how long the message marked `bench-<n>`
 * takes to reach each "hot" connection (same clock for send and receive). Answers JSON lines on stdout.
 */
import { readFileSync } from "node:fs";
import { request, type IncomingMessage } from "node:http";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";

interface Plan {
  idle: string[];
  hot: string[];
  trigger: { url: string; headers: Record<string, string>; body: (marker: string) => string };
}

const plan = JSON.parse(readFileSync(process.env.SSE_PLAN_FILE!, "utf8")) as Omit<Plan, "trigger"> & { trigger: { url: string; headers: Record<string, string>; template: string } };
const out = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);
const hot: IncomingMessage[] = [];
let pending: { marker: string; t0: number; times: number[]; done: () => void } | undefined;

function open(url: string, isHot: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { accept: "text/event-stream" } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`${url.slice(0, 80)}: HTTP ${res.statusCode}`));
      res.setEncoding("utf8");
      if (isHot) hot.push(res);
      res.on("data", (chunk: string) => {
        if (isHot && pending && chunk.includes(pending.marker)) {
          pending.times.push(performance.now() - pending.t0);
          if (pending.times.length === plan.hot.length) pending.done();
        }
      });
      res.on("error", () => {});
      resolve();
    });
    req.on("error", reject);
    req.end();
  });
}

/** Opens connections `width` at a time (a burst of 10k SYNs would overflow the listen backlog). */
async function openAll(): Promise<void> {
  const all = [...plan.idle.map((u) => [u, false] as const), ...plan.hot.map((u) => [u, true] as const)];
  for (let i = 0; i < all.length; i += 200) await Promise.all(all.slice(i, i + 200).map(([u, h]) => open(u, h)));
}

function trigger(marker: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const body = plan.trigger.template.replace("MARKER", marker);
    const req = request(plan.trigger.url, { method: "POST", agent: false, headers: { ...plan.trigger.headers, "content-length": Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on("end", () => (res.statusCode! < 300 ? resolve() : reject(new Error(`trigger: HTTP ${res.statusCode}`))));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function go(n: number): Promise<void> {
  const marker = `bench-${n}-${Math.random().toString(36).slice(2, 8)}`;
  const times: number[] = [];
  const finished = new Promise<void>((done) => (pending = { marker, t0: performance.now(), times, done }));
  const timeout = new Promise<void>((r) => setTimeout(r, 10_000).unref());
  await trigger(marker);
  await Promise.race([finished, timeout]);
  pending = undefined;
  out({ n, received: times.length, times });
}

openAll().then(
  () => {
    out({ connected: plan.idle.length + plan.hot.length });
    const rl = createInterface({ input: process.stdin });
    rl.on("line", (line) => {
      const msg = JSON.parse(line) as { go?: number };
      if (msg.go !== undefined) go(msg.go).catch((err: Error) => out({ error: err.message }));
    });
  },
  (err: Error) => {
    out({ error: err.message });
    process.exit(1);
  },
);
