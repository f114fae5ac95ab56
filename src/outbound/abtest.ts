import type { Ctx } from "../context.js";
import { probabilityToBeat, twoProportionZTest } from "./abtest-math.js";
import { abMetricAllowed, type AbMetric } from "./abtest-metric.js";
import type { MessageWithVariants } from "./queries.js";
import { rate, variantStats, type ArmStats } from "./stats.js";

/** Contacts each arm must have been sent (or held out, for the control group) before a winner may be declared. */
export const MIN_SAMPLE_PER_ARM = 100;
/** Family-wise significance level; split (Bonferroni) over the leader's comparisons with the other arms. */
export const ALPHA = 0.05;
/** Posterior probability the leader must have of beating each other arm. */
export const MIN_PROBABILITY = 0.95;

export type { AbMetric } from "./abtest-metric.js";

export interface ArmResult {
  variantId: string | null;
  label: string;
  weight: number;
  /** Contacts exposed: sent for a variant, held out for the control group. */
  n: number;
  successes: number;
  rate: number;
  isBaseline: boolean;
  /** Against the baseline (absent for the baseline itself). */
  vsBaseline?: { diff: number; z: number; p: number; probability: number };
}

export interface AbVerdict {
  metric: AbMetric;
  /** The operator chose the metric (else it was picked automatically). */
  chosen: boolean;
  baselineLabel: string;
  arms: ArmResult[];
  minSample: number;
  /** Every arm has reached the minimum sample. */
  sampled: boolean;
  winner?: { variantId: string; label: string } | undefined;
  /** One sentence for the operator: why there is (or is not yet) a winner. */
  reason: string;
}

const LINK = /https?:\/\//i;

/** What the automatic choice would be: the goal when the message has one, else what the content invites. */
export function automaticAbMetric(m: Pick<MessageWithVariants, "goal" | "channel" | "variants">): AbMetric {
  if (m.goal) return "goal";
  const linked = m.variants.some((v) => LINK.test(v.body) || LINK.test(JSON.stringify(v.content ?? {})));
  if (m.channel === "email") return linked ? "clicked" : "opened";
  if (m.channel === "chat") return "replied";
  if (linked) return "clicked";
  return m.variants.some((v) => Array.isArray((v.content as { replies?: unknown } | null)?.replies)) ? "answered" : "replied";
}

/**
 * The figure an A/B test of this message is judged on: the operator's choice (`abMetric`) when the channel can
 * measure it (and, for the goal, a goal is set), else the automatic one.
 */
export function abMetricFor(m: Pick<MessageWithVariants, "goal" | "channel" | "variants"> & { abMetric?: string | null }): AbMetric {
  const chosen = m.abMetric as AbMetric | null | undefined;
  return chosen && abMetricAllowed(chosen, m.channel, m.goal !== null) ? chosen : automaticAbMetric(m);
}

function arm(a: ArmStats, metric: AbMetric): Omit<ArmResult, "isBaseline"> {
  const control = a.variantId === null;
  const n = control ? a.stats.control : a.stats.sent;
  const successes = metric === "goal" ? (control ? a.stats.controlGoal : a.stats.goal) : control ? 0 : a.stats[metric];
  return { variantId: a.variantId, label: a.label, weight: a.weight, n, successes, rate: rate(successes, n) };
}

/**
 * The A/B table of a message: each arm's rate on the judged figure with a pooled two-proportion z-test and the
 * Bayesian probability to beat the baseline (the control group when judging a goal with one, else variant A).
 * A winner is the variant with the best rate once every arm has MIN_SAMPLE_PER_ARM contacts, when it beats
 * every other arm with p < ALPHA / comparisons and a probability of at least MIN_PROBABILITY. Pass `armStats`
 * when the caller already read them (the report page), to spare a second pass over the deliveries.
 */
export function analyzeAbTest(ctx: Ctx, m: MessageWithVariants, armStats?: ArmStats[]): AbVerdict {
  const metric = abMetricFor(m);
  const chosen = m.abMetric !== null && m.abMetric === metric;
  const all = (armStats ?? variantStats(ctx, m.id, m.controlPercent)).map((a) => arm(a, metric));
  // Opens, clicks and replies cannot happen in a group that was never sent anything: compare variants only.
  const arms = metric === "goal" ? all : all.filter((a) => a.variantId !== null);
  const baseline = arms.find((a) => a.variantId === null) ?? arms[0];
  const results: ArmResult[] = arms.map((a) => {
    if (!baseline || a === baseline) return { ...a, isBaseline: a === baseline };
    const t = twoProportionZTest(baseline.successes, baseline.n, a.successes, a.n);
    return { ...a, isBaseline: false, vsBaseline: { ...t, probability: probabilityToBeat(baseline.successes, baseline.n, a.successes, a.n) } };
  });
  const sampled = results.length > 1 && results.every((a) => a.n >= MIN_SAMPLE_PER_ARM);
  const base = { metric, chosen, baselineLabel: baseline?.label ?? "A", arms: results, minSample: MIN_SAMPLE_PER_ARM, sampled };
  const variants = results.filter((a) => a.variantId !== null);
  if (variants.length < 2 && !results.some((a) => a.variantId === null)) return { ...base, reason: "Add a second variant or a control group to run a test." };
  if (!sampled) return { ...base, reason: `Waiting for ${MIN_SAMPLE_PER_ARM} contacts in every arm.` };
  const leader = [...variants].sort((a, b) => b.rate - a.rate)[0]!;
  const others = results.filter((a) => a !== leader);
  const alpha = ALPHA / others.length;
  const beaten = others.every((o) => {
    const t = twoProportionZTest(o.successes, o.n, leader.successes, leader.n);
    return t.diff > 0 && t.p < alpha && probabilityToBeat(o.successes, o.n, leader.successes, leader.n) >= MIN_PROBABILITY;
  });
  if (!beaten) return { ...base, reason: `No variant is ahead of every other arm with p < ${round(alpha)} and a ${MIN_PROBABILITY * 100}% chance to beat it yet.` };
  if (variants.length < 2) return { ...base, reason: `Variant ${leader.label} beats the control group; there is no other variant to promote it over.` };
  return { ...base, winner: { variantId: leader.variantId!, label: leader.label }, reason: `Variant ${leader.label} beats every other arm (p < ${round(alpha)}, ≥ ${MIN_PROBABILITY * 100}% chance to beat each).` };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
