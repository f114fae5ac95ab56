import { GOAL_ATTRIBUTE_OPS } from "../../src/outbound/index.js";
import type { SegmentOption } from "./editor-audience.js";
import { Area, Check, In, Pick, Radios, Section, val, type FormState } from "./editor-parts.js";
import { whereUrl } from "./trigger-where.js";

/** "none", or how many metadata conditions the JSON holds. */
function whereSummary(text: string): string {
  if (!text.trim()) return "none";
  try {
    const list = JSON.parse(text) as unknown;
    const n = Array.isArray(list) ? list.length : 0;
    return `${n} ${n === 1 ? "condition" : "conditions"} (all must hold)`;
  } catch {
    return "not valid JSON (see below)";
  }
}

/** The builder edits the saved trigger: offered once the message is saved with an event trigger. */
const savedEventTrigger = (s: FormState) => val(s, "trigger_type") === "event" && val(s, "trigger_event") !== "";

const TRIGGERS: [string, string][] = [
  ["segment_entered", "Enters a segment"], ["event", "Does an event"], ["attribute_changed", "An attribute changes"],
  ["tag_added", "Gets a tag"], ["date_attribute", "N days after a date attribute"], ["inactive", "Inactive for N days"],
];

/** One-off: now or at a time. Automatic: the trigger and how often it may fire for one contact. */
export function TimingSection(p: { s: FormState; segments: SegmentOption[]; messageId?: string | undefined }) {
  const s = p.s;
  return (
    <Section id="msg-timing" title="When">
      <div class="only-one-off">
        <Radios s={s} name="send_mode" legend="Send" options={[["now", "As soon as I launch it"], ["at", "At a set time"]]} />
        <In s={s} name="scheduled_at" type="datetime-local" label="Send at (UTC)" errorKey="scheduledAt" class="only-at" />
      </div>
      <div class="only-ongoing">
        <div class="msg-grid">
          <Pick s={s} name="trigger_type" label="Send when a contact…" options={TRIGGERS} errorKey="trigger" />
          <Pick s={s} name="trigger_segment" label="Segment" options={p.segments.map((x) => [x.id, x.name])} class="only-trigger-segment" />
          <In s={s} name="trigger_event" label="Event name" placeholder="project_created" class="only-trigger-event" />
          <Check s={s} name="trigger_first" label="Only the first time they do it" class="only-trigger-event" />
          <In s={s} name="trigger_attribute" label="Attribute" placeholder="e.g. plan or signed_up_at" class="only-trigger-attribute" />
          <In s={s} name="trigger_to" label="Changes to (optional)" class="only-trigger-changed" />
          <In s={s} name="trigger_tag" label="Tag" class="only-trigger-tag" />
          <In s={s} name="trigger_days" type="number" min={-3650} max={3650} label="Days" class="only-trigger-days"
            hint="After the date attribute (negative: before), or since last seen." />
        </div>
        <div class="field only-trigger-event trigger-where">
          <span>Event metadata conditions: {whereSummary(val(s, "trigger_where"))}</span>{" "}
          {p.messageId && savedEventTrigger(s)
            ? <a class="btn btn-small" id="trigger-where-edit" href={whereUrl(p.messageId)}>{val(s, "trigger_where") ? "Edit the conditions" : "Build conditions"}</a>
            : <span class="hint">Save the message with its event, then build the conditions with the visual builder.</span>}
        </div>
        <details class="json-fallback only-trigger-event" open={s.errors.trigger ? true : undefined}>
          <summary>Edit the conditions as JSON</summary>
          <Area s={s} name="trigger_where" label="Event metadata conditions (JSON, optional)" rows={2}
            placeholder={'[{"key":"plan","op":"eq","value":"pro"}]'} />
        </details>
        <div class="msg-grid">
          <Pick s={s} name="freq_mode" label="At most" errorKey="freq"
            options={[["once", "Once per contact"], ["every_time", "Every time it fires"], ["every_n_days", "Once every N days"]]} />
          <In s={s} name="freq_days" type="number" min={1} max={3650} label="N days" class="only-freq-days" />
        </div>
      </div>
      <div class="msg-grid">
        <In s={s} name="expires_at" type="datetime-local" label="Stop sending after (UTC, optional)" errorKey="expiresAt" />
      </div>
    </Section>
  );
}

/** Goal: an event, or an attribute reaching a value, within N days of receiving the message. */
export function GoalSection(p: { s: FormState }) {
  const s = p.s;
  return (
    <Section id="msg-goal" title="Goal" lead="What the message is for. A/B tests are judged on it when set.">
      <div class="msg-grid">
        <Pick s={s} name="goal_type" label="Goal" errorKey="goal" options={[["", "No goal"], ["event", "Does an event"], ["attribute", "An attribute matches"]]} />
        <In s={s} name="goal_event" label="Event" placeholder="e.g. subscription_started" class="only-goal-event" />
        <In s={s} name="goal_attribute" label="Attribute" class="only-goal-attribute" />
        <Pick s={s} name="goal_op" label="Is" options={GOAL_ATTRIBUTE_OPS.map((o) => [o, o.replace("_", " ")])} class="only-goal-attribute" />
        <In s={s} name="goal_value" label="Value" class="only-goal-attribute" />
        <In s={s} name="goal_days" type="number" min={1} max={3650} label="Within (days)" class="only-goal" />
      </div>
    </Section>
  );
}

/** In-app display rules, delivery window, cap, priority, send rate, sender. */
export function DeliverySection(p: { s: FormState }) {
  const s = p.s;
  return (
    <Section id="msg-delivery" title="Delivery">
      <div class="msg-grid only-inapp">
        <In s={s} name="url_pattern" label="Show on pages matching" placeholder="/billing*" errorKey="display"
          hint="`*` matches anything; start with / to match the path." />
        <In s={s} name="delay_seconds" type="number" min={0} max={3600} label="After (seconds on the page)" />
        <Pick s={s} name="position" label="Banner position" options={[["top", "Top"], ["bottom", "Bottom"]]} class="only-banner" />
      </div>
      <div class="msg-grid">
        <In s={s} name="win_start" type="number" min={0} max={24} label="Send from (hour)" errorKey="window" hint="In the contact's time zone; empty: any time." />
        <In s={s} name="win_end" type="number" min={0} max={24} label="Until (hour)" />
        <In s={s} name="send_rate" type="number" min={1} label="Send rate (per minute)" errorKey="sendRate" hint="Empty: as fast as the mail server takes them." />
        <In s={s} name="priority" type="number" min={-100} max={100} label="Priority" hint="Higher goes first when the frequency cap allows only one." />
      </div>
      <Check s={s} name="bypass_cap" label="Ignore the per-contact frequency cap" hint="For messages people must get (security, billing)." />
      <div class="msg-grid only-email">
        <In s={s} name="sender_name" label="From name" placeholder="Workspace name" errorKey="sender" />
        <In s={s} name="sender_email" type="email" label="Sender address" placeholder="Workspace default" />
      </div>
    </Section>
  );
}
