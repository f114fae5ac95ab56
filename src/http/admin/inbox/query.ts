import type { Context } from "hono";
import type { InboxView } from "../../../conversations/index.js";
import type { InboxQuery } from "../../../../views/inbox/list-url.js";
import type { AdminEnv } from "../env.js";

const STATES = new Set(["open", "snoozed", "closed"]);

/** Reads one value from the query string, else from a posted form (actions carry the list state along). */
async function value(c: Context<AdminEnv>, name: string): Promise<string | undefined> {
  const fromQuery = c.req.query(name);
  if (fromQuery !== undefined) return fromQuery;
  if (c.req.method !== "POST") return undefined;
  const v = (await c.req.parseBody())[name];
  return typeof v === "string" ? v : undefined;
}

/** The list state of a request: `v` view, `s` state tab, `q` search text, `c` open conversation. */
export async function readQuery(c: Context<AdminEnv>, open?: number): Promise<InboxQuery> {
  const view = (await value(c, "v")) ?? "mine";
  const state = (await value(c, "s")) ?? "open";
  const openId = open ?? Number((await value(c, "c")) ?? NaN);
  return {
    view: view === "all" || view === "unassigned" || /^op-\d{1,9}$/.test(view) ? view : "mine",
    state: STATES.has(state) ? (state as InboxQuery["state"]) : "open",
    q: ((await value(c, "q")) ?? "").slice(0, 200),
    open: Number.isSafeInteger(openId) && openId > 0 ? openId : undefined,
  };
}

/** The domain's inbox view for a list state, as seen by `operatorId`. */
export function inboxView(q: InboxQuery, operatorId: number): InboxView {
  if (q.view === "all") return { kind: "all" };
  if (q.view === "unassigned") return { kind: "unassigned" };
  if (q.view.startsWith("op-")) return { kind: "teammate", operatorId: Number(q.view.slice(3)) };
  return { kind: "mine", operatorId };
}

/** The acting operator, as the conversations domain names it. */
export function operatorActor(c: Context<AdminEnv>): { type: "operator"; operatorId: number } {
  return { type: "operator", operatorId: c.var.operator!.id };
}
