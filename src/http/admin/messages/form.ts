import { invalid } from "../../../lib/errors.js";

/** The message form as submitted: every field a string (checkboxes present or absent, multi-selects as lists). */
export type MessageForm = Record<string, string | string[]>;

export const FORM_VARIANTS = ["A", "B", "C", "D"] as const;

const one = (f: MessageForm, k: string): string => {
  const v = f[k];
  return (Array.isArray(v) ? (v[0] ?? "") : (v ?? "")).trim();
};
const many = (f: MessageForm, k: string): string[] => {
  const v = f[k];
  return (Array.isArray(v) ? v : v ? [v] : []).map((s) => s.trim()).filter(Boolean);
};
const on = (f: MessageForm, k: string) => one(f, k) !== "";
/** Numbers stay numbers; anything else is passed on as text so the validator names the field. */
const num = (s: string): number | string => (/^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s);
const opt = (s: string) => (s === "" ? undefined : s);

/** `2026-01-15T12:00` (UTC, as the form labels it) → ms. */
export function parseUtcLocal(s: string, field: string): number | undefined {
  if (!s) return undefined;
  const ms = Date.parse(/Z$|[+-]\d\d:\d\d$/.test(s) ? s : `${s}Z`);
  if (Number.isNaN(ms)) throw invalid(field, `${field}: not a date and time`);
  return ms;
}

/** ms → the value a `datetime-local` input shows (UTC). */
export function utcLocal(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? "" : new Date(ms).toISOString().slice(0, 16);
}

function json(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalid(field, `${field}: not valid JSON`);
  }
}

/** "Label" or "Label | value", one per line. */
function replies(text: string): { label: string; value: string }[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).map((l) => {
    const [label, value] = l.split("|").map((s) => s.trim());
    return { label: label!, value: value || label! };
  });
}

function variant(f: MessageForm, label: string, channel: string): Record<string, unknown> {
  const p = `v${label}_`;
  const content: Record<string, unknown> = {};
  const reps = replies(one(f, `${p}replies`));
  if (reps.length > 0) content.replies = reps;
  if (one(f, `${p}reply_attribute`)) content.attribute = one(f, `${p}reply_attribute`);
  if (one(f, `${p}button_label`) || one(f, `${p}button_url`)) content.button = { label: one(f, `${p}button_label`), url: one(f, `${p}button_url`) };
  if (channel === "email" && one(f, `${p}layout`)) content.layout = one(f, `${p}layout`);
  return {
    ...(one(f, `${p}id`) ? { id: one(f, `${p}id`) } : {}),
    label,
    weight: num(one(f, `${p}weight`) || "100"),
    subject: channel === "email" ? one(f, `${p}subject`) || null : null,
    preheader: channel === "email" ? one(f, `${p}preheader`) || null : null,
    body: typeof f[`${p}body`] === "string" ? (f[`${p}body`] as string) : "",
    bodyFormat: one(f, `${p}format`) === "html" ? "html" : "markdown",
    content,
  };
}

function trigger(f: MessageForm): Record<string, unknown> | null {
  const type = one(f, "trigger_type");
  switch (type) {
    case "":
      return null;
    case "segment_entered":
      return { type, segmentId: one(f, "trigger_segment") };
    case "event": {
      const where = one(f, "trigger_where");
      return { type, name: one(f, "trigger_event"), ...(where ? { where: json(where, "trigger.where") } : {}), ...(on(f, "trigger_first") ? { first: true } : {}) };
    }
    case "attribute_changed":
      return { type, attribute: one(f, "trigger_attribute"), ...(one(f, "trigger_to") ? { to: num(one(f, "trigger_to")) } : {}) };
    case "tag_added":
      return { type, tag: one(f, "trigger_tag") };
    case "date_attribute":
      return { type, attribute: one(f, "trigger_attribute"), days: num(one(f, "trigger_days")) };
    case "inactive":
      return { type, days: num(one(f, "trigger_days")) };
    default:
      throw invalid("trigger", "trigger: unknown type");
  }
}

function goal(f: MessageForm): Record<string, unknown> | null {
  const type = one(f, "goal_type");
  const withinDays = num(one(f, "goal_days") || "7");
  if (type === "event") return { event: one(f, "goal_event"), withinDays };
  if (type === "attribute") {
    const op = one(f, "goal_op") || "is_set";
    return { attribute: one(f, "goal_attribute"), op, ...(op === "is_set" ? {} : { value: num(one(f, "goal_value")) }), withinDays };
  }
  return null;
}

function scheduled(f: MessageForm): number {
  const at = parseUtcLocal(one(f, "scheduled_at"), "scheduledAt");
  if (at === undefined) throw invalid("scheduledAt", "scheduledAt: pick the date and time to send at");
  return at;
}

/** The audience part alone (the live count reads it without the rest of the form). */
export function audienceFromForm(f: MessageForm): Record<string, unknown> {
  const filter = one(f, "aud_filter");
  const percent = one(f, "aud_percent");
  const exclude = many(f, "aud_exclude");
  return {
    ...(one(f, "aud_segment") ? { segmentId: one(f, "aud_segment") } : {}),
    ...(filter ? { filter: json(filter, "audience.filter") } : {}),
    ...(one(f, "aud_contact") ? { contactId: one(f, "aud_contact") } : {}),
    ...(percent && percent !== "100" ? { percent: num(percent) } : {}),
    ...(exclude.length > 0 ? { excludeSegmentIds: exclude } : {}),
  };
}

/** The form as the domain's message input (checked afterwards by `parseMessageInput`). */
export function inputFromForm(f: MessageForm): Record<string, unknown> {
  const channel = one(f, "channel") || "email";
  const kind = one(f, "kind") || "one_off";
  const enabled = FORM_VARIANTS.filter((l, i) => i === 0 || on(f, `v${l}_enabled`));
  const start = one(f, "win_start");
  const end = one(f, "win_end");
  const senderName = one(f, "sender_name");
  const senderEmail = one(f, "sender_email");
  const display: Record<string, unknown> = {};
  if (one(f, "url_pattern")) display.urlPattern = one(f, "url_pattern");
  if (one(f, "delay_seconds")) display.delaySeconds = num(one(f, "delay_seconds"));
  if (channel === "banner" && one(f, "position")) display.position = one(f, "position");
  return {
    name: one(f, "name"),
    kind,
    channel,
    audience: audienceFromForm(f),
    trigger: kind === "ongoing" ? trigger(f) : null,
    frequency: kind === "ongoing" && one(f, "freq_mode") ? { mode: one(f, "freq_mode"), ...(one(f, "freq_mode") === "every_n_days" ? { days: num(one(f, "freq_days")) } : {}) } : { mode: "once" },
    display,
    goal: goal(f),
    deliveryWindow: start || end ? { startHour: num(start || "0"), endHour: num(end || "24") } : null,
    variants: enabled.map((l) => variant(f, l, channel)),
    controlPercent: num(one(f, "control_percent") || "0"),
    autoPromote: on(f, "auto_promote"),
    abMetric: one(f, "ab_metric") || null,
    sendRate: opt(one(f, "send_rate")) === undefined ? null : num(one(f, "send_rate")),
    sender: senderName || senderEmail ? { ...(senderName ? { name: senderName } : {}), ...(senderEmail ? { email: senderEmail } : {}) } : null,
    scheduledAt: kind === "one_off" && one(f, "send_mode") === "at" ? scheduled(f) : null,
    expiresAt: parseUtcLocal(one(f, "expires_at"), "expiresAt") ?? null,
    bypassCap: on(f, "bypass_cap"),
    priority: num(one(f, "priority") || "0"),
  };
}
