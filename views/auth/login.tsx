import { Field, FormError, type FieldErrors } from "../components/form.js";

export interface LoginFormProps {
  email?: string | undefined;
  next?: string | undefined;
  errors?: FieldErrors | undefined;
  /** No operator exists yet: point to /setup instead. */
  needsSetup?: boolean;
}

/** The sign-in form (a plain POST: it must work before any script loads). */
export function LoginForm(p: LoginFormProps) {
  return (
    <section id="login">
      <h1>Sign in</h1>
      {p.needsSetup && (
        <p class="notice">
          Nobody can sign in yet. Open <a href="/setup">Setup</a> with the setup token from the first-boot credentials
          file to create the owner account.
        </p>
      )}
      <form method="post" action="/login" class="stack">
        <FormError errors={p.errors} />
        {p.next && <input type="hidden" name="next" value={p.next} />}
        <Field name="email" label="Email" type="email" value={p.email} autocomplete="username" required autofocus error={p.errors?.email} />
        <Field name="password" label="Password" type="password" autocomplete="current-password" required error={p.errors?.password} />
        <button type="submit" class="btn btn-primary btn-block">Sign in</button>
      </form>
    </section>
  );
}
