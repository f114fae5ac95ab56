import { z } from "zod";
import { MESSAGE_CHANNELS } from "../db/schema/index.js";
import { invalid } from "../lib/errors.js";
import { parseDefinition, type Definition as Filter } from "../segments/index.js";

export const STEP_ID = /^[a-z0-9_]{1,40}$/;
const stepId = z.string().regex(STEP_ID, "must be 1–40 of a-z, 0-9, _");
const label = z.string().trim().min(1).max(120);
const name = z.string().trim().min(1).max(255);
const scalar = z.union([z.string().max(1000), z.number().finite(), z.boolean()]);

export const WHERE_OPS = ["eq", "ne", "contains", "not_contains", "starts_with", "ends_with", "gt", "gte", "lt", "lte", "is_set", "is_not_set"] as const;
const where = z.array(z.strictObject({ key: z.string().min(1).max(190), op: z.enum(WHERE_OPS), value: scalar.optional() })).max(10);
export type WhereFilter = z.infer<typeof where>[number];

export const UNITS = ["minutes", "hours", "days"] as const;
const duration = z.strictObject({ amount: z.number().int().min(0).max(100_000), unit: z.enum(UNITS) });
export type Duration = z.infer<typeof duration>;

/** A segment definition (checked by the segments domain after the shape passes). */
const filter = z.custom<Filter>((v) => typeof v === "object" && v !== null && !Array.isArray(v), "must be a segment definition object");

const variant = z.strictObject({
  label: z.string().trim().max(1).optional(),
  subject: z.string().max(255).optional(),
  body: z.string().min(1, "must not be empty").max(50_000),
  weight: z.number().int().min(0).max(100).optional(),
});

export interface SendStep { id: string; type: "send"; name: string; channel: (typeof MESSAGE_CHANNELS)[number]; variants: z.infer<typeof variant>[]; bypassCap?: boolean | undefined }
export interface WaitDuration { id: string; type: "wait"; mode: "duration"; duration: Duration }
export interface WaitTime { id: string; type: "wait"; mode: "time_of_day"; hour: number; minute: number }
export interface WaitEvent { id: string; type: "wait"; mode: "event"; event: string; where?: WhereFilter[] | undefined; timeout: Duration; yes: Step[]; no: Step[] }
export interface ConditionBranch { label: string; condition: Filter; steps: Step[] }
export interface SplitCondition { id: string; type: "split"; mode: "condition"; branches: ConditionBranch[]; otherwise: { label: string; steps: Step[] } }
export interface RandomBranch { label: string; percent: number; steps: Step[] }
export interface SplitRandom { id: string; type: "split"; mode: "random"; branches: RandomBranch[] }
export interface ActStep { id: string; type: "act"; action: "tag_add" | "tag_remove" | "set_attribute"; tag?: string | undefined; attribute?: string | undefined; value?: string | number | boolean | null | undefined }
export type WaitStep = WaitDuration | WaitTime | WaitEvent;
export type SplitStep = SplitCondition | SplitRandom;
export type Step = SendStep | WaitStep | SplitStep | ActStep;

const steps: z.ZodType<Step[]> = z.lazy(() => z.array(step).max(100));
// Discriminated by `type`, then `mode`, so an error names the field of the kind of step it is (`steps[2].duration.unit`).
const step: z.ZodType<Step> = z.lazy(() =>
  z.discriminatedUnion("type", [
    z.strictObject({ id: stepId, type: z.literal("send"), name, channel: z.enum(MESSAGE_CHANNELS), variants: z.array(variant).min(1).max(4), bypassCap: z.boolean().optional() }),
    z.discriminatedUnion("mode", [
      z.strictObject({ id: stepId, type: z.literal("wait"), mode: z.literal("duration"), duration }),
      z.strictObject({ id: stepId, type: z.literal("wait"), mode: z.literal("time_of_day"), hour: z.number().int().min(0).max(23), minute: z.number().int().min(0).max(59) }),
      z.strictObject({ id: stepId, type: z.literal("wait"), mode: z.literal("event"), event: name, where: where.optional(), timeout: duration, yes: steps, no: steps }),
    ]),
    z.discriminatedUnion("mode", [
      z.strictObject({
        id: stepId, type: z.literal("split"), mode: z.literal("condition"),
        branches: z.array(z.strictObject({ label, condition: filter, steps })).min(1).max(8),
        otherwise: z.strictObject({ label, steps }),
      }),
      z.strictObject({
        id: stepId, type: z.literal("split"), mode: z.literal("random"),
        branches: z.array(z.strictObject({ label, percent: z.number().int().min(0).max(100), steps })).min(2).max(8),
      }),
    ]),
    z.strictObject({
      id: stepId, type: z.literal("act"), action: z.enum(["tag_add", "tag_remove", "set_attribute"]),
      tag: name.optional(), attribute: name.optional(), value: z.union([scalar, z.null()]).optional(),
    }),
  ]),
);

