/** Turns the per-round runs into medians, same-run ratios against the PERF.md §3 targets, and the printed table. */
import type { HttpRun, InsertRun, Scenario } from "./scenarios.js";
import { fmt, num, scale, spread, table, type Spread } from "./stats.js";

export type Round = Partial<Record<Scenario, HttpRun | InsertRun>>;

export interface Ratio {
  name: string;
  perRound: number[];
  value: Spread;
  target: string;
  pass: boolean | null; // null: not measured in this run
}

const http = (r: Round, s: Scenario) => r[s] as HttpRun | undefined;
const ins = (r: Round) => r["raw-insert"] as InsertRun | undefined;

export function summarize(rounds: Round[]) {
  const scen: Record<string, Record<string, Spread>> = {};
  for (const s of ["raw-post", "parley-track", "raw-batch", "parley-batch"] as const) {
    const runs = rounds.map((r) => http(r, s)).filter((x): x is HttpRun => x !== undefined);
    if (runs.length === 0) continue;
    const f = (g: (x: HttpRun) => number) => spread(runs.map(g));
    scen[s] = {
      rps: f((x) => x.load.rps), eventsPerSec: f((x) => x.eventsPerSec), p50ms: f((x) => x.load.p50ms), p99ms: f((x) => x.load.p99ms),
      maxms: f((x) => x.load.maxms), cpuUsPerReq: f((x) => x.cpuUsPerReq), non2xx: f((x) => x.load.non2xx), errors: f((x) => x.load.errors),
      timeouts: f((x) => x.load.timeouts), loadgenCpu: f((x) => x.load.loadgenCpu), serverWriteKBPerEvent: f((x) => x.serverWriteKBPerEvent),
      storedPerSec: f((x) => x.storedPerSec), cpuUsPerStored: f((x) => x.cpuUsPerStored),
    };
  }
  const inserts = rounds.map(ins).filter((x): x is InsertRun => x !== undefined);
  if (inserts.length > 0) {
    const f = (g: (x: InsertRun) => number) => spread(inserts.map(g));
    scen["raw-insert"] = { rowsPerSec: f((x) => x.rowsPerSec), cpuUsPerRow: f((x) => x.cpuUsPerRow), wcharPer1k: f((x) => x.wcharPer1k), writeBytesPer1k: f((x) => x.writeBytesPer1k) };
  }
  return scen;
}

export function ratios(rounds: Round[]): Ratio[] {
  const per = (g: (r: Round) => number | undefined) => rounds.map(g).filter((x): x is number => x !== undefined && !Number.isNaN(x));
  const mk = (name: string, xs: number[], target: string, ok: (m: number) => boolean): Ratio => {
    const value = spread(xs);
    return { name, perRound: xs, value, target, pass: value.n === 0 ? null : ok(value.median) };
  };
  const pt = (r: Round) => http(r, "parley-track");
  const rp = (r: Round) => http(r, "raw-post");
  const pb = (r: Round) => http(r, "parley-batch");
  const rb = (r: Round) => http(r, "raw-batch");
  const ri = (r: Round) => ins(r);
  return [
    mk("parley-track / raw-post req/s", per((r) => (pt(r) && rp(r) ? pt(r)!.load.rps / rp(r)!.load.rps : undefined)), ">= 0.75", (m) => m >= 0.75),
    mk("parley-track / raw-post CPU µs/req", per((r) => (pt(r) && rp(r) ? pt(r)!.cpuUsPerReq / rp(r)!.cpuUsPerReq : undefined)), "<= 1.3", (m) => m <= 1.3),
    mk("parley-track p99 ms", per((r) => pt(r)?.load.p99ms), "<= 50", (m) => m <= 50),
    // A run that got no answer at all counts every request it sent as failed.
    mk("parley-track non-2xx+errors+timeouts", per((r) => {
      const l = pt(r)?.load;
      return l ? (l.requests === 0 ? l.sent : l.non2xx + l.errors + l.timeouts) : undefined;
    }), "= 0", (m) => m === 0),
    mk(
      "parley-batch ev/s / min(raw-batch ev/s, raw-insert rows/s)",
      per((r) => (pb(r) && rb(r) && ri(r) ? pb(r)!.eventsPerSec / Math.min(rb(r)!.eventsPerSec, ri(r)!.rowsPerSec) : undefined)),
      ">= 0.6", (m) => m >= 0.6,
    ),
    mk(
      "  same, server-side committed ev/s (info)",
      per((r) => (pb(r) && rb(r) && ri(r) ? pb(r)!.storedPerSec / Math.min(rb(r)!.eventsPerSec, ri(r)!.rowsPerSec) : undefined)),
      ">= 0.6", (m) => m >= 0.6,
    ),
    mk("parley-batch p99 ms", per((r) => pb(r)?.load.p99ms), "<= 50 (info)", (m) => m <= 50),
    mk("raw-insert KB written per event", per((r) => (ri(r) ? ri(r)!.wcharPer1k / 1024 / 1000 : undefined)), "<= 8 (§3 row 2)", (m) => m <= 8),
  ];
}

export function printTable(scen: ReturnType<typeof summarize>, rs: Ratio[], rounds: number): string {
  const order = ["raw-post", "parley-track", "raw-batch", "parley-batch"];
  const rows = order.filter((s) => scen[s]).map((s) => {
    const x = scen[s]!;
    const bad = `${num(x.non2xx!.max)}/${num(x.errors!.max)}/${num(x.timeouts!.max)}`;
    return [s, fmt(x.rps!), fmt(x.eventsPerSec!), fmt(x.p50ms!, 1), fmt(x.p99ms!, 1), fmt(x.cpuUsPerReq!, 1), bad, num(x.loadgenCpu!.max * 100) + "%"];
  });
  const out = [`Medians [min–max] over ${rounds} round(s):`, table(["scenario", "2xx req/s", "events/s", "p50 ms", "p99 ms", "CPU µs/req", "non2xx/err/to (max)", "loadgen CPU (max)"], rows)];
  const ri = scen["raw-insert"];
  if (ri) out.push(`raw-insert: ${fmt(ri.rowsPerSec!)} rows/s, ${fmt(ri.cpuUsPerRow!, 1)} CPU µs/row, ${fmt(scale(ri.wcharPer1k!, 1 / 1024))} KB written per 1k events (wchar; reached disk: ${fmt(scale(ri.writeBytesPer1k!, 1 / 1024))} KB)`);
  for (const s of ["parley-track", "parley-batch"]) {
    const x = scen[s];
    if (!x || x.storedPerSec!.n === 0) continue;
    out.push(`${s} (server side, measured window): ${fmt(x.storedPerSec!)} events committed/s, ${fmt(x.cpuUsPerStored!, 1)} CPU µs per committed event, ${fmt(x.serverWriteKBPerEvent!, 1)} KB written per event (wchar)`);
  }
  out.push("", table(["ratio (same-round, median [min–max])", "value", "target", "verdict"], rs.map((r) => [r.name, fmt(r.value, r.name.includes("ms") || r.name.includes("KB") ? 1 : 2), r.target, r.pass === null ? "not run" : r.pass ? "PASS" : "MISS"])));
  return out.join("\n");
}
