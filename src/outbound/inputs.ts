import { z } from "zod";
import { MESSAGE_CHANNELS, MESSAGE_KINDS } from "../db/schema/index.js";
import { invalid } from "../lib/errors.js";
import { parseDefinition, type Definition } from "../segments/index.js";
import { AB_METRICS } from "./abtest-metric.js";

const id = z.string().trim().min(1).max(64);
const name = z.string().trim().min(1).max(255);
const scalar = z.union([z.string().max(1000), z.number().finite(), z.boolean(), z.null()]);
const days = z.number().int().min(1).max(3650);
/** Event metadata conditions: the same ops as segment event `where` filters. */
export const WHERE_OPS = ["eq", "ne", "contains", "not_contains", "starts_with", "ends_with", "gt", "gte", "lt", "lte", "is_set", "is_not_set"] as const;
const where = z.array(z.strictObject({ key: z.string().min(1).max(190), op: z.enum(WHERE_OPS), value: scalar.optional() })).max(10);

const audience = z.strictObject({
  segmentId: id.optional(),
  /** A segment definition (checked with the segments parser, then compiled against the workspace). */
  filter: z.unknown().optional(),
  contactId: id.optional(),
  percent: z.number().gt(0).max(100).optional(),
  excludeSegmentIds: z.array(id).max(20).optional(),
});

export const trigger = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("segment_entered"), segmentId: id }),
  z.strictObject({ type: z.literal("event"), name, where: where.optional(), first: z.boolean().optional() }),
  z.strictObject({ type: z.literal("attribute_changed"), attribute: name, to: scalar.optional() }),
  z.strictObject({ type: z.literal("tag_added"), tag: name }),
  z.strictObject({ type: z.literal("date_attribute"), attribute: name, days: z.number().int().min(-3650).max(3650) }),
  z.strictObject({ type: z.literal("inactive"), days }),
]);

const frequency = z.discriminatedUnion("mode", [
  z.strictObject({ mode: z.literal("once") }),
  z.strictObject({ mode: z.literal("every_time") }),
  z.strictObject({ mode: z.literal("every_n_days"), days }),
]);

const display = z.strictObject({
  urlPattern: z.string().trim().min(1).max(500).optional(),
  delaySeconds: z.number().int().min(0).max(3600).optional(),
  position: z.enum(["top", "bottom"]).optional(),
});

export const GOAL_ATTRIBUTE_OPS = ["eq", "ne", "gt", "gte", "lt", "lte", "is_set"] as const;
const goal = z.union([
  z.strictObject({ event: name, where: where.optional(), withinDays: days }),
  z.strictObject({ attribute: name, op: z.enum(GOAL_ATTRIBUTE_OPS), value: scalar.optional(), withinDays: days }),
]);

const hour = z.number().int().min(0).max(24);
const deliveryWindow = z
  .strictObject({ startHour: hour, endHour: hour, days: z.array(z.number().int().min(0).max(6)).min(1).max(7).optional() })
  .refine((w) => w.startHour !== w.endHour, { message: "startHour and endHour must differ", path: ["endHour"] });

export const VARIANT_LABELS = ["A", "B", "C", "D"] as const;
const variant = z.strictObject({
  id: id.optional(),
  label: z.enum(VARIANT_LABELS).optional(),
  weight: z.number().int().min(0).max(10_000).default(100),
  subject: z.string().max(500).nullable().optional(),
  preheader: z.string().max(500).nullable().optional(),
  body: z.string().max(200_000).default(""),
  bodyFormat: z.enum(["markdown", "html"]).default("markdown"),
  content: z.record(z.string(), z.unknown()).default({}),
});

const sender = z.strictObject({ name: z.string().trim().max(200).optional(), email: z.email().max(320).optional() });
const time = z.number().int().min(0).max(8_640_000_000_000);

