import { and, eq } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { dataAttributes } from "../db/schema/index.js";
import { invalid } from "../lib/errors.js";
import { checkAttributeName, coerceValue, inferType, type Attrs, type DataType, type Model } from "./types.js";

export type DataAttribute = typeof dataAttributes.$inferSelect;

export interface CoerceOpts {
  /** Path prefix used in error messages, e.g. `custom_attributes` or `traits`. */
  field: string;
  /** Create unknown attributes (with an inferred type) instead of rejecting them. */
  autoCreate: boolean;
}

/** Finds a registered attribute by name. */
export function findDataAttribute(ctx: Ctx, workspaceId: string, model: Model, name: string): DataAttribute | undefined {
  return ctx.db
    .select()
    .from(dataAttributes)
    .where(and(eq(dataAttributes.workspaceId, workspaceId), eq(dataAttributes.model, model), eq(dataAttributes.name, name)))
    .get();
}

/** Registers an attribute; callers check for duplicates first. */
export function insertDataAttribute(
  ctx: Ctx,
  workspaceId: string,
  a: { model: Model; name: string; dataType: DataType; createdBy: "api" | "auto" | "admin"; description?: string | null; options?: string[] | null; messengerWritable?: boolean },
): DataAttribute {
  const now = ctx.clock.now();
  return ctx.db
    .insert(dataAttributes)
    .values({
      workspaceId, model: a.model, name: a.name, dataType: a.dataType, label: a.name, description: a.description ?? null,
      options: a.options ?? null, messengerWritable: a.messengerWritable ?? false, createdBy: a.createdBy, createdAt: now, updatedAt: now,
    })
    .returning()
    .get();
}

/**
 * Types a bag of custom attributes against the registry, inside the caller's transaction.
 * Unknown names are auto-created when allowed; a wrong-typed value is a VALIDATION error naming the field.
 * `null` means "clear this attribute" and is passed through.
 */
export function coerceAttributes(ctx: Ctx, workspaceId: string, model: Model, input: Record<string, unknown>, opts: CoerceOpts): Attrs {
  const out: Attrs = {};
  for (const [name, raw] of Object.entries(input)) {
    const field = `${opts.field}.${name}`;
    const bad = checkAttributeName(name, field);
    if (bad) throw invalid(field, bad);
    if (raw === null || raw === undefined) {
      out[name] = null;
      continue;
    }
    if (typeof raw !== "string" && typeof raw !== "number" && typeof raw !== "boolean") {
      throw invalid(field, `${field} must be a string, number or boolean`);
    }
    if (typeof raw === "string" && raw.length > 10_000) throw invalid(field, `${field} is longer than 10000 characters`);
    let attr = findDataAttribute(ctx, workspaceId, model, name);
    if (!attr) {
      if (!opts.autoCreate) throw invalid(field, `Custom attribute '${name}' does not exist`, "parameter_not_found");
      attr = insertDataAttribute(ctx, workspaceId, { model, name, dataType: inferType(name, raw), createdBy: "auto" });
    }
    if (attr.archived) throw invalid(field, `Custom attribute '${name}' is archived`);
    let res = coerceValue(attr.dataType, raw, attr.options);
    if (!res.ok && attr.createdBy === "auto" && attr.dataType === "integer" && typeof raw === "number" && Number.isFinite(raw)) {
      widenToFloat(ctx, attr);
      res = { ok: true, value: raw };
    }
    if (!res.ok) throw invalid(field, `${field} ${res.reason} (attribute type is ${attr.dataType})`);
    out[name] = res.value;
  }
  return out;
}

/** An auto-created integer attribute that receives a fraction becomes a float rather than rejecting data. */
function widenToFloat(ctx: Ctx, attr: DataAttribute): void {
  ctx.db.update(dataAttributes).set({ dataType: "float", updatedAt: ctx.clock.now() }).where(eq(dataAttributes.id, attr.id)).run();
}
