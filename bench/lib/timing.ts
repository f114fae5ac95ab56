/** Timing helpers for the in-process query benchmarks (contacts, segments, funnels). */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { spread } from "./stats.js";

export interface Timing {
  p50: number;
  p95: number;
  min: number;
  max: number;
  n: number;
}

export function quantile(xs: number[], q: number): number {
  const v = [...xs].sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1))]!;
}

export function timing(ms: number[]): Timing {
  return { p50: quantile(ms, 0.5), p95: quantile(ms, 0.95), min: Math.min(...ms), max: Math.max(...ms), n: ms.length };
}

/** Milliseconds one call of `fn` takes. */
export function time(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

export async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * Interleaves candidates A B C A B C … `reps` times (after `warm` unmeasured rounds), so drift on this noisy VM
 * hits every candidate alike. Returns each candidate's times, in round order.
 */
export function interleave(cands: Record<string, () => unknown>, reps: number, warm = 2): Record<string, number[]> {
  const out: Record<string, number[]> = Object.fromEntries(Object.keys(cands).map((k) => [k, []]));
  for (let i = 0; i < warm + reps; i++) {
    for (const [k, fn] of Object.entries(cands)) {
      const ms = time(fn);
      if (i >= warm) out[k]!.push(ms);
    }
  }
  return out;
}

/** Per-round ratio a/b, then median [min–max] of the ratios. */
export function pairedRatio(a: number[], b: number[]): { median: number; min: number; max: number } {
  return spread(a.map((x, i) => x / b[i]!));
}

/**
 * Watches the event loop while `fn` runs: the longest stall is the longest time a 1 ms heartbeat timer was late
 * (what an HTTP request arriving at the worst moment would wait), cross-checked with monitorEventLoopDelay.
 */
export async function longestStall<T>(fn: () => Promise<T>): Promise<{ value: T; stallMs: number; histMaxMs: number; wallMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  let last = performance.now();
  let worst = 0;
  const beat = setInterval(() => {
    const t = performance.now();
    worst = Math.max(worst, t - last - 1);
    last = t;
  }, 1);
  h.enable();
  const t0 = performance.now();
  try {
    const value = await fn();
    const wallMs = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 5));
    return { value, stallMs: Math.max(0, worst), histMaxMs: h.max / 1e6, wallMs };
  } finally {
    clearInterval(beat);
    h.disable();
  }
}

/** The longest heartbeat delay over `ms` milliseconds with nothing to do: what this machine's scheduling alone costs. */
export async function idleStall(ms: number): Promise<number> {
  return (await longestStall(() => new Promise((r) => setTimeout(r, ms)))).stallMs;
}

export const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
export const tm = (t: Timing) => `p50 ${ms(t.p50)} / p95 ${ms(t.p95)} ms (n=${t.n})`;
