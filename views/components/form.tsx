import type { Child } from "hono/jsx";

/** Per-field messages from a failed submission, keyed by input name ("_form" for the whole form). */
export type FieldErrors = Record<string, string | undefined>;

/** What every state-changing form carries besides its own fields. */
export interface FormAuth {
  csrf: string;
  /** Workspace id the page was rendered for: the action applies there even if another tab switched. */
  ws: string;
}

/** Hidden CSRF token and workspace id, for forms submitted without htmx. */
export function AuthFields(props: { auth: FormAuth | undefined }) {
  if (!props.auth) return null;
  return (
    <>
      <input type="hidden" name="_csrf" value={props.auth.csrf} />
      <input type="hidden" name="_ws" value={props.auth.ws} />
    </>
  );
}

export interface FieldProps {
  name: string;
  label: string;
  type?: string;
  value?: string | undefined;
  error?: string | undefined;
  hint?: Child;
  autocomplete?: string;
  required?: boolean;
  autofocus?: boolean;
  readonly?: boolean;
  placeholder?: string;
  maxlength?: number;
}

/** A labelled input with its hint and error wired up for screen readers. */
export function Field(p: FieldProps) {
  const id = `f-${p.name}`;
  const describedBy = [p.hint ? `${id}-hint` : "", p.error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class={p.error ? "field has-error" : "field"}>
      <label for={id}>{p.label}</label>
      <input
        id={id} name={p.name} type={p.type ?? "text"} value={p.value} autocomplete={p.autocomplete}
        required={p.required} autofocus={p.autofocus} readonly={p.readonly} placeholder={p.placeholder}
        maxlength={p.maxlength} aria-invalid={p.error ? "true" : undefined} aria-describedby={describedBy}
      />
      {p.hint && <p class="hint" id={`${id}-hint`}>{p.hint}</p>}
      {p.error && <p class="field-error" id={`${id}-error`}>{p.error}</p>}
    </div>
  );
}

/** A labelled <select>. */
export function SelectField(p: { name: string; label: string; options: readonly string[]; value?: string | undefined; error?: string | undefined }) {
  const id = `f-${p.name}`;
  return (
    <div class={p.error ? "field has-error" : "field"}>
      <label for={id}>{p.label}</label>
      <select id={id} name={p.name} aria-invalid={p.error ? "true" : undefined}>
        {p.options.map((o) => (
          <option value={o} selected={o === p.value}>{capitalize(o)}</option>
        ))}
      </select>
      {p.error && <p class="field-error">{p.error}</p>}
    </div>
  );
}

/** The error that belongs to no single field (e.g. "wrong password"). */
export function FormError(props: { errors?: FieldErrors | undefined }) {
  const msg = props.errors?._form;
  return msg ? <div class="form-error" role="alert">{msg}</div> : null;
}

/** "admin" → "Admin". */
export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
