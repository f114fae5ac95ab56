import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { BareLayout } from "../../../views/layouts/bare.js";
import type { NavKey } from "../../../views/layouts/nav.js";
import { Shell, type ShellData } from "../../../views/layouts/shell.js";
import { FlashRegion, type FlashKind } from "../../../views/components/flash.js";
import type { FormAuth } from "../../../views/components/form.js";
import { takeFlash } from "./cookies.js";
import type { AdminEnv } from "./env.js";

/**
 * Admin pages hold secrets and must never run inside someone else's frame or load outside code.
 * Inline styles stay allowed (style attributes are handy in views); inline scripts do not.
 */
const SECURITY_HEADERS: Record<string, string> = {
  "Content-Security-Policy":
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "same-origin",
  "Cache-Control": "no-store",
  Vary: "HX-Request",
};

type Status = 200 | 400 | 401 | 403 | 404 | 409 | 412 | 422 | 429 | 500;

/** True for an htmx swap request, which gets a fragment; boosted and history-restore requests want whole pages. */
export function isHtmx(c: Context): boolean {
  return c.req.header("hx-request") === "true" && !c.req.header("hx-boosted") && !c.req.header("hx-history-restore-request");
}

/** Sends admin HTML with the security headers. */
export function sendHtml(c: Context, node: Child, status: Status = 200): Response | Promise<Response> {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.header(k, v);
  return c.html(<>{node}</>, status);
}

/** Shows `text` in #flash of this response (full page or htmx fragment). */
export function notice(c: Context<AdminEnv>, kind: FlashKind, text: string): void {
  c.set("flash", { kind, text });
}

/** Chrome data of a signed-in request (set by the admin guards). */
export function shellData(c: Context<AdminEnv>): ShellData {
  const op = c.var.operator!;
  return {
    operator: { id: op.id, name: op.name, email: op.email, role: op.role },
    workspace: c.var.workspace,
    workspaces: c.var.workspaces,
    csrf: c.var.session!.csrfToken,
    path: new URL(c.req.url).pathname,
  };
}

/** CSRF token and workspace id for the forms of a signed-in page. */
export function formAuth(c: Context<AdminEnv>): FormAuth {
  return { csrf: c.var.session!.csrfToken, ws: c.var.workspace.id };
}

export interface PageOptions {
  title: string;
  active: NavKey;
  /** The part htmx swaps; a full page renders the same component inside the shell. */
  fragment: Child;
  /** Optional chrome between the shell and the fragment (e.g. the settings sub-navigation). */
  frame?: (fragment: Child) => Child;
  status?: Status;
}

/**
 * The one place that decides what a signed-in route sends: the fragment for htmx (plus an
 * out-of-band #flash so stale messages clear), otherwise the full page around the same fragment.
 */
export function page(c: Context<AdminEnv>, o: PageOptions): Response | Promise<Response> {
  if (isHtmx(c)) {
    return sendHtml(c, <>{o.fragment}<FlashRegion flash={c.var.flash} oob /></>, o.status);
  }
  const body = o.frame ? o.frame(o.fragment) : o.fragment;
  const flash = c.var.flash ?? takeFlash(c);
  return sendHtml(c, <Shell {...shellData(c)} title={o.title} active={o.active} flash={flash}>{body}</Shell>, o.status);
}

/** A signed-out page (sign-in, setup, invite) in the centred card layout. */
export function barePage(c: Context<AdminEnv>, title: string, body: Child, status: Status = 200): Response | Promise<Response> {
  return sendHtml(c, <BareLayout title={title} flash={c.var.flash ?? takeFlash(c)}>{body}</BareLayout>, status);
}
