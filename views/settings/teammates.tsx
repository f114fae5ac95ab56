import type { OperatorRole } from "../../src/operators/create.js";
import type { Invite } from "../../src/operators/invites.js";
import { AuthFields, capitalize, Field, FormError, SelectField, type FieldErrors, type FormAuth } from "../components/form.js";
import { PageHeader } from "../components/page-header.js";
import { Time } from "../components/time.js";

export interface Teammate {
  id: number;
  name: string;
  email: string;
  role: OperatorRole;
  createdAt: number;
}

/** What happened to the invite email: sent over SMTP, kept in the outbox (no SMTP), or refused/failed. */
export type InviteEmailOutcome = { via: "smtp" | "outbox" } | { via: "failed"; error: string };

export interface TeammatesProps {
  me: Teammate;
  teammates: Teammate[];
  invites: Invite[];
  /** Roles the viewer may give; empty means read-only. */
  assignable: OperatorRole[];
  auth: FormAuth;
  /** The link of the invite just created: shown in this response only. */
  inviteLink?: { url: string; email: string; emailed?: InviteEmailOutcome | undefined } | undefined;
  /** True when SMTP is configured: invites then go out by email (otherwise they wait in the outbox). */
  emailConfigured?: boolean | undefined;
  values?: { email?: string | undefined; role?: string | undefined };
  errors?: FieldErrors | undefined;
}

const swap = { "hx-target": "#teammates", "hx-swap": "outerHTML" };

/** Teammates, their roles, and invitations by link. Also the htmx fragment. */
export function TeammatesSection(p: TeammatesProps) {
  return (
    <section id="teammates">
      <PageHeader title="Teammates" lead="Everyone here can sign in to all workspaces. Owners and admins manage settings; agents work with contacts and conversations." />
      <FormError errors={p.errors} />
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Joined</th></tr>
          </thead>
          <tbody>
            {p.teammates.map((t) => (
              <tr>
                <td>{t.name}{t.id === p.me.id && <span class="muted"> (you)</span>}</td>
                <td>{t.email}</td>
                <td><RoleCell teammate={t} {...p} /></td>
                <td><Time ms={t.createdAt} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <InviteBlock {...p} />
    </section>
  );
}

function RoleCell(p: TeammatesProps & { teammate: Teammate }) {
  const t = p.teammate;
  const editable = t.id !== p.me.id && p.assignable.length > 0 && (t.role !== "owner" || p.me.role === "owner");
  if (!editable) return <span class={`role role-${t.role}`}>{capitalize(t.role)}</span>;
  return (
    <form method="post" action={`/settings/teammates/${t.id}/role`} class="role-form" hx-post={`/settings/teammates/${t.id}/role`} {...swap}>
      <AuthFields auth={p.auth} />
      <label class="sr-only" for={`role-${t.id}`}>{`Role of ${t.name}`}</label>
      <select id={`role-${t.id}`} name="role">
        {p.assignable.map((r) => <option value={r} selected={r === t.role}>{capitalize(r)}</option>)}
      </select>
      <button type="submit" class="btn btn-small">Change</button>
    </form>
  );
}

function InviteBlock(p: TeammatesProps) {
  if (p.assignable.length === 0) return null;
  return (
    <div class="card">
      <h2>Invite a teammate</h2>
      {p.inviteLink && (
        <div class="secret-once" role="status">
          <InviteSent link={p.inviteLink} />
          <div class="copy-row">
            <code id="invite-link" class="token-value">{p.inviteLink.url}</code>
            <button type="button" class="btn btn-small" data-copy="invite-link">Copy</button>
          </div>
        </div>
      )}
      <form method="post" action="/settings/teammates/invites" class="inline-form" hx-post="/settings/teammates/invites" {...swap}>
        <AuthFields auth={p.auth} />
        <Field name="email" label="Email" type="email" value={p.values?.email} required error={p.errors?.email} />
        <SelectField name="role" label="Role" options={p.assignable} value={p.values?.role ?? "agent"} error={p.errors?.role} />
        <button type="submit" class="btn btn-primary">{p.emailConfigured ? "Send invite" : "Create invite link"}</button>
      </form>
      {p.invites.length > 0 && (
        <>
          <h3>Pending invites</h3>
          <ul class="plain-list">
            {p.invites.map((i) => (
              <li class="list-row">
                <span>{i.email} · {capitalize(i.role)} · expires <Time ms={i.expiresAt} /></span>
                <form method="post" action={`/settings/teammates/invites/${i.id}/revoke`} hx-post={`/settings/teammates/invites/${i.id}/revoke`} {...swap}>
                  <AuthFields auth={p.auth} />
                  <button type="submit" class="btn btn-ghost btn-small">Withdraw</button>
                </form>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** Says whether the invite went out by email, then shows the link once either way. */
function InviteSent(props: { link: NonNullable<TeammatesProps["inviteLink"]> }) {
  const { link } = props;
  const once = " It works once, for 7 days, and is not shown again.";
  if (link.emailed?.via === "smtp") return <p id="invite-outcome"><strong>Invite emailed to {link.email}.</strong> You can also share the link yourself.{once}</p>;
  if (link.emailed?.via === "outbox") {
    return <p id="invite-outcome"><strong>Send this link to {link.email}.</strong> Email is not set up (no SMTP), so the invite email waits in the <a href="/settings/outbox">outbox</a>.{once}</p>;
  }
  if (link.emailed?.via === "failed") {
    return <p id="invite-outcome"><strong>The invite email to {link.email} could not be sent ({link.emailed.error}).</strong> Send this link yourself.{once}</p>;
  }
  return <p id="invite-outcome"><strong>Send this link to {link.email}.</strong>{once}</p>;
}
