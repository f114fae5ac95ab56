import type { DataAttribute } from "../../src/attributes/registry.js";
import type { Attrs } from "../../src/db/schema/index.js";
import { EmptyState } from "../components/empty-state.js";
import { AuthFields, FormError, type FieldErrors, type FormAuth } from "../components/form.js";

export interface AttributesFormProps {
  contactId: string;
  attributes: DataAttribute[];
  values: Attrs;
  /** What was submitted, shown again after a refused save. */
  submitted?: Record<string, string> | undefined;
  errors?: FieldErrors | undefined;
  saved?: boolean;
  auth: FormAuth;
}

/** Form field name of a custom attribute (names may hold spaces and symbols; the prefix keeps them apart). */
export const fieldName = (attr: { name: string }) => `ca:${attr.name}`;

/** A stored value as the text its input shows: dates as YYYY-MM-DD, booleans as true/false. */
export function formText(attr: Pick<DataAttribute, "dataType">, v: Attrs[string] | undefined): string {
  if (v === null || v === undefined) return "";
  if (attr.dataType === "date" && typeof v === "number") return new Date(v).toISOString().slice(0, 10);
  return String(v);
}

/** Custom attributes with inputs typed by the registry; a refused value is shown on its own field. */
export function AttributesForm(p: AttributesFormProps) {
  if (p.attributes.length === 0) {
    return (
      <section id="contact-attributes" class="card">
        <h2>Custom attributes</h2>
        <EmptyState title="No custom attributes yet">
          <p>Send traits with <code>identify</code> (or <code>custom_attributes</code> through the API) and they appear here, typed and editable.</p>
        </EmptyState>
      </section>
    );
  }
  return (
    <section id="contact-attributes" class="card">
      <h2>Custom attributes</h2>
      <form method="post" action={`/contacts/${p.contactId}/attributes`} class="attr-form"
        hx-post={`/contacts/${p.contactId}/attributes`} hx-target="#contact-attributes" hx-swap="outerHTML">
        <AuthFields auth={p.auth} />
        <FormError errors={p.errors} />
        {p.attributes.map((a) => (
          <AttributeInput attr={a} text={p.submitted?.[fieldName(a)] ?? formText(a, p.values[a.name])} error={p.errors?.[fieldName(a)]} />
        ))}
        <div class="form-actions">
          <button type="submit" class="btn btn-primary btn-small">Save attributes</button>
          {p.saved && <span class="saved" role="status">Saved.</span>}
        </div>
      </form>
    </section>
  );
}

/** One custom attribute input, typed by the registry (shared with the company profile). */
export function AttributeInput(props: { attr: DataAttribute; text: string; error?: string | undefined }) {
  const { attr, text, error } = props;
  const id = `ca-${attr.id}`;
  const common = { id, name: fieldName(attr), "aria-invalid": error ? "true" : undefined, "aria-describedby": error ? `${id}-error` : undefined };
  let input;
  if (attr.dataType === "boolean") {
    input = (
      <select {...common}>
        {[["", "—"], ["true", "Yes"], ["false", "No"]].map(([v, l]) => <option value={v} selected={v === text}>{l}</option>)}
      </select>
    );
  } else if (attr.dataType === "options" && attr.options) {
    const opts = attr.options.includes(text) || text === "" ? attr.options : [text, ...attr.options];
    input = <select {...common}><option value="">—</option>{opts.map((o) => <option value={o} selected={o === text}>{o}</option>)}</select>;
  } else if (attr.dataType === "integer" || attr.dataType === "float") {
    input = <input {...common} type="text" inputmode={attr.dataType === "integer" ? "numeric" : "decimal"} value={text} />;
  } else if (attr.dataType === "date") {
    input = <input {...common} type="date" value={text} />;
  } else {
    input = <input {...common} type="text" value={text} maxlength={10000} />;
  }
  return (
    <div class={error ? "field has-error" : "field"}>
      <label for={id}>{attr.label} <span class="muted small">{attr.dataType}</span></label>
      {input}
      {error && <p class="field-error" id={`${id}-error`}>{error}</p>}
    </div>
  );
}
