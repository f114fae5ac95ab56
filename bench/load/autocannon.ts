/**
 * autocannon fallback for hosts without wrk (run pinned by bench/lib/load.ts). Same env as load/segment.lua
 * plus BENCH_URL, BENCH_SECONDS, BENCH_CONNECTIONS; prints the same "BENCH_JSON {...}" line (latencies in µs).
 */
import { createRequire } from "node:module";
import { bodyMaker } from "../lib/bodies.js";

interface AcResult {
  duration: number; // seconds
  latency: { p50: number; p90: number; p99: number; max: number }; // ms
  requests: { total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  [status: string]: unknown;
}
type Autocannon = (opts: object, cb: (err: unknown, res: AcResult) => void) => unknown;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

const env = process.env;
const events = Number(env.BENCH_EVENTS ?? 1);
const make = bodyMaker({ events, users: Number(env.BENCH_USERS ?? 10_000), tag: env.BENCH_TAG ?? "run", timestamp: env.BENCH_TS ?? new Date().toISOString() });
let built = 0;
const headers: Record<string, string> = { "content-type": "application/json" };
if (env.BENCH_AUTH) headers.authorization = env.BENCH_AUTH;

autocannon(
  {
    url: env.BENCH_URL,
    connections: Number(env.BENCH_CONNECTIONS ?? 256),
    duration: Number(env.BENCH_SECONDS ?? 10),
    // autocannon drops and re-sends a request that times out, which would pile abandoned work onto the server;
    // wrk only counts it. A long timeout keeps the offered load the same (slow answers show in the latencies).
    timeout: 30,
    requests: [
      {
        method: "POST",
        path: env.BENCH_PATH ?? "/v1/track",
        headers,
        setupRequest: (req: object) => {
          built++;
          return { ...req, body: make() };
        },
      },
    ],
  },
  (err, res) => {
    if (err) throw err;
    const us = (ms: number) => Math.round(ms * 1000);
    const out = {
      requests: res.requests.total, duration_us: Math.round(res.duration * 1e6), status: res.non2xx,
      connect: res.errors - res.timeouts, read: 0, write: 0, timeout: res.timeouts, sent: built,
      p50: us(res.latency.p50), p90: us(res.latency.p90), p99: us(res.latency.p99), max: us(res.latency.max),
    };
    process.stdout.write(`BENCH_JSON ${JSON.stringify(out)}\n`);
  },
);
