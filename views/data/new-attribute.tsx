import { AuthFields, FormError, type FieldErrors, type FormAuth } from "../components/form.js";

export const ATTRIBUTE_TYPES = [
  ["string", "Text"], ["integer", "Whole number"], ["float", "Decimal number"], ["boolean", "True or false"], ["date", "Date"], ["options", "List of options"],
] as const;

export interface NewAttributeProps {
  auth: FormAuth;
  values?: Record<string, string> | undefined;
  errors?: FieldErrors | undefined;
  /** Open the form (after a refused submission). */
  open?: boolean | undefined;
}

/** Declares a custom attribute before any data carries it (name, model, type, description, options for a list). */
export function NewAttributeForm(p: NewAttributeProps) {
  const v = p.values ?? {};
  const err = p.errors ?? {};
  const field = (name: string) => (err[name] ? "field has-error" : "field");
  const described = (name: string) => (err[name] ? { "aria-invalid": "true", "aria-describedby": `na-${name}-error` } : {});
  const message = (name: string) => err[name] && <p class="field-error" id={`na-${name}-error`}>{err[name]}</p>;
  return (
    <details class="card new-attribute" id="new-attribute" open={p.open ? true : undefined}>
      <summary><strong>Create an attribute</strong> <span class="muted">Declare it before your product sends it, with a type and a description.</span></summary>
      <form method="post" action="/data/attributes" class="attr-form" hx-post="/data/attributes" hx-target="#data-page" hx-swap="outerHTML">
        <AuthFields auth={p.auth} />
        <FormError errors={err._form ? { _form: err._form } : undefined} />
        <div class={field("model")}>
          <label for="na-model">For</label>
          <select id="na-model" name="model" {...described("model")}>
            <option value="contact" selected={v.model !== "company"}>People</option>
            <option value="company" selected={v.model === "company"}>Companies</option>
          </select>
          {message("model")}
        </div>
        <div class={field("name")}>
          <label for="na-name">Name</label>
          <input id="na-name" name="name" type="text" value={v.name} maxlength={190} required placeholder="e.g. plan_tier" {...described("name")} />
          {message("name")}
        </div>
        <div class={field("data_type")}>
          <label for="na-type">Type</label>
          <select id="na-type" name="data_type" {...described("data_type")}>
            {ATTRIBUTE_TYPES.map(([value, label]) => <option value={value} selected={v.data_type === value}>{label}</option>)}
          </select>
          {message("data_type")}
        </div>
        <div class={field("options")}>
          <label for="na-options">Options <span class="muted small">(list only, comma-separated)</span></label>
          <input id="na-options" name="options" type="text" value={v.options} maxlength={2000} placeholder="bronze, silver, gold" {...described("options")} />
          {message("options")}
        </div>
        <div class={field("description")}>
          <label for="na-description">Description</label>
          <input id="na-description" name="description" type="text" value={v.description} maxlength={1000} {...described("description")} />
          {message("description")}
        </div>
        <div class="form-actions"><button type="submit" class="btn btn-primary btn-small">Create attribute</button></div>
      </form>
    </details>
  );
}
