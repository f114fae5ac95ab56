import type { Workspace } from "../../src/workspaces/index.js";
import { AuthFields, type FormAuth } from "../components/form.js";
import { PageHeader } from "../components/page-header.js";

export interface KeysProps {
  workspace: Workspace;
  auth: FormAuth;
  /** Show the identity secret in clear (after an explicit click). */
  revealed: boolean;
}

/** App id, Segment write key and identity verification of the current workspace. */
export function KeysSection(p: KeysProps) {
  return (
    <section id="keys">
      <PageHeader title="Keys & identity" lead={<>Keys of the <strong>{p.workspace.name}</strong> workspace.</>} />
      <div class="card">
        <h2>Public keys</h2>
        <p class="muted">These go into browser code, so they are not secret.</p>
        <dl class="kv">
          <dt>App id</dt>
          <dd class="copy-row"><code id="app-id">{p.workspace.idCode}</code><button type="button" class="btn btn-small" data-copy="app-id">Copy</button></dd>
          <dt>Segment write key</dt>
          <dd class="copy-row"><code id="write-key">{p.workspace.writeKey}</code><button type="button" class="btn btn-small" data-copy="write-key">Copy</button></dd>
        </dl>
      </div>
      <div class="card">
        <h2>Identity verification</h2>
        <p class="muted">
          Your server signs each signed-in user's id with this secret (<code>user_hash</code> = HMAC-SHA256 of{" "}
          <code>user_id</code>, or a JWT). Keep it on the server: anyone with it can impersonate your users.
        </p>
        <IdentitySecret workspace={p.workspace} revealed={p.revealed} />
        <EnforceForm workspace={p.workspace} auth={p.auth} />
      </div>
    </section>
  );
}

/** The secret, masked until the operator asks for it (each reveal is audited). */
export function IdentitySecret(p: { workspace: Workspace; revealed: boolean }) {
  if (p.revealed) {
    return (
      <div id="identity-secret" class="copy-row">
        <code id="identity-secret-value">{p.workspace.identitySecret}</code>
        <button type="button" class="btn btn-small" data-copy="identity-secret-value">Copy</button>
      </div>
    );
  }
  return (
    <div id="identity-secret" class="copy-row">
      <code aria-label="Hidden secret">••••••••••••••••</code>
      <a href="/settings/keys?reveal=1" class="btn btn-small" hx-get="/settings/keys/secret" hx-target="#identity-secret" hx-swap="outerHTML">
        Reveal secret
      </a>
    </div>
  );
}

/** The "enforce" switch: saves on change with htmx, with a Save button when scripts are off. */
export function EnforceForm(p: { workspace: Workspace; auth: FormAuth; saved?: boolean }) {
  const on = p.workspace.identityEnforced;
  return (
    <form id="identity-enforce" method="post" action="/settings/keys/enforce" class="switch-form"
      hx-post="/settings/keys/enforce" hx-trigger="change" hx-target="this" hx-swap="outerHTML">
      <AuthFields auth={p.auth} />
      <label class="switch">
        <input type="checkbox" role="switch" name="enforced" value="on" checked={on} />
        <span class="switch-track" aria-hidden="true"></span>
        <span>Enforce identity verification</span>
      </label>
      <p class="hint">
        {on
          ? "On: identified messenger users without a valid user_hash or JWT are refused. Visitors are unaffected."
          : "Off: user_hash is checked when sent, but users without one are still accepted."}
      </p>
      {p.saved && <p class="saved" role="status">Saved.</p>}
      <noscript><button type="submit" class="btn btn-small">Save</button></noscript>
    </form>
  );
}
