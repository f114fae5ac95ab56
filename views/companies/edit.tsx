import type { DataAttribute } from "../../src/attributes/registry.js";
import type { Company } from "../../src/companies/queries.js";
import { AuthFields, FormError, type FieldErrors, type FormAuth } from "../components/form.js";
import { Time } from "../components/time.js";
import { Cell } from "../contacts/cells.js";
import { AttributeInput, fieldName, formText } from "../contacts/attributes-form.js";

/** Built-in company fields an operator may edit: form name, label, input kind. */
export const COMPANY_FIELDS = [
  { name: "name", label: "Name", kind: "text" },
  { name: "plan", label: "Plan", kind: "text" },
  { name: "monthly_spend", label: "Monthly spend", kind: "decimal" },
  { name: "size", label: "Size", kind: "numeric" },
  { name: "website", label: "Website", kind: "text" },
  { name: "industry", label: "Industry", kind: "text" },
] as const;

export type CompanyFieldName = (typeof COMPANY_FIELDS)[number]["name"];

/** A built-in field's stored value as its input text. */
export function companyFieldText(co: Company, name: CompanyFieldName): string {
  const v = { name: co.name, plan: co.plan, monthly_spend: co.monthlySpend, size: co.size, website: co.website, industry: co.industry }[name];
  return v === null || v === undefined ? "" : String(v);
}

export interface CompanyEditProps {
  company: Company;
  /** The company's custom attributes from the registry (unarchived). */
  attributes: DataAttribute[];
  submitted?: Record<string, string> | undefined;
  errors?: FieldErrors | undefined;
  saved?: boolean | undefined;
  auth: FormAuth;
}

/** Company attributes: built-in and custom ones editable (inputs typed by the registry), usage facts read-only. */
export function CompanyAttributes(p: CompanyEditProps) {
  const co = p.company;
  const base = `/companies/${co.id}/attributes`;
  return (
    <section id="company-attributes" class="card">
      <h2>Attributes</h2>
      <dl class="kv">
        <dt>Sessions</dt><dd><Cell type="number" value={co.sessionCount} /></dd>
        <dt>Created in product</dt><dd><Time ms={co.remoteCreatedAt} empty="Unknown" /></dd>
        <dt>First seen</dt><dd><Time ms={co.createdAt} /></dd>
        <dt>Last seen</dt><dd><Time ms={co.lastRequestAt} /></dd>
      </dl>
      <form method="post" action={base} class="attr-form" hx-post={base} hx-target="#company-attributes" hx-swap="outerHTML">
        <AuthFields auth={p.auth} />
        <FormError errors={p.errors} />
        {COMPANY_FIELDS.map((f) => {
          const error = p.errors?.[f.name];
          const id = `co-${f.name}`;
          return (
            <div class={error ? "field has-error" : "field"}>
              <label for={id}>{f.label}</label>
              <input id={id} name={f.name} type="text" value={p.submitted?.[f.name] ?? companyFieldText(co, f.name)} maxlength={255}
                inputmode={f.kind === "text" ? undefined : f.kind} aria-invalid={error ? "true" : undefined} aria-describedby={error ? `${id}-error` : undefined} />
              {error && <p class="field-error" id={`${id}-error`}>{error}</p>}
            </div>
          );
        })}
        {p.attributes.map((a) => (
          <AttributeInput attr={a} text={p.submitted?.[fieldName(a)] ?? formText(a, co.customAttributes[a.name])} error={p.errors?.[fieldName(a)]} />
        ))}
        <div class="form-actions">
          <button type="submit" class="btn btn-primary btn-small">Save attributes</button>
          {p.saved && <span class="saved" role="status">Saved.</span>}
        </div>
      </form>
    </section>
  );
}
