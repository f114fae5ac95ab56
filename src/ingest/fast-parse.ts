import { toEpochMs } from "../attributes/index.js";
import type { MessageType, SegmentMessage } from "./inputs.js";

/**
 * The everyday shapes of `track`, `page` and `screen` checked by hand: the same rules as their zod schemas in
 * `inputs.ts`, for a fifth of the CPU (this runs once per ingested event). It only ever accepts: anything it does
 * not recognise (a wrong type, a too-long string, a value JSON cannot produce) returns undefined and the zod
 * schema decides, with its error messages. `test/ingest/fast-parse.test.ts` holds the two to the same output.
 * Keep both in step when a field is added to a schema.
 */
export function fastParse(raw: Record<string, unknown>, type: MessageType): SegmentMessage | undefined {
  const top = type === "track" ? TRACK : type === "page" || type === "screen" ? PAGE_MESSAGE : undefined;
  if (!top) return undefined;
  const out: Record<string, unknown> = { ...raw };
  for (const key in top) {
    const v = raw[key];
    if (v === undefined || (v === null && key !== "event")) continue;
    const rule = top[key]!;
    const parsed = typeof rule === "function" ? rule(v) : plainObject(v, rule) ? v : undefined;
    if (parsed === undefined) return undefined;
    out[key] = parsed;
  }
  if (type === "track" && typeof out.event !== "string") return undefined;
  out.type = type;
  return out as unknown as SegmentMessage;
}

/** A key's rule: a converter (undefined = not accepted) or the rules of a nested object. */
type Rule = ((v: unknown) => unknown) | Shape;
/** Known keys of an object; other keys pass through unchecked (the schemas are loose objects). */
interface Shape {
  [key: string]: Rule;
}

/** Strings up to `max` characters; nested shapes hold only these, so a nested object passes through as is. */
const text = (max: number) => (v: unknown) => (typeof v === "string" && v.length <= max ? v : undefined);
const bool = (v: unknown) => (typeof v === "boolean" ? v : undefined);
/** `idValue`: a string (trimmed) or a finite number (as text). */
const id = (v: unknown) => (typeof v === "string" ? (v.length <= 255 ? v.trim() : undefined) : finite(v) ? String(v) : undefined);
const messageId = (v: unknown) => (typeof v === "string" ? (v.length <= 255 ? v : undefined) : finite(v) ? String(v) : undefined);
const time = (v: unknown) => ((typeof v === "string" && v.length <= 64) || finite(v) ? toEpochMs(v) : undefined);
/** `z.record(str(190), unknown)`: any JSON values under keys of at most 190 characters. */
const bag = (v: unknown) => (isPlain(v) && Object.keys(v).every((k) => k.length <= 190) ? v : undefined);
const eventName = (v: unknown) => (typeof v === "string" && v.length <= 255 && v.trim().length > 0 ? v.trim() : undefined);

const CONTEXT: Shape = {
  ip: text(64), userAgent: text(1024), locale: text(35), active: bool,
  campaign: { source: text(255), medium: text(255), name: text(255), term: text(255), content: text(255) },
  page: { url: text(2048), referrer: text(2048), title: text(512), path: text(2048), search: text(2048) },
  library: { name: text(100), version: text(100) },
};
const COMMON: Shape = {
  messageId, userId: id, anonymousId: id, timestamp: time, originalTimestamp: time, sentAt: time, context: CONTEXT, integrations: bag,
};
const TRACK: Shape = { ...COMMON, event: eventName, properties: bag };
const PAGE_MESSAGE: Shape = {
  ...COMMON, name: text(255), category: text(255), properties: { url: text(2048), title: text(512), referrer: text(2048) },
};

/** Every known key of `v` null, absent or accepted by its rule (nested shapes recursively). */
function plainObject(v: unknown, shape: Shape): boolean {
  if (!isPlain(v)) return false;
  for (const key in shape) {
    const x = v[key];
    if (x === undefined || x === null) continue;
    const rule = shape[key]!;
    if (typeof rule === "function" ? rule(x) !== x : !plainObject(x, rule)) return false;
  }
  return true;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function finite(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}
