/** Medians, min–max and the compact text table. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function spread(xs: number[]): Spread {
  const v = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0 };
  const mid = v.length >> 1;
  const median = v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
  return { median, min: v[0]!, max: v[v.length - 1]!, n: v.length };
}

export function num(x: number, digits = 0): string {
  if (x === Infinity) return "none"; // e.g. a p99 when no request was answered
  if (!Number.isFinite(x)) return "-";
  return x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "21,447 [18,151–26,103]" */
export function fmt(s: Spread, digits = 0): string {
  if (s.n === 0) return "-";
  return s.n === 1 ? num(s.median, digits) : `${num(s.median, digits)} [${num(s.min, digits)}–${num(s.max, digits)}]`;
}

export function table(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join("  ");
  return [line(head), w.map((n) => "-".repeat(n)).join("  "), ...rows.map(line)].join("\n");
}

export const scale = (s: Spread, k: number): Spread => ({ median: s.median * k, min: s.min * k, max: s.max * k, n: s.n });
