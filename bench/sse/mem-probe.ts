/**
 * Preloaded into both servers (`node --expose-gc --import ./bench/sse/mem-probe.ts …`): on SIGUSR2 it runs a full
 * GC and writes `process.memoryUsage()` to `$BENCH_MEM_DIR/<pid>.json`, so RSS and heap are compared without garbage in them.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const file = process.env.BENCH_MEM_DIR ? join(process.env.BENCH_MEM_DIR, `${process.pid}.json`) : undefined;
const gc = (globalThis as { gc?: () => void }).gc;
if (file && gc) {
  process.on("SIGUSR2", () => {
    gc();
    gc();
    writeFileSync(file, JSON.stringify(process.memoryUsage()));
  });
}
