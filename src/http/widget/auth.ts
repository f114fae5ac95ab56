import type { Context, MiddlewareHandler } from "hono";
import { findContact } from "../../contacts/index.js";
import { AppError } from "../../lib/errors.js";
import { readSession } from "../../messenger/index.js";
import { getWorkspace } from "../../workspaces/index.js";
import type { Ctx } from "../../context.js";
import type { WidgetEnv } from "./env.js";

/**
 * Every messenger call after boot: the session token (Authorization: Bearer, or `?session=` for EventSource,
 * which cannot set headers) decides the workspace and the contact. Merge aliases are followed, so a visitor's
 * token keeps working after its lead was merged into a user.
 */
export function requireSession(ctx: Ctx): MiddlewareHandler<WidgetEnv> {
  return async (c, next) => {
    const session = readSession(ctx, bearer(c) ?? c.req.query("session"));
    const workspace = getWorkspace(ctx, session.workspaceId);
    const contact = findContact(ctx, workspace.id, session.contactId);
    if (!contact) throw new AppError("UNAUTHORIZED", "Messenger session names no contact; boot again", { field: "session" });
    c.set("session", session);
    c.set("workspace", workspace);
    c.set("contact", contact);
    await next();
  };
}

function bearer(c: Context): string | undefined {
  const h = c.req.header("authorization");
  return h?.startsWith("Bearer ") ? h.slice(7).trim() : undefined;
}
