import type { FunnelDraft } from "../../src/http/admin/reports/funnel-query.js";
import { BREAKDOWNS } from "../../src/analytics/index.js";
import { AuthFields, type FormAuth } from "../components/form.js";

export interface BuilderProps {
  draft: FunnelDraft;
  fromDay: string;
  toDay: string;
  /** The saved funnel being edited, if any. */
  saved?: { id: string; name: string } | undefined;
  error?: string | undefined;
}

const BREAKDOWN_LABELS: Record<string, string> = {
  "": "None", "first_utm.source": "First-touch UTM source", "first_utm.campaign": "First-touch UTM campaign",
  "last_utm.source": "Last-touch UTM source", "last_utm.campaign": "Last-touch UTM campaign",
  browser: "Browser", os: "OS", country: "Country", city: "City", role: "Role", custom: "Custom attribute…",
};

function StepRow(props: { i: number; step: FunnelDraft["steps"][number] }) {
  const n = props.i + 1;
  return (
    <fieldset class="inline-form funnel-step" style="border:0;padding:0;margin:0 0 0.5rem">
      <legend class="small muted">Step {n}</legend>
      <div class="field" style="flex:0 0 140px">
        <label for={`kind${n}`}>Kind</label>
        <select id={`kind${n}`} name={`kind${n}`}>
          <option value="event" selected={props.step.kind === "event"}>Event</option>
          <option value="page" selected={props.step.kind === "page"}>Page view</option>
          <option value="conversation" selected={props.step.kind === "conversation"}>Started a conversation</option>
        </select>
      </div>
      <div class="field">
        <label for={`value${n}`}>Event name or URL pattern</label>
        <input id={`value${n}`} name={`value${n}`} type="text" value={props.step.value} maxlength={2000} placeholder={n === 1 ? "signup" : "*/pricing*"} />
      </div>
      <div class="field">
        <label for={`where${n}`}>Metadata filters (events)</label>
        <input id={`where${n}`} name={`where${n}`} type="text" value={props.step.where} maxlength={1000} placeholder="plan=pro, amount>=10" />
      </div>
    </fieldset>
  );
}

/** The funnel builder: a GET form (results are bookmarkable) whose save button posts the same fields. */
export function FunnelBuilder(p: BuilderProps) {
  const d = p.draft;
  return (
    <form method="get" action="/reports/funnels" class="card" id="funnel-builder">
      <h2>{p.saved ? `Edit “${p.saved.name}”` : "Build a funnel"}</h2>
      <p class="hint">Steps in order. A page pattern uses <code>*</code> for any text. Filters: <code>key=value</code>, <code>!=</code>, <code>&gt;</code>, <code>&gt;=</code>, <code>&lt;</code>, <code>&lt;=</code>, <code>~</code> (contains), comma-separated.</p>
      {p.error && <div class="form-error" role="alert">{p.error}</div>}
      {d.steps.map((s, i) => <StepRow i={i} step={s} />)}
      <div class="inline-form">
        <div class="field"><label for="f-window">Conversion window (days)</label><input id="f-window" name="window" type="number" min={1} max={365} value={d.window} /></div>
        <div class="field">
          <label for="f-order">Order</label>
          <select id="f-order" name="order">
            <option value="loose" selected={d.order !== "strict"}>Loose: any later occurrence</option>
            <option value="strict" selected={d.order === "strict"}>Strict: no other step in between</option>
          </select>
        </div>
        <div class="field">
          <label for="f-breakdown">Breakdown</label>
          <select id="f-breakdown" name="breakdown">
            {["", ...BREAKDOWNS, "custom"].map((b) => <option value={b} selected={b === d.breakdown}>{BREAKDOWN_LABELS[b] ?? b}</option>)}
          </select>
        </div>
        <div class="field"><label for="f-custom">Custom attribute</label><input id="f-custom" name="custom" type="text" value={d.custom} maxlength={190} placeholder="plan" /></div>
      </div>
      <div class="inline-form">
        <div class="field"><label for="f-from">First step from</label><input id="f-from" name="from" type="date" value={p.fromDay} /></div>
        <div class="field"><label for="f-to">to (inclusive)</label><input id="f-to" name="to" type="date" value={p.toDay} /></div>
        <button type="submit" class="btn btn-primary">Show funnel</button>
      </div>
      {p.saved && <input type="hidden" name="saved" value={p.saved.id} />}
    </form>
  );
}

/** Saves the funnel on show (its definition travels encoded); a separate POST form keeps the CSRF token out of URLs. */
export function SaveFunnelForm(p: { def: string; saved?: { id: string; name: string } | undefined; auth: FormAuth; error?: string | undefined }) {
  const action = p.saved ? `/reports/funnels/${p.saved.id}` : "/reports/funnels";
  return (
    <form method="post" action={action} class="inline-form card" id="funnel-save">
      <AuthFields auth={p.auth} />
      <input type="hidden" name="def" value={p.def} />
      <div class="field">
        <label for="f-name">Funnel name</label>
        <input id="f-name" name="name" type="text" value={p.saved?.name ?? ""} maxlength={150} required placeholder="Signup to purchase" />
        {p.error && <p class="field-error">{p.error}</p>}
      </div>
      <button type="submit" class="btn">{p.saved ? "Save changes" : "Save for the workspace"}</button>
    </form>
  );
}
