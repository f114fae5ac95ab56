import { Hono } from "hono";
import type { Ctx } from "../../context.js";
import { findContact } from "../../contacts/index.js";
import { readUnsubscribeToken, unsubscribeContact, type TrackingRef } from "../../email/index.js";
import { getWorkspace } from "../../workspaces/index.js";
import type { Env } from "../env.js";
import { sendPublicPage } from "./respond.js";
import { LinkInvalid, UnsubscribeConfirm, UnsubscribeDone } from "../../../views/email/public-page.js";

/** `jane@example.com` → `j•••@example.com`: whoever holds a forwarded email learns no full address. */
function maskEmail(email: string | null): string | null {
  if (!email) return null;
  const at = email.lastIndexOf("@");
  return at > 0 ? `${email[0]}•••${email.slice(at)}` : null;
}

function workspaceName(ctx: Ctx, ref: TrackingRef): string {
  try {
    return getWorkspace(ctx, ref.workspaceId).name;
  } catch {
    return "this sender";
  }
}

/**
 * `/u/:token`: GET shows a confirmation (link scanners fetch links, they do not submit forms); POST
 * unsubscribes, from that form or as RFC 8058 one-click (`List-Unsubscribe=One-Click` from the mail
 * client, no cookies). The token alone authorizes it, so no CSRF token applies.
 */
export function unsubscribeRoutes(ctx: Ctx): Hono<Env> {
  const app = new Hono<Env>();
  app.get("/:token", (c) => {
    const ref = readUnsubscribeToken(ctx, c.req.param("token"));
    if (!ref) return sendPublicPage(c, <LinkInvalid />, 404);
    const contact = findContact(ctx, ref.workspaceId, ref.contactId);
    const name = workspaceName(ctx, ref);
    if (contact?.unsubscribedFromEmails) return sendPublicPage(c, <UnsubscribeDone workspaceName={name} />);
    return sendPublicPage(c, <UnsubscribeConfirm workspaceName={name} email={maskEmail(contact?.email ?? null)} action={new URL(c.req.url).pathname} />);
  });
  app.post("/:token", async (c) => {
    const ref = readUnsubscribeToken(ctx, c.req.param("token"));
    if (!ref) return sendPublicPage(c, <LinkInvalid />, 404);
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    unsubscribeContact(ctx, ref, body["List-Unsubscribe"] === "One-Click" ? "one_click" : "page");
    return sendPublicPage(c, <UnsubscribeDone workspaceName={workspaceName(ctx, ref)} />);
  });
  return app;
}
