import type { ApiToken, Workspace } from "../../src/workspaces/index.js";
import { EmptyState } from "../components/empty-state.js";
import { AuthFields, Field, FormError, type FieldErrors, type FormAuth } from "../components/form.js";
import { PageHeader } from "../components/page-header.js";
import { Time } from "../components/time.js";

export interface TokensProps {
  workspace: Workspace;
  publicUrl: string;
  tokens: ApiToken[];
  auth: FormAuth;
  /** The token just created: shown in this response only. */
  created?: { token: string; name: string } | undefined;
  values?: { name?: string | undefined };
  errors?: FieldErrors | undefined;
}

const swap = { "hx-target": "#tokens", "hx-swap": "outerHTML" };

/** API tokens of the current workspace: create (shown once), list, revoke. Also the htmx fragment. */
export function TokensSection(p: TokensProps) {
  return (
    <section id="tokens">
      <PageHeader
        title="API tokens"
        lead={<>Tokens authenticate the Intercom-compatible REST API at <code>{`${p.publicUrl}/api`}</code> for the <strong>{p.workspace.name}</strong> workspace.</>}
      />
      {p.created && (
        <div class="secret-once" role="status">
          <p><strong>Copy the token “{p.created.name}” now.</strong> Parley keeps only a hash: it will not be shown again.</p>
          <div class="copy-row">
            <code id="new-token" class="token-value">{p.created.token}</code>
            <button type="button" class="btn btn-small" data-copy="new-token">Copy</button>
          </div>
        </div>
      )}
      <form method="post" action="/settings/tokens" class="inline-form card" hx-post="/settings/tokens" {...swap}>
        <AuthFields auth={p.auth} />
        <FormError errors={p.errors} />
        <Field name="name" label="New token name" value={p.values?.name} placeholder="e.g. Backend sync" maxlength={80} required error={p.errors?.name} />
        <button type="submit" class="btn btn-primary">Create token</button>
      </form>
      {p.tokens.length === 0 ? (
        <EmptyState title="No API tokens yet">
          Create one above, then pass it as <code>token</code> to intercom-client (see <a href="/settings/install">Install</a>).
        </EmptyState>
      ) : (
        <TokenTable tokens={p.tokens} auth={p.auth} />
      )}
    </section>
  );
}


function TokenTable(p: { tokens: ApiToken[]; auth: FormAuth }) {
  return (
    <div class="table-wrap">
      <table class="table">
        <thead>
          <tr><th scope="col">Name</th><th scope="col">Token</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col"><span class="sr-only">Status</span></th></tr>
        </thead>
        <tbody>
          {p.tokens.map((t) => (
            <tr class={t.revokedAt ? "is-revoked" : undefined}>
              <td>{t.name}</td>
              <td><code>{`${t.prefix}…`}</code></td>
              <td><Time ms={t.createdAt} /></td>
              <td><Time ms={t.lastUsedAt} /></td>
              <td class="actions">
                {t.revokedAt ? (
                  <span class="badge">Revoked</span>
                ) : (
                  <form method="post" action={`/settings/tokens/${t.id}/revoke`} hx-post={`/settings/tokens/${t.id}/revoke`} {...swap}
                    hx-confirm={`Revoke “${t.name}”? Anything using it stops working at once.`}>
                    <AuthFields auth={p.auth} />
                    <button type="submit" class="btn btn-danger btn-small">Revoke</button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
