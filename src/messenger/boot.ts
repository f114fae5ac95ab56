import type { Ctx } from "../context.js";
import { findContactByAlias, findContactByExternalId, type Contact } from "../contacts/index.js";
import { ingestMessages, type IngestResult } from "../ingest/index.js";
import { AppError, invalid } from "../lib/errors.js";
import type { Workspace } from "../workspaces/index.js";
import { verifyIdentity, type VerifiedIdentity } from "./identity.js";
import { customAttributes, type BootInput, type UpdateInput } from "./inputs.js";

/** Request facts the HTTP edge adds to a boot or update. */
export interface Visit {
  ip?: string | undefined;
  userAgent?: string | undefined;
}

export interface BootResult {
  contact: Contact;
  identity: VerifiedIdentity;
}

const LIBRARY = { name: "parley-messenger", version: "1" };

/**
 * Boots the messenger: verifies the identity (refusing unverified users when the workspace enforces it),
 * then identifies the contact through the ingest pipeline (visitor → lead behind the visitor id; user_id →
 * user, the visitor's lead merged into it with its conversations), records the page view and returns the contact.
 */
export async function bootMessenger(ctx: Ctx, ws: Workspace, input: BootInput, visit: Visit): Promise<BootResult> {
  const identity = verifyIdentity(
    ws,
    { userId: input.user_id, email: input.email || undefined, userHash: input.user_hash, jwt: input.intercom_user_jwt },
    ctx.clock.now(),
  );
  if (ws.identityEnforced && !identity.userId && !identity.email) refuseVisitorOfUser(ctx, ws.id, input.anonymous_id);
  const ids = { userId: identity.userId, anonymousId: input.anonymous_id };
  const traits = { ...traitsOf(input), ...identity.signedAttributes, ...(identity.email ? { email: identity.email } : {}) };
  await ingestOne(ctx, ws.id, { type: "identify", ...ids, traits, context: contextOf(input, visit) });
  await ingestOne(ctx, ws.id, pageMessage(ids, input, visit));
  const contact = identity.userId ? findContactByExternalId(ctx, ws.id, identity.userId) : findContactByAlias(ctx, ws.id, input.anonymous_id);
  if (!contact) throw new AppError("CONFLICT", "The contact could not be resolved after boot; boot again");
  return { contact, identity };
}

/**
 * A visitor id that a verified user booted with earlier (the page never called `shutdown` on logout) would
 * hand that user's conversations to whoever uses the browser next; under enforcement the widget must start
 * over with a fresh visitor id instead.
 */
function refuseVisitorOfUser(ctx: Ctx, workspaceId: string, visitorId: string): void {
  if (findContactByAlias(ctx, workspaceId, visitorId)?.role === "user") {
    throw new AppError("UNAUTHORIZED", "This visitor id belongs to an identified user: boot with the user's identity, or start over with a new visitor id", { field: "anonymous_id" });
  }
}

/** Last "page only" update per contact: Intercom rate-limits `update` pings, and so do we. */
const lastPing = new Map<string, number>();
export const PING_INTERVAL_MS = 10_000;

/**
 * `Intercom('update', attrs)`: applies attributes and records a page view for the session's contact. A bare
 * ping (no attributes) within PING_INTERVAL_MS of the previous one is skipped; returns whether it was written.
 * Identity keys are not accepted here: the widget boots again when user_id or email change.
 */
export async function updateMessenger(ctx: Ctx, ws: Workspace, contact: Contact, visitorId: string, input: UpdateInput, visit: Visit): Promise<boolean> {
  const traits = traitsOf(input);
  delete traits.email;
  const now = ctx.clock.now();
  if (Object.keys(traits).length === 0) {
    const prev = lastPing.get(contact.id);
    if (prev !== undefined && now - prev < PING_INTERVAL_MS) return false;
  }
  lastPing.set(contact.id, now);
  if (lastPing.size > 100_000) lastPing.clear();
  const ids = { userId: contact.externalId ?? undefined, anonymousId: visitorId };
  if (Object.keys(traits).length > 0) await ingestOne(ctx, ws.id, { type: "identify", ...ids, traits, context: contextOf(input, visit) });
  await ingestOne(ctx, ws.id, pageMessage(ids, input, visit));
  return true;
}

/** Boot settings → Segment identify traits (the ingest pipeline maps those onto the contact). */
function traitsOf(input: BootInput | UpdateInput): Record<string, unknown> {
  const t: Record<string, unknown> = customAttributes(input);
  const set = (k: string, v: unknown) => v !== undefined && (t[k] = v);
  set("email", input.email || undefined);
  set("name", input.name);
  set("phone", input.phone);
  set("createdAt", input.created_at ?? input.signed_up_at);
  set("avatar", input.avatar === null ? null : input.avatar?.image_url);
  set("unsubscribedFromEmails", input.unsubscribed_from_emails);
  if (input.company) set("company", companyTraits(input.company));
  if (input.companies) set("companies", input.companies.map(companyTraits));
  return t;
}

function companyTraits(c: Record<string, unknown>): Record<string, unknown> {
  const { company_id, ...rest } = c;
  return { ...rest, id: rest.id ?? company_id };
}

function contextOf(input: BootInput | UpdateInput, visit: Visit): Record<string, unknown> {
  const utm: Record<string, unknown> = {};
  for (const k of ["source", "medium", "campaign", "term", "content"]) {
    const v = input[`utm_${k}`];
    if (typeof v === "string") utm[k === "campaign" ? "name" : k] = v.slice(0, 255);
  }
  return {
    ip: visit.ip, userAgent: visit.userAgent?.slice(0, 1024), library: LIBRARY, page: input.page ?? undefined,
    ...(Object.keys(utm).length > 0 ? { campaign: utm } : {}),
  };
}

function pageMessage(ids: { userId?: string | undefined; anonymousId: string }, input: BootInput | UpdateInput, visit: Visit) {
  return { type: "page", ...ids, properties: { ...(input.page ?? {}) }, context: contextOf(input, visit) };
}

/** Runs one message through ingest; a dropped one becomes a 400 naming the field in widget terms. */
async function ingestOne(ctx: Ctx, workspaceId: string, msg: Record<string, unknown>): Promise<IngestResult> {
  const res = await ingestMessages(ctx, workspaceId, [msg], { receivedAt: ctx.clock.now() });
  const drop = res.dropped[0];
  if (drop) {
    const field = drop.field.replace(/^traits\./, "").replace(/^context\.page\./, "page.");
    throw invalid(field, drop.message.replace(/traits\./g, ""));
  }
  return res;
}