const fields = {
  name,
  kind: z.enum(MESSAGE_KINDS),
  channel: z.enum(MESSAGE_CHANNELS),
  audience,
  trigger: trigger.nullable(),
  frequency,
  display,
  goal: goal.nullable(),
  deliveryWindow: deliveryWindow.nullable(),
  variants: z.array(variant).min(1).max(4),
  controlPercent: z.number().int().min(0).max(50),
  autoPromote: z.boolean(),
  /** What the A/B test is judged on; null = automatic (see abMetricFor). */
  abMetric: z.enum(AB_METRICS).nullable(),
  sendRate: z.number().int().min(1).max(1_000_000).nullable(),
  sender: sender.nullable(),
  seriesId: id.nullable(),
  scheduledAt: time.nullable(),
  expiresAt: time.nullable(),
  bypassCap: z.boolean(),
  priority: z.number().int().min(-100).max(100),
};

const createSchema = z.strictObject({
  ...fields,
  kind: fields.kind.default("one_off"),
  audience: audience.default({}),
  trigger: fields.trigger.optional(),
  frequency: frequency.default({ mode: "once" }),
  display: display.default({}),
  goal: fields.goal.optional(),
  deliveryWindow: fields.deliveryWindow.optional(),
  variants: fields.variants.default([{ weight: 100, body: "", bodyFormat: "markdown", content: {} }]),
  controlPercent: fields.controlPercent.default(0),
  autoPromote: fields.autoPromote.default(false),
  abMetric: fields.abMetric.optional(),
  sendRate: fields.sendRate.optional(),
  sender: fields.sender.optional(),
  seriesId: fields.seriesId.optional(),
  scheduledAt: fields.scheduledAt.optional(),
  expiresAt: fields.expiresAt.optional(),
  bypassCap: fields.bypassCap.default(false),
  priority: fields.priority.default(0),
});
const updateSchema = z.strictObject(fields).partial();

export type MessageInput = z.output<typeof createSchema>;
export type MessagePatch = z.output<typeof updateSchema>;
export type VariantInput = z.output<typeof variant>;
export type Audience = Omit<z.output<typeof audience>, "filter"> & { filter?: Definition };
export type Trigger = z.output<typeof trigger>;
export type Frequency = z.output<typeof frequency>;
export type Display = z.output<typeof display>;
export type Goal = z.output<typeof goal>;
export type DeliveryWindow = z.output<typeof deliveryWindow>;
export type WhereCondition = z.output<typeof where>[number];

/**
 * Checks a message body (create, or `{ partial: true }` for an update). Any problem is a VALIDATION error whose
 * field is the path, e.g. `variants[1].weight` or `audience.filter.conditions[0].op`.
 */
export function parseMessageInput(body: unknown, opts: { partial: true }): MessagePatch;
export function parseMessageInput(body: unknown, opts?: { partial?: false }): MessageInput;
export function parseMessageInput(body: unknown, opts: { partial?: boolean } = {}): MessageInput | MessagePatch {
  const res = (opts.partial ? updateSchema : createSchema).safeParse(body);
  if (!res.success) {
    const issue = res.error.issues[0]!;
    const parts = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0] ?? ""] : issue.path;
    throw fail(joinPath(parts), issue.message);
  }
  const data = res.data;
  if (data.audience?.filter !== undefined) data.audience.filter = parseDefinition(data.audience.filter, "audience.filter");
  if (data.variants) checkVariants(data.variants);
  return data;
}

function checkVariants(variants: VariantInput[]): void {
  const labels = new Set<string>();
  variants.forEach((v, i) => {
    const label = v.label ?? VARIANT_LABELS[i]!;
    if (labels.has(label)) throw fail(`variants[${i}].label`, `label ${label} is used twice`);
    labels.add(label);
  });
  if (variants.every((v) => v.weight === 0)) throw fail("variants[0].weight", "at least one variant needs a weight above 0");
}

function joinPath(parts: readonly PropertyKey[]): string {
  let out = "";
  for (const p of parts) out = typeof p === "number" ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p);
  return out;
}

/** A VALIDATION error naming `field` (Intercom's `parameter_invalid`). */
export function fail(field: string, message: string) {
  const f = field || "body";
  return invalid(f, `${f}: ${message}`, "parameter_invalid");
}
