import { Field, FormError, type FieldErrors } from "../components/form.js";

export interface SetupFormProps {
  values?: { token?: string | undefined; email?: string | undefined; name?: string | undefined };
  errors?: FieldErrors | undefined;
}

/** First run: the owner account, unlocked by the one-time setup token printed at first boot. */
export function SetupForm(p: SetupFormProps) {
  const v = p.values ?? {};
  return (
    <section id="setup">
      <h1>Set up Parley</h1>
      <p class="muted">
        Create the owner account. The setup token is in <code>first-boot-credentials.txt</code> next to the database; it
        works once.
      </p>
      <form method="post" action="/setup" class="stack">
        <FormError errors={p.errors} />
        <Field name="token" label="Setup token" value={v.token} autocomplete="off" required error={p.errors?.token} />
        <Field name="name" label="Your name" value={v.name} autocomplete="name" required maxlength={190} error={p.errors?.name} />
        <Field name="email" label="Email" type="email" value={v.email} autocomplete="username" required error={p.errors?.email} />
        <Field
          name="password" label="Password" type="password" autocomplete="new-password" required error={p.errors?.password}
          hint="At least 8 characters."
        />
        <button type="submit" class="btn btn-primary btn-block">Create owner account</button>
      </form>
    </section>
  );
}
