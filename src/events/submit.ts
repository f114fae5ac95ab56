import type { Ctx } from "../context.js";
import { withTx } from "../context.js";
import { findContactByRef, type ContactRef } from "../contacts/index.js";
import type { Metadata } from "../db/schema/index.js";
import { AppError, invalid } from "../lib/errors.js";
import { recordEvent, type RecordResult } from "./record.js";

/** An event as Intercom's `POST /events` describes it, times already in ms. */
export interface SubmitEventInput {
  name: string;
  createdAt: number;
  /** Who did it: our id, the product's user id or an email (first given wins, in that order). */
  contact: ContactRef;
  metadata?: Record<string, unknown> | undefined;
}

export const MAX_METADATA_KEYS = 10;
const MAX_TEXT = 10_000;

/**
 * Records an Intercom data event for a known contact (unknown → NOT_FOUND "User Not Found").
 * Intercom's dedupe rule applies: the same contact, name and time is one event (still accepted).
 */
export function submitEvent(ctx: Ctx, workspaceId: string, input: SubmitEventInput): RecordResult & { contactId: string } {
  const { id, externalId, email } = input.contact;
  if (!id && !externalId && !email) throw invalid("user_id", "One of user_id, id or email is required", "parameter_not_found");
  const metadata = normalizeMetadata(input.metadata ?? {});
  const res = withTx(ctx, () => {
    const contact = findContactByRef(ctx, workspaceId, { id, externalId, email });
    if (!contact) throw new AppError("NOT_FOUND", "User Not Found");
    const recorded = recordEvent(ctx, workspaceId, contact.id, { name: input.name, createdAt: input.createdAt, metadata, dedupeByTime: true });
    return { ...recorded, contactId: contact.id };
  });
  // recordEvent writes the event and its rollups, never the contact row: profile-only segments need not look.
  if (!res.duplicate && res.id) {
    ctx.bus.publish("event.ingested", {
      workspaceId, contactId: res.contactId, eventId: res.id, name: input.name.trim(), metadata, createdAt: input.createdAt, profileChanged: false,
    });
  }
  return res;
}

/**
 * Checks Intercom's metadata rules (at most 10 keys; flat values, a `{url, value}` rich link or an
 * `{amount, currency}` price) and stores the two objects flat as `key.url`/`key.value` and
 * `key.amount`/`key.currency`, so every stored value stays a scalar that segment conditions can compare.
 */
export function normalizeMetadata(input: Record<string, unknown>): Metadata {
  const keys = Object.keys(input);
  if (keys.length > MAX_METADATA_KEYS) throw invalid("metadata", `metadata has ${keys.length} keys; at most ${MAX_METADATA_KEYS} are allowed`);
  const out: Metadata = {};
  for (const key of keys) {
    const field = `metadata.${key}`;
    if (key.length === 0 || key.length > 255) throw invalid(field, `${field}: keys must be 1-255 characters`);
    const v = input[key];
    if (v === null || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v))) out[key] = v;
    else if (typeof v === "string") {
      if (v.length > MAX_TEXT) throw invalid(field, `${field} is longer than ${MAX_TEXT} characters`);
      out[key] = v;
    } else Object.assign(out, richValue(key, v, field));
  }
  return out;
}

function richValue(key: string, v: unknown, field: string): Metadata {
  const o = typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  const shape = o ? Object.keys(o).sort().join(",") : "";
  if (o && (shape === "url,value" || shape === "url") && typeof o.url === "string" && (o.value === undefined || typeof o.value === "string")) {
    return { [`${key}.url`]: o.url.slice(0, MAX_TEXT), [`${key}.value`]: (o.value as string | undefined)?.slice(0, MAX_TEXT) ?? o.url.slice(0, MAX_TEXT) };
  }
  if (o && shape === "amount,currency" && Number.isInteger(o.amount) && typeof o.currency === "string" && o.currency.length <= 10) {
    return { [`${key}.amount`]: o.amount as number, [`${key}.currency`]: o.currency };
  }
  throw invalid(field, `${field} must be a string, number, boolean, a {url, value} link or an {amount, currency} price`);
}

/** Stored metadata back in Intercom's shape: flattened links and prices become objects again. */
export function publicMetadata(stored: Metadata): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const pairs: [string, string][] = [["url", "value"], ["amount", "currency"]];
  for (const [k, v] of Object.entries(stored)) {
    const dot = k.lastIndexOf(".");
    const base = k.slice(0, dot);
    const pair = dot > 0 ? pairs.find((p) => p.includes(k.slice(dot + 1))) : undefined;
    if (pair && `${base}.${pair[0]}` in stored && `${base}.${pair[1]}` in stored && !(base in stored)) {
      out[base] = { [pair[0]]: stored[`${base}.${pair[0]}`], [pair[1]]: stored[`${base}.${pair[1]}`] };
    } else out[k] = v;
  }
  return out;
}
