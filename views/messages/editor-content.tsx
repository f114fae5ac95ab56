import { Area, Check, In, Pick, Section, val, type FormState } from "./editor-parts.js";

const LABELS = ["A", "B", "C", "D"] as const;

/** Every figure is listed; the server refuses one the channel cannot measure and names the ones it can. */
const AB_METRIC_OPTIONS: [string, string][] = [
  ["", "Automatic"], ["goal", "Goal reached"], ["opened", "Opens"], ["clicked", "Clicks"], ["replied", "Replies"], ["answered", "Quick-reply answers"],
];

/** Content per variant (A always; B–D when enabled), then the A/B settings. */
export function ContentSection(p: { s: FormState }) {
  return (
    <Section id="msg-content" title="Content" lead={<>Personalize with Liquid: <code>{"{{ contact.first_name | default: \"there\" }}"}</code>, <code>{"{{ contact.custom_attributes.plan }}"}</code>, <code>{"{{ company.name }}"}</code>.</>}>
      {LABELS.map((l) => <VariantFields s={p.s} label={l} />)}
      <div class="msg-grid">
        <In s={p.s} name="control_percent" type="number" min={0} max={50} label="Control group (%)" errorKey="controlPercent"
          hint="Held back and never sent, to measure the goal against doing nothing." />
        <Pick s={p.s} name="ab_metric" label="Judge the test on" errorKey="abMetric" options={AB_METRIC_OPTIONS}
          hint="Automatic: the goal when set, else clicks (content with a link), opens (email) or replies (chat)." />
        <Check s={p.s} name="auto_promote" label="Promote the winner automatically" hint="Once a variant beats every other arm significantly, everyone new gets it." />
      </div>
    </Section>
  );
}

function VariantFields(props: { s: FormState; label: (typeof LABELS)[number] }) {
  const { s, label } = props;
  const p = `v${label}_`;
  const enabled = label === "A" || val(s, `${p}enabled`) !== "";
  const fields = (
    <div class="msg-variant-body">
      <input type="hidden" name={`${p}id`} value={val(s, `${p}id`)} />
      <div class="msg-grid">
        <In s={s} name={`${p}subject`} label="Subject" maxlength={500} class="only-email" />
        <In s={s} name={`${p}preheader`} label="Preheader" maxlength={500} class="only-email" hint="The line inboxes show after the subject." />
        <In s={s} name={`${p}weight`} type="number" min={0} max={10000} label="Weight" hint="Share of the sent audience, relative to the other variants." />
        <Pick s={s} name={`${p}format`} label="Body format" options={[["markdown", "Markdown"], ["html", "Rich text (HTML)"]]} />
      </div>
      <Area s={s} name={`${p}body`} label="Body" rows={8} placeholder={'Hi {{ contact.first_name | default: "there" }},'} />
      <details class="only-email">
        <summary>Custom MJML layout</summary>
        <Area s={s} name={`${p}layout`} label="Layout (MJML with {{ body }} once)" rows={8}
          hint="Leave empty for the workspace's default layout. Checked when you save." />
      </details>
      <div class="only-inapp msg-grid">
        <Area s={s} name={`${p}replies`} label="Quick replies" rows={3} hint="One per line: “Label” or “Label | value”." />
        <In s={s} name={`${p}reply_attribute`} label="Save the answer in attribute" placeholder="e.g. nps_answer" />
        <In s={s} name={`${p}button_label`} label="Button label" class="only-banner" />
        <In s={s} name={`${p}button_url`} label="Button link" type="url" class="only-banner" />
      </div>
    </div>
  );
  if (label === "A") {
    return <fieldset class="msg-variant" id="variant-A"><legend>Variant A</legend>{fields}</fieldset>;
  }
  return (
    <details class="msg-variant" id={`variant-${label}`} open={enabled}>
      <summary>Variant {label} {enabled ? "" : <span class="muted small">(not used)</span>}</summary>
      <Check s={s} name={`${p}enabled`} label={`Use variant ${label} (A/B test)`} />
      {fields}
    </details>
  );
}
