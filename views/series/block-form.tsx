import { BLOCK_KINDS, UNITS, type Step } from "../../src/series/index.js";
import { MESSAGE_CHANNELS } from "../../src/db/schema/index.js";
import { AuthFields, type FormAuth } from "../components/form.js";
import { conditionUrl } from "./condition.js";

const KIND_LABELS: Record<(typeof BLOCK_KINDS)[number], string> = {
  send: "Send a message", wait_duration: "Wait for a while", wait_time: "Wait until a time of day", wait_event: "Wait for an event (with timeout)",
  split_condition: "Split by condition", split_random: "Random split", act: "Tag or set an attribute",
};
const hx = { "hx-target": "#series-editor", "hx-swap": "outerHTML" };

/** "+" between blocks: pick a kind, the block is inserted here with defaults and opens for editing. */
export function AddBlock(p: { seriesId: string; auth: FormAuth; list: string; index: number }) {
  const url = `/series/${p.seriesId}/steps`;
  return (
    <details class="add-block">
      <summary aria-label={`Add a block to ${p.list} at ${p.index}`}>+</summary>
      <form method="post" action={url} hx-post={url} {...hx} class="add-block-form">
        <AuthFields auth={p.auth} />
        <input type="hidden" name="list" value={p.list} />
        <input type="hidden" name="index" value={String(p.index)} />
        <label>Block <select name="kind">{BLOCK_KINDS.map((k) => <option value={k}>{KIND_LABELS[k]}</option>)}</select></label>
        <button type="submit" class="btn btn-small btn-primary">Add</button>
      </form>
    </details>
  );
}

/** The settings of one block; posting it saves the series (a new version when the current one is in use). */
export function BlockEditForm(p: { seriesId: string; step: Step; auth: FormAuth; error?: string | undefined }) {
  const url = `/series/${p.seriesId}/steps/${p.step.id}`;
  return (
    <form method="post" action={url} hx-post={url} {...hx} class="block-form">
      <AuthFields auth={p.auth} />
      {p.error && <div class="form-error" role="alert">{p.error}</div>}
      <Fields step={p.step} seriesId={p.seriesId} />
      <button type="submit" class="btn btn-small btn-primary">Save block</button>
    </form>
  );
}

function Fields({ step, seriesId }: { step: Step; seriesId: string }) {
  if (step.type === "send") return <SendFields step={step} />;
  if (step.type === "wait" && step.mode === "duration") return <Duration amount={step.duration.amount} unit={step.duration.unit} />;
  if (step.type === "wait" && step.mode === "time_of_day") {
    return <><Text name="hour" label="Hour (0–23)" value={String(step.hour)} type="number" /><Text name="minute" label="Minute" value={String(step.minute)} type="number" /></>;
  }
  if (step.type === "wait" && step.mode === "event") {
    return (
      <>
        <Text name="event" label="Event" value={step.event} />
        <Json name="where" label="Metadata conditions (JSON list of {key, op, value})" value={step.where ?? []} />
        <p class="hint">Timeout</p>
        <Duration amount={step.timeout.amount} unit={step.timeout.unit} />
      </>
    );
  }
  if (step.type === "split") return <SplitFields step={step} seriesId={seriesId} />;
  return (
    <>
      <Select name="action" label="Action" options={["tag_add", "tag_remove", "set_attribute"]} value={step.action} />
      <Text name="tag" label="Tag" value={step.tag ?? ""} />
      <Text name="attribute" label="Attribute" value={step.attribute ?? ""} />
      <Text name="value" label="Value" value={step.value === undefined || step.value === null ? "" : String(step.value)} />
    </>
  );
}

/** Variant A, and B for an A/B test (left empty: no B). */
function SendFields({ step }: { step: Extract<Step, { type: "send" }> }) {
  const [a, b] = step.variants;
  return (
    <>
      <Text name="name" label="Name" value={step.name} />
      <Select name="channel" label="Channel" options={MESSAGE_CHANNELS} value={step.channel} />
      {[a, b].map((v, i) => (
        <fieldset class="variant">
          <legend>Variant {"AB"[i]}{i === 1 ? " (optional A/B test)" : ""}</legend>
          <Text name={`subject_${i}`} label="Subject / title" value={v?.subject ?? ""} />
          <label>Body <textarea name={`body_${i}`} rows={4}>{v?.body ?? ""}</textarea></label>
          <Text name={`weight_${i}`} label="Weight" value={String(v?.weight ?? 100)} type="number" />
        </fieldset>
      ))}
    </>
  );
}

/** One fieldset per branch (its condition in words with the builder, JSON for advanced cases, or a percent), remove/add checkboxes. */
function SplitFields({ step, seriesId }: { step: Extract<Step, { type: "split" }>; seriesId: string }) {
  return (
    <>
      {step.branches.map((b, i) => (
        <fieldset class="branch-fields">
          <legend>Branch {i + 1}</legend>
          <Text name={`label_${i}`} label="Label" value={b.label} />
          {"condition" in b
            ? <ConditionFields seriesId={seriesId} stepId={step.id} index={i} condition={b.condition} />
            : <Text name={`percent_${i}`} label="Percent" value={String(b.percent)} type="number" />}
          <label class="check"><input type="checkbox" name={`remove_${i}`} value="1" /> Remove this branch</label>
        </fieldset>
      ))}
      {step.mode === "condition" && <Text name="otherwise" label="Otherwise label" value={step.otherwise.label} />}
      <label class="check"><input type="checkbox" name="add_branch" value="1" /> Add a branch</label>
    </>
  );
}

/** The condition summarised, a link to the visual builder, and the JSON kept for definitions the builder cannot show. */
function ConditionFields(p: { seriesId: string; stepId: string; index: number; condition: { match: string; conditions: unknown[] } }) {
  const n = p.condition.conditions.length;
  return (
    <div class="branch-condition">
      <p>
        {n === 0 ? "Everyone" : `${n} ${n === 1 ? "condition" : "conditions"} (${p.condition.match === "any" ? "any" : "all"} must match)`}{" "}
        <a class="btn btn-small" href={conditionUrl(p.seriesId, p.stepId, p.index)} id={`condition-edit-${p.index}`}>Edit condition</a>
      </p>
      <details class="json-fallback">
        <summary>Edit as JSON</summary>
        <Json name={`condition_${p.index}`} label="Condition (segment definition JSON)" value={p.condition} />
      </details>
    </div>
  );
}

function Text(p: { name: string; label: string; value: string; type?: string }) {
  return <label>{p.label} <input name={p.name} type={p.type ?? "text"} value={p.value} /></label>;
}

function Select(p: { name: string; label: string; options: readonly string[]; value: string }) {
  return <label>{p.label} <select name={p.name}>{p.options.map((o) => <option value={o} selected={o === p.value}>{o}</option>)}</select></label>;
}

function Json(p: { name: string; label: string; value: unknown }) {
  return <label>{p.label} <textarea name={p.name} rows={4} class="json">{JSON.stringify(p.value, null, 1)}</textarea></label>;
}

function Duration(p: { amount: number; unit: string }) {
  return (
    <div class="inline-fields">
      <Text name="amount" label="Amount" value={String(p.amount)} type="number" />
      <Select name="unit" label="Unit" options={UNITS} value={p.unit} />
    </div>
  );
}
