import type { Child } from "hono/jsx";

export type SettingsKey = "install" | "tokens" | "keys" | "teammates" | "audit" | "outbox";

const ITEMS: { key: SettingsKey; label: string; href: string; managersOnly: boolean }[] = [
  { key: "install", label: "Install", href: "/settings/install", managersOnly: false },
  { key: "tokens", label: "API tokens", href: "/settings/tokens", managersOnly: true },
  { key: "keys", label: "Keys & identity", href: "/settings/keys", managersOnly: true },
  { key: "teammates", label: "Teammates", href: "/settings/teammates", managersOnly: true },
  { key: "audit", label: "Audit log", href: "/settings/audit", managersOnly: true },
  { key: "outbox", label: "Outbox", href: "/settings/outbox", managersOnly: true },
];

/** Settings pages share a sub-navigation; agents only see what they may open. */
export function SettingsFrame(props: { active: SettingsKey; canManage: boolean; children?: Child }) {
  return (
    <div class="settings">
      <nav class="subnav" aria-label="Settings">
        <h2 class="subnav-title">Settings</h2>
        <ul>
          {ITEMS.filter((i) => props.canManage || !i.managersOnly).map((i) => (
            <li>
              <a href={i.href} aria-current={i.key === props.active ? "page" : undefined}>{i.label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="settings-body">{props.children}</div>
    </div>
  );
}
