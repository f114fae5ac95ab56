import type { Context } from "hono";
import { findContact, findContactByEmail, findContactByExternalId, type Contact } from "../../../contacts/index.js";
import type { Ctx } from "../../../context.js";
import { AppError, invalid } from "../../../lib/errors.js";
import { recordAudit, type AuditAction } from "../../../operators/audit.js";
import { getMessage, type MessageWithVariants } from "../../../outbound/index.js";
import { listSegments } from "../../../segments/index.js";
import { setFlash } from "../cookies.js";
import type { AdminEnv } from "../env.js";
import { isHtmx } from "../render.js";

/** The message named by the path, in the current workspace (404 otherwise). */
export function pathMessage(c: Context<AdminEnv>, ctx: Ctx): MessageWithVariants {
  return getMessage(ctx, c.var.workspace.id, c.req.param("id") ?? "");
}

/** A contact by contact id, email or user id (what an operator types), or undefined. */
export function findContactByAny(ctx: Ctx, workspaceId: string, text: string): Contact | undefined {
  const q = text.trim();
  if (!q) return undefined;
  return findContact(ctx, workspaceId, q) ?? (q.includes("@") ? findContactByEmail(ctx, workspaceId, q) : undefined) ?? findContactByExternalId(ctx, workspaceId, q);
}

/** Like findContactByAny, but a VALIDATION error naming `field` when nobody matches. */
export function resolveContact(ctx: Ctx, workspaceId: string, text: string, field: string): Contact {
  const c = findContactByAny(ctx, workspaceId, text);
  if (!c) throw invalid(field, `No contact with the email, user ID or contact ID “${text.trim().slice(0, 100)}”.`);
  return c;
}

/** Segments as picker options. */
export function segmentOptions(ctx: Ctx, workspaceId: string): { id: string; name: string }[] {
  return listSegments(ctx, workspaceId).map((s) => ({ id: s.id, name: s.name }));
}

/** Appends an audit row for an operator's action on a message. */
export function auditMessage(c: Context<AdminEnv>, ctx: Ctx, action: AuditAction, m: { id: string; name: string }, details: Record<string, unknown> = {}): void {
  recordAudit(ctx, { operatorId: c.var.operator!.id, workspaceId: c.var.workspace.id, action, target: m.id, details: { name: m.name, ...details } });
}

/** The form body with repeated fields kept as lists (multi-selects). */
export async function readBody(c: Context<AdminEnv>): Promise<Record<string, string | string[]>> {
  const body = await c.req.parseBody({ all: true });
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === "string") out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === "string");
  }
  return out;
}

/** Maps a domain field path (`variants[1].subject`, `audience.filter…`) to the form's input name. */
export function formField(path: string | undefined, labels: readonly string[]): string {
  if (!path) return "_form";
  const v = /^variants\[(\d+)\]\.(\w+)/.exec(path);
  if (v) {
    const label = labels[Number(v[1])] ?? "A";
    const key = v[2] === "bodyFormat" ? "format" : v[2] === "content" ? "replies" : v[2]!;
    return `v${label}_${key}`;
  }
  if (path.startsWith("audience.filter")) return "aud_filter";
  if (path.startsWith("audience.contactId")) return "aud_contact";
  if (path.startsWith("audience.percent")) return "aud_percent";
  if (path.startsWith("audience")) return "aud";
  const top: Record<string, string> = {
    name: "name", controlPercent: "controlPercent", sendRate: "sendRate", scheduledAt: "scheduledAt", expiresAt: "expiresAt",
    priority: "priority", trigger: "trigger", goal: "goal", deliveryWindow: "window", sender: "sender", frequency: "freq", display: "display",
    abMetric: "abMetric",
  };
  return top[path.split(/[.[]/)[0]!] ?? "_form";
}

/** A domain refusal the operator can fix in the form, as `{ field: message }`; undefined for anything else. */
export function formErrors(err: unknown, labels: readonly string[]): Record<string, string> | undefined {
  if (!(err instanceof AppError) || !["VALIDATION", "CONFLICT", "PRECONDITION_FAILED"].includes(err.code)) return undefined;
  return { [formField(err.field, labels)]: err.message };
}

/** After an action: a flash, then htmx follows HX-Redirect and a plain form gets a 303 (a reload never re-posts). */
export function go(c: Context<AdminEnv>, to: string, kind: "success" | "error", text: string): Response {
  setFlash(c, kind, text);
  if (isHtmx(c)) {
    c.header("HX-Redirect", to);
    return c.body(null, 200);
  }
  return c.redirect(to, 303);
}
