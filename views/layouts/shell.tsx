import type { Child } from "hono/jsx";
import type { OperatorRole } from "../../src/operators/create.js";
import type { Workspace } from "../../src/workspaces/index.js";
import { FlashRegion, type FlashMessage } from "../components/flash.js";
import { AuthFields, capitalize } from "../components/form.js";
import { Document } from "./document.js";
import { NAV, type NavKey } from "./nav.js";

/** Everything the signed-in chrome needs, gathered once per request. */
export interface ShellData {
  operator: { id: number; name: string; email: string; role: OperatorRole };
  workspace: Workspace;
  workspaces: Workspace[];
  csrf: string;
  /** Current path, so switching workspace returns to the same page. */
  path: string;
}

export interface ShellProps extends ShellData {
  title: string;
  active: NavKey;
  flash?: FlashMessage | undefined;
  children?: Child;
}

/** The signed-in admin page: sidebar (switcher, nav, account) and the main column. */
export function Shell(p: ShellProps) {
  const headers = JSON.stringify({ "X-CSRF-Token": p.csrf, "X-Parley-Workspace": p.workspace.id });
  return (
    <Document title={p.title} hxHeaders={headers} bodyClass={p.workspace.environment === "test" ? "env-test" : undefined}>
      <a class="skip-link" href="#main">Skip to content</a>
      <div class="app">
        <Sidebar {...p} />
        <div class="main-col">
          {p.workspace.environment === "test" && (
            <div class="env-banner" role="note">
              You are in the <strong>test workspace</strong>: its contacts, events and keys are separate from production.
            </div>
          )}
          <FlashRegion flash={p.flash} />
          <main id="main" tabindex={-1}>{p.children}</main>
        </div>
      </div>
    </Document>
  );
}

function Sidebar(p: ShellProps) {
  return (
    <aside class="sidebar">
      <a class="brand" href="/" aria-label="Parley home">
        <span class="brand-mark" aria-hidden="true">P</span> Parley
      </a>
      <WorkspaceSwitcher {...p} />
      <nav class="main-nav" aria-label="Main">
        <ul>
          {NAV.map((item) => (
            <li>
              {item.ready ? (
                <a href={item.href} class="nav-item" aria-current={item.key === p.active ? "page" : undefined}>{item.label}</a>
              ) : (
                <span class="nav-item is-soon" aria-disabled="true" title="Coming soon">{item.label} <small>Soon</small></span>
              )}
            </li>
          ))}
        </ul>
      </nav>
      <div class="account">
        <div class="account-who">
          <strong>{p.operator.name}</strong>
          <span class="muted">{capitalize(p.operator.role)}</span>
        </div>
        <form method="post" action="/logout">
          <AuthFields auth={{ csrf: p.csrf, ws: p.workspace.id }} />
          <button type="submit" class="btn btn-ghost btn-small">Sign out</button>
        </form>
      </div>
    </aside>
  );
}

/** Production / test picker; a plain form so it works before scripts load. */
function WorkspaceSwitcher(p: ShellData) {
  return (
    <details class="switcher">
      <summary>
        <span class="switcher-name">{p.workspace.name}</span>
        <span class={`env-badge env-${p.workspace.environment}`}>{capitalize(p.workspace.environment)}</span>
      </summary>
      <form method="post" action="/workspace" class="switcher-menu">
        <input type="hidden" name="_csrf" value={p.csrf} />
        <input type="hidden" name="next" value={p.path} />
        {p.workspaces.map((ws) => (
          <button type="submit" name="ws" value={ws.id} class="switcher-option" aria-current={ws.id === p.workspace.id ? "true" : undefined}>
            <span>{ws.name}</span>
            <span class={`env-badge env-${ws.environment}`}>{capitalize(ws.environment)}</span>
          </button>
        ))}
      </form>
    </details>
  );
}
