import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { can } from "../../../operators/roles.js";
import { SettingsFrame, type SettingsKey } from "../../../../views/settings/frame.js";
import type { AdminEnv } from "../env.js";
import { page } from "../render.js";

/** A settings page: the section as the htmx fragment, inside the settings sub-navigation as a page. */
export function settingsPage(c: Context<AdminEnv>, active: SettingsKey, title: string, fragment: Child, status: 200 | 403 | 409 | 422 = 200) {
  const canManage = can(c.var.operator!.role, "manage_settings");
  return page(c, {
    title, active: "settings", fragment, status,
    frame: (f) => <SettingsFrame active={active} canManage={canManage}>{f}</SettingsFrame>,
  });
}
