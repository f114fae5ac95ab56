import type { MessageWithVariants } from "../../../outbound/index.js";
import { utcLocal, type MessageForm } from "./form.js";

const str = (v: unknown): string => (v === undefined || v === null ? "" : typeof v === "string" ? v : JSON.stringify(v));

/** A new message's starting values; `segment` preselects the audience (the "message them" flow). */
export function blankForm(o: { segment?: string | undefined; channel?: string | undefined; kind?: string | undefined }): MessageForm {
  return {
    name: "", channel: o.channel ?? "email", kind: o.kind === "ongoing" ? "ongoing" : "one_off", send_mode: "now",
    aud_segment: o.segment ?? "", vA_weight: "100", vB_weight: "100", vC_weight: "100", vD_weight: "100", vA_format: "markdown",
    control_percent: "0", goal_days: "7", freq_mode: "once", priority: "0", trigger_type: "segment_entered",
  };
}

/** A saved message as the editor's values (the inverse of `inputFromForm`). */
export function formFromMessage(m: MessageWithVariants): MessageForm {
  const a = m.audience as { segmentId?: string; filter?: unknown; contactId?: string; percent?: number; excludeSegmentIds?: string[] };
  const t = (m.trigger ?? {}) as Record<string, unknown>;
  const g = (m.goal ?? {}) as Record<string, unknown>;
  const d = m.display as Record<string, unknown>;
  const w = m.deliveryWindow as { startHour?: number; endHour?: number } | null;
  const f = m.frequency as { mode?: string; days?: number };
  const s = m.sender as { name?: string; email?: string } | null;
  const out: MessageForm = {
    name: m.name, channel: m.channel, kind: m.kind === "ongoing" ? "ongoing" : "one_off",
    send_mode: m.scheduledAt !== null ? "at" : "now", scheduled_at: utcLocal(m.scheduledAt), expires_at: utcLocal(m.expiresAt),
    aud_segment: a.segmentId ?? "", aud_filter: a.filter ? JSON.stringify(a.filter) : "", aud_contact: a.contactId ?? "",
    aud_percent: str(a.percent), aud_exclude: a.excludeSegmentIds ?? [],
    trigger_type: str(t.type) || "segment_entered", trigger_segment: str(t.segmentId), trigger_event: str(t.name),
    trigger_where: t.where ? JSON.stringify(t.where) : "", trigger_first: t.first ? "1" : "", trigger_attribute: str(t.attribute),
    trigger_to: str(t.to), trigger_tag: str(t.tag), trigger_days: str(t.days),
    freq_mode: f.mode ?? "once", freq_days: str(f.days),
    goal_type: m.goal ? ("event" in g ? "event" : "attribute") : "", goal_event: str(g.event), goal_attribute: str(g.attribute),
    goal_op: str(g.op), goal_value: str(g.value), goal_days: str(g.withinDays) || "7",
    url_pattern: str(d.urlPattern), delay_seconds: str(d.delaySeconds), position: str(d.position),
    win_start: str(w?.startHour), win_end: str(w?.endHour),
    control_percent: String(m.controlPercent), auto_promote: m.autoPromote ? "1" : "", ab_metric: m.abMetric ?? "", bypass_cap: m.bypassCap ? "1" : "",
    priority: String(m.priority), send_rate: str(m.sendRate), sender_name: s?.name ?? "", sender_email: s?.email ?? "",
  };
  for (const v of m.variants) {
    const p = `v${v.label}_`;
    const c = v.content as { replies?: { label: string; value: string }[]; attribute?: string; button?: { label?: string; url?: string }; layout?: string };
    Object.assign(out, {
      [`${p}enabled`]: "1", [`${p}id`]: v.id, [`${p}weight`]: String(v.weight), [`${p}subject`]: v.subject ?? "", [`${p}preheader`]: v.preheader ?? "",
      [`${p}format`]: v.bodyFormat, [`${p}body`]: v.body, [`${p}layout`]: c.layout ?? "", [`${p}reply_attribute`]: c.attribute ?? "",
      [`${p}replies`]: (c.replies ?? []).map((r) => (r.value && r.value !== r.label ? `${r.label} | ${r.value}` : r.label)).join("\n"),
      [`${p}button_label`]: c.button?.label ?? "", [`${p}button_url`]: c.button?.url ?? "",
    });
  }
  return out;
}
