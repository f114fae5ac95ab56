import type { Ctx } from "../context.js";
import { readSetting } from "../workspaces/settings.js";

/** How the messenger looks on the host page; boot settings (`action_color`, `alignment`…) override it there. */
export interface MessengerAppearance {
  actionColor: string;
  backgroundColor: string;
  alignment: "left" | "right";
  horizontalPadding: number;
  verticalPadding: number;
  /** Shown at the top of the panel. */
  teamName: string;
}

/** The workspace setting (scope = workspace id) an operator edits; absent keys fall back to the defaults. */
export const APPEARANCE_KEY = "messenger.appearance";

const DEFAULTS: MessengerAppearance = {
  actionColor: "#2563eb", backgroundColor: "#1e3a8a", alignment: "right", horizontalPadding: 20, verticalPadding: 20, teamName: "",
};

const COLOR = /^#[0-9a-fA-F]{3,8}$/;

/** The workspace's messenger appearance, each stored value checked (it ends up in the host page's CSS). */
export function messengerAppearance(ctx: Ctx, workspaceId: string, workspaceName: string): MessengerAppearance {
  const raw = readSetting(ctx, workspaceId, APPEARANCE_KEY);
  const s = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const color = (v: unknown, d: string) => (typeof v === "string" && COLOR.test(v) ? v : d);
  const pad = (v: unknown, d: number) => (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 200 ? v : d);
  return {
    actionColor: color(s.actionColor, DEFAULTS.actionColor),
    backgroundColor: color(s.backgroundColor, DEFAULTS.backgroundColor),
    alignment: s.alignment === "left" ? "left" : "right",
    horizontalPadding: pad(s.horizontalPadding, DEFAULTS.horizontalPadding),
    verticalPadding: pad(s.verticalPadding, DEFAULTS.verticalPadding),
    teamName: typeof s.teamName === "string" && s.teamName.length <= 80 ? s.teamName : workspaceName.replace(/ \[test\]$/, ""),
  };
}
