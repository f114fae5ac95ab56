import type { Child } from "hono/jsx";
import type { FieldErrors } from "../components/form.js";

/** The form's values as submitted (or as loaded from a message), and its errors by input name. */
export interface FormState {
  values: Record<string, string | string[]>;
  errors: FieldErrors;
}

/** A value as text. */
export function val(s: FormState, k: string): string {
  const v = s.values[k];
  return Array.isArray(v) ? (v[0] ?? "") : (v ?? "");
}

/** Values of a multi-select. */
export function vals(s: FormState, k: string): string[] {
  const v = s.values[k];
  return Array.isArray(v) ? v : v ? [v] : [];
}

/** A labelled input of any type, with hint and error wired for screen readers. */
export function In(p: {
  s: FormState; name: string; label: Child; type?: string; hint?: Child; placeholder?: string; min?: number; max?: number;
  maxlength?: number; required?: boolean; class?: string; errorKey?: string;
}) {
  const id = `f-${p.name}`;
  const err = p.s.errors[p.errorKey ?? p.name];
  return (
    <div class={`field${err ? " has-error" : ""}${p.class ? ` ${p.class}` : ""}`}>
      <label for={id}>{p.label}</label>
      <input id={id} name={p.name} type={p.type ?? "text"} value={val(p.s, p.name)} placeholder={p.placeholder} min={p.min} max={p.max}
        maxlength={p.maxlength} required={p.required} aria-invalid={err ? "true" : undefined}
        aria-describedby={[p.hint ? `${id}-hint` : "", err ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined} />
      {p.hint && <p class="hint" id={`${id}-hint`}>{p.hint}</p>}
      {err && <p class="field-error" id={`${id}-error`}>{err}</p>}
    </div>
  );
}

/** A labelled textarea. */
export function Area(p: { s: FormState; name: string; label: Child; rows?: number; hint?: Child; class?: string; errorKey?: string; placeholder?: string }) {
  const id = `f-${p.name}`;
  const err = p.s.errors[p.errorKey ?? p.name];
  return (
    <div class={`field${err ? " has-error" : ""}${p.class ? ` ${p.class}` : ""}`}>
      <label for={id}>{p.label}</label>
      <textarea id={id} name={p.name} rows={p.rows ?? 4} placeholder={p.placeholder} aria-invalid={err ? "true" : undefined}
        aria-describedby={p.hint ? `${id}-hint` : undefined}>{val(p.s, p.name)}</textarea>
      {p.hint && <p class="hint" id={`${id}-hint`}>{p.hint}</p>}
      {err && <p class="field-error">{err}</p>}
    </div>
  );
}

/** A labelled select over `[value, label]` pairs. */
export function Pick(p: { s: FormState; name: string; label: Child; options: [string, string][]; class?: string; multiple?: boolean; errorKey?: string; hint?: Child }) {
  const id = `f-${p.name}`;
  const chosen = vals(p.s, p.name);
  const err = p.s.errors[p.errorKey ?? p.name];
  return (
    <div class={`field${err ? " has-error" : ""}${p.class ? ` ${p.class}` : ""}`}>
      <label for={id}>{p.label}</label>
      <select id={id} name={p.name} multiple={p.multiple} aria-invalid={err ? "true" : undefined}>
        {p.options.map(([v, l]) => <option value={v} selected={chosen.includes(v) || (!chosen.length && v === "" && !p.multiple)}>{l}</option>)}
      </select>
      {p.hint && <p class="hint">{p.hint}</p>}
      {err && <p class="field-error">{err}</p>}
    </div>
  );
}

/** A checkbox with its label after it. */
export function Check(p: { s: FormState; name: string; label: Child; hint?: Child; class?: string }) {
  return (
    <div class={`field check-row${p.class ? ` ${p.class}` : ""}`}>
      <label><input type="checkbox" name={p.name} value="1" checked={val(p.s, p.name) !== ""} /> {p.label}</label>
      {p.hint && <p class="hint">{p.hint}</p>}
    </div>
  );
}

/** Radio buttons in a fieldset. */
export function Radios(p: { s: FormState; name: string; legend: string; options: [string, string][]; disabled?: boolean }) {
  const cur = val(p.s, p.name) || p.options[0]![0];
  return (
    <fieldset class="msg-radios" disabled={p.disabled}>
      <legend>{p.legend}</legend>
      {p.options.map(([v, l]) => <label class="msg-radio"><input type="radio" name={p.name} value={v} checked={cur === v} /> {l}</label>)}
    </fieldset>
  );
}

/** A titled card of the editor. */
export function Section(p: { id: string; title: string; lead?: Child; children?: Child; class?: string }) {
  return (
    <section class={`card msg-section${p.class ? ` ${p.class}` : ""}`} id={p.id} aria-labelledby={`${p.id}-title`}>
      <h2 id={`${p.id}-title`}>{p.title}</h2>
      {p.lead && <p class="muted small">{p.lead}</p>}
      {p.children}
    </section>
  );
}
