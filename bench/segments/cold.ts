/** One new process: open the dataset, compile the target segment, evaluate it once (segments bench, step 5). */
import { compileDefinition, evaluateAll, parseDefinition } from "../../src/segments/index.js";
import { WORKSPACE, NOW } from "../data/generate.js";
import { benchCtx } from "../lib/bench-ctx.js";
import { TARGET } from "./definitions.js";

const t0 = performance.now();
const { ctx, close } = benchCtx(process.argv[2]!);
const t1 = performance.now();
const compiled = compileDefinition({ ctx, workspaceId: WORKSPACE, strict: true, stack: [] }, parseDefinition(TARGET));
const members = evaluateAll(ctx.db.$client, compiled, NOW);
const t2 = performance.now();
const again = performance.now();
evaluateAll(ctx.db.$client, compiled, NOW);
const t3 = performance.now();
console.log(JSON.stringify({ openMs: Math.round(t1 - t0), firstEvaluationMs: Math.round(t2 - t1), secondEvaluationMs: Math.round(t3 - again), members: members.length }));
close();