const entry = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("manual") }),
  z.strictObject({ type: z.literal("segment"), segmentId: z.string().min(1).max(100) }),
  z.strictObject({ type: z.literal("event"), event: name, where: where.optional() }),
  z.strictObject({ type: z.literal("date"), attribute: name, days: z.number().int().min(0).max(3650) }),
]);
export type EntryRule = z.infer<typeof entry>;

/** A goal or exit rule: an event done since entering, or a condition on the contact. */
const rule = z.union([z.strictObject({ event: name, where: where.optional() }), z.strictObject({ condition: filter })]);
export type Rule = z.infer<typeof rule>;

export const REENTRY = ["never", "after_exit", "every_time"] as const;
export const seriesDefinition = z.strictObject({
  entry,
  steps,
  goal: rule.nullable().optional(),
  exits: z.array(rule).max(10).default([]),
  reentry: z.enum(REENTRY).default("never"),
});
export type SeriesDefinition = z.infer<typeof seriesDefinition>;

/** Checks a series definition; any problem is a VALIDATION error naming its path (`steps[2].branches[0].label`). */
export function parseSeriesDefinition(raw: unknown): SeriesDefinition {
  const res = seriesDefinition.safeParse(raw);
  if (!res.success) {
    const issue = res.error.issues[0]!;
    const path = pathOf(issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0] ?? ""] : issue.path);
    throw invalid(path || "definition", `${path || "definition"}: ${issue.message}`);
  }
  const def = res.data;
  checkShape(def);
  return def;
}

function checkShape(def: SeriesDefinition): void {
  const ids = new Set<string>();
  const visit = (list: Step[], path: string) =>
    list.forEach((s, i) => {
      const p = `${path}[${i}]`;
      if (ids.has(s.id)) throw invalid(`${p}.id`, `${p}.id: step id '${s.id}' is used twice`);
      ids.add(s.id);
      if (s.type === "wait" && s.mode === "event") {
        visit(s.yes, `${p}.yes`);
        visit(s.no, `${p}.no`);
      } else if (s.type === "split" && s.mode === "condition") {
        s.branches.forEach((b, k) => {
          parseDefinition(b.condition, `${p}.branches[${k}].condition`);
          visit(b.steps, `${p}.branches[${k}].steps`);
        });
        visit(s.otherwise.steps, `${p}.otherwise.steps`);
      } else if (s.type === "split" && s.mode === "random") {
        const total = s.branches.reduce((n, b) => n + b.percent, 0);
        if (total !== 100) throw invalid(`${p}.branches`, `${p}.branches: percentages add up to ${total}, not 100`);
        s.branches.forEach((b, k) => visit(b.steps, `${p}.branches[${k}].steps`));
      } else if (s.type === "act") {
        if (s.action !== "set_attribute" && !s.tag) throw invalid(`${p}.tag`, `${p}.tag: is required with ${s.action}`);
        if (s.action === "set_attribute" && !s.attribute) throw invalid(`${p}.attribute`, `${p}.attribute: is required with set_attribute`);
      }
    });
  visit(def.steps, "steps");
  if (def.goal && "condition" in def.goal) parseDefinition(def.goal.condition, "goal.condition");
  def.exits.forEach((r, i) => "condition" in r && parseDefinition(r.condition, `exits[${i}].condition`));
}

function pathOf(parts: readonly PropertyKey[]): string {
  let out = "";
  for (const p of parts) out = typeof p === "number" ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p);
  return out;
}

/** A duration in milliseconds. */
export function durationMs(d: Duration): number {
  return d.amount * (d.unit === "minutes" ? 60_000 : d.unit === "hours" ? 3_600_000 : 86_400_000);
}
