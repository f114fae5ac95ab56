import { z } from "zod";
import { MAX_METADATA_KEYS } from "../events/index.js";
import { invalid } from "../lib/errors.js";

/**
 * Zod shapes of the widget's calls. Intercom's boot settings are one flat object in which unknown keys are
 * custom attributes, so the boot and update shapes are loose and `customAttributes()` picks the rest.
 */

const str = (max: number) => z.string().max(max);
/** Hosts pass ids as numbers as often as strings; they are stored as text. */
const id = z.union([str(255), z.number().finite()]).transform((v) => String(v).trim()).pipe(z.string().min(1, "must not be empty"));
const time = z.union([z.number().finite().nonnegative(), str(64)]);
/** The widget's own id for this browser, kept in localStorage. */
export const visitorIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "must be 8-64 letters, digits, '-' or '_'");

const company = z.looseObject({
  id: id.optional(),
  company_id: id.optional(),
  name: str(255).nullish(),
  created_at: time.nullish(),
  plan: str(255).nullish(),
  monthly_spend: z.number().finite().nullish(),
  size: z.number().int().nonnegative().nullish(),
  website: str(255).nullish(),
  industry: str(255).nullish(),
});

const page = z.object({ url: str(2048).nullish(), title: str(512).nullish(), referrer: str(2048).nullish() });

const attributes = {
  email: z.union([z.email().max(255), z.literal("")]).optional(),
  name: str(255).nullish(),
  phone: str(64).nullish(),
  created_at: time.nullish(),
  signed_up_at: time.nullish(),
  avatar: z.object({ type: str(32).optional(), image_url: str(2048) }).nullish(),
  unsubscribed_from_emails: z.boolean().nullish(),
  company: company.nullish(),
  companies: z.array(company).max(20).nullish(),
  page: page.optional(),
};

export const bootInput = z.looseObject({
  app_id: str(64).min(1),
  anonymous_id: visitorIdSchema,
  user_id: id.optional(),
  user_hash: z.string().regex(/^[0-9a-fA-F]{1,128}$/, "must be a hex string").optional(),
  intercom_user_jwt: str(4096).optional(),
  ...attributes,
});
export type BootInput = z.output<typeof bootInput>;

export const updateInput = z.looseObject(attributes);
export type UpdateInput = z.output<typeof updateInput>;

export const messageInput = z.object({
  body: str(10_000).refine((s) => s.trim() !== "", "must not be blank"),
  client_message_id: str(128).min(1).optional(),
});

export const emailInput = z.object({ email: z.email("must be an email address").max(255) });

export const typingInput = z.object({ typing: z.boolean().default(true) });

export const readInput = z.object({ up_to_part_id: z.union([z.number().int().positive(), z.string().regex(/^\d{1,15}$/)]).optional() });

export const eventInput = z.object({
  event_name: str(255).refine((s) => s.trim() !== "", "must not be blank"),
  metadata: z.record(str(255), z.unknown()).refine((m) => Object.keys(m).length <= MAX_METADATA_KEYS, `at most ${MAX_METADATA_KEYS} keys`).optional(),
});

/** Settings keys that configure the widget itself, never stored as attributes. */
const NOT_ATTRIBUTES = new Set([
  "app_id", "api_base", "anonymous_id", "user_id", "user_hash", "intercom_user_jwt", "hide_default_launcher", "alignment",
  "horizontal_padding", "vertical_padding", "custom_launcher_selector", "action_color", "background_color", "session_duration",
  "language_override", "widget", "__retried", "z_index", "installation_type", "region", "widgetUrl", "page",
  ...Object.keys(attributes),
]);

/** The custom attributes of a boot or update: every key that is neither a known field nor a widget setting. */
export function customAttributes(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (NOT_ATTRIBUTES.has(k) || k.startsWith("utm_") || typeof v === "function") continue;
    if (k.length > 190) throw invalid(k.slice(0, 40), `${k.slice(0, 40)}…: attribute names are at most 190 characters`);
    out[k] = v;
  }
  return out;
}

/** Validates a widget body; the first problem is a VALIDATION error (400) naming its field. */
export function parseBody<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const res = schema.safeParse(raw ?? {});
  if (res.success) return res.data;
  const issue = res.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join(".") : "body";
  throw invalid(field, `${field}: ${issue?.message ?? "is invalid"}`);
}
