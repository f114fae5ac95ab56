import { capitalize, Field, FormError, type FieldErrors } from "../components/form.js";

export interface InviteFormProps {
  token: string;
  email: string;
  role: string;
  name?: string | undefined;
  errors?: FieldErrors | undefined;
}

/** Accepting an invite: the email and role are fixed by the invite, the teammate picks name and password. */
export function InviteForm(p: InviteFormProps) {
  return (
    <section id="invite">
      <h1>Join Parley</h1>
      <p class="muted">
        You were invited as <strong>{capitalize(p.role)}</strong>. Choose your name and a password to finish.
      </p>
      <form method="post" action={`/invite/${encodeURIComponent(p.token)}`} class="stack">
        <FormError errors={p.errors} />
        <Field name="email" label="Email" type="email" value={p.email} readonly autocomplete="username" />
        <Field name="name" label="Your name" value={p.name} autocomplete="name" required maxlength={190} error={p.errors?.name} />
        <Field
          name="password" label="Password" type="password" autocomplete="new-password" required error={p.errors?.password}
          hint="At least 8 characters."
        />
        <button type="submit" class="btn btn-primary btn-block">Create my account</button>
      </form>
    </section>
  );
}
