/**
 * Summarizes V8 .cpuprofile files (from `--cpu-prof`): self time by function and by package/file, with
 * dist/*.js positions mapped back to src/*.ts through the build's source maps.
 * CLI: npx tsx bench/profile.ts <dir-or-file.cpuprofile> [top=20]
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

interface Node {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}
export interface Hot {
  fn: string;
  where: string;
  selfPct: number;
}

const root = fileURLToPath(new URL("..", import.meta.url));
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** generated line (0-based) -> [source file, source line (0-based)] from a source map's first segment per line. */
function lineMap(mapFile: string): Map<number, [string, number]> {
  const m = JSON.parse(readFileSync(mapFile, "utf8")) as { sources: string[]; mappings: string };
  const out = new Map<number, [string, number]>();
  let src = 0, line = 0;
  m.mappings.split(";").forEach((segs, gen) => {
    for (const seg of segs.split(",").filter(Boolean)) {
      const vals: number[] = [];
      let v = 0, shift = 0;
      for (const ch of seg) {
        const d = B64.indexOf(ch);
        v += (d & 31) << shift;
        if (d & 32) shift += 5;
        else {
          vals.push(v & 1 ? -(v >> 1) : v >> 1);
          v = shift = 0;
        }
      }
      if (vals.length >= 4) {
        src += vals[1]!;
        line += vals[2]!;
        if (!out.has(gen)) out.set(gen, [resolve(dirname(mapFile), m.sources[src]!), line]);
      }
    }
  });
  return out;
}

const maps = new Map<string, Map<number, [string, number]> | null>();
function where(url: string, line: number): string {
  if (!url) return "";
  const file = url.startsWith("file://") ? fileURLToPath(url) : url;
  let at: [string, number] = [file, line];
  if (!maps.has(file)) maps.set(file, existsSync(`${file}.map`) && !file.includes("node_modules") ? lineMap(`${file}.map`) : null);
  const hit = maps.get(file)?.get(line);
  if (hit) at = hit;
  const rel = at[0].startsWith("/") ? relative(root, at[0]) : at[0];
  return `${rel}:${at[1] + 1}`;
}

function group(w: string): string {
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(w);
  if (nm) return nm[1]!;
  if (w.startsWith("node:")) return "node internals";
  return w ? w.replace(/:\d+$/, "") : "(native / V8)";
}

export function summarizeProfiles(path: string, top = 20): { text: string; top: Hot[] } | undefined {
  const files = statSync(path).isDirectory() ? readdirSync(path).filter((f) => f.endsWith(".cpuprofile")).map((f) => join(path, f)) : [path];
  if (files.length === 0) return undefined;
  const self = new Map<string, { fn: string; where: string; us: number }>();
  const groups = new Map<string, number>();
  const incl = new Map<string, number>(); // Parley's own functions (src/), time including callees
  let total = 0;
  for (const f of files) {
    const p = JSON.parse(readFileSync(f, "utf8")) as Profile;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const srcKey = new Map<number, string | null>();
    const keyOf = (n: Node) => {
      if (!srcKey.has(n.id)) {
        const w = where(n.callFrame.url, n.callFrame.lineNumber);
        srcKey.set(n.id, w.startsWith("src/") ? `${n.callFrame.functionName || "(anonymous)"} ${w}` : null);
      }
      return srcKey.get(n.id)!;
    };
    p.samples.forEach((id, i) => {
      const n = byId.get(id)!;
      const dt = p.timeDeltas[i] ?? 0;
      const fn = n.callFrame.functionName || "(anonymous)";
      if (fn === "(idle)") return;
      total += dt;
      const w = where(n.callFrame.url, n.callFrame.lineNumber);
      const key = `${fn} ${w}`;
      const e = self.get(key) ?? { fn, where: w, us: 0 };
      e.us += dt;
      self.set(key, e);
      groups.set(group(w), (groups.get(group(w)) ?? 0) + dt);
      const seen = new Set<string>();
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const k = keyOf(byId.get(cur)!);
        if (k && !seen.has(k)) {
          seen.add(k);
          incl.set(k, (incl.get(k) ?? 0) + dt);
        }
      }
    });
  }
  const pct = (us: number) => (100 * us) / total;
  const hot = [...self.values()].sort((a, b) => b.us - a.us).slice(0, top).map((e) => ({ fn: e.fn, where: e.where, selfPct: pct(e.us) }));
  const lines = [`CPU profile (${files.map((f) => basename(f)).join(", ")}), busy time ${(total / 1e6).toFixed(1)} s, self time:`];
  for (const h of hot) lines.push(`  ${h.selfPct.toFixed(1).padStart(5)}%  ${h.fn}  ${h.where}`);
  lines.push("Parley functions (src/), total time including callees:");
  for (const [k, us] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us).toFixed(1).padStart(5)}%  ${k}`);
  lines.push("by package / file (self time):");
  for (const [g, us] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 12)) lines.push(`  ${pct(us).toFixed(1).padStart(5)}%  ${g}`);
  return { text: lines.join("\n"), top: hot };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [target, n] = process.argv.slice(2);
  if (!target) throw new Error("usage: tsx bench/profile.ts <dir-or-file.cpuprofile> [top]");
  console.log(summarizeProfiles(target, Number(n ?? 20))?.text ?? "no .cpuprofile files");
}
