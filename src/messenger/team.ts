import type { Ctx } from "../context.js";
import { listOperators } from "../operators/queries.js";
import { teamOnline } from "./continuity.js";

/** The team as the widget shows it: who may answer (names for message authors, initials as avatars) and whether anyone is around. */
export interface WidgetTeam {
  /** Some teammate (not in away mode) has the inbox open: replies come in minutes. */
  online: boolean;
  /** Teammates by id (the widget names the author of each reply); never emails or roles. */
  operators: { id: string; name: string; away: boolean }[];
}

/** At most this many names are sent: the header shows three, and replies from others read "Team". */
const MAX_OPERATORS = 50;

/** Names and away flags of the team, for the widget header and reply authors. */
export function widgetTeam(ctx: Ctx, workspaceId: string): WidgetTeam {
  const ops = listOperators(ctx).slice(0, MAX_OPERATORS);
  return { online: teamOnline(ctx, workspaceId), operators: ops.map((o) => ({ id: String(o.id), name: o.name, away: o.awayMode })) };
}
